/** Objects the fake Discord API stores and returns. */

export interface ReceivedMessage {
  /** Snowflake id the fake assigned. */
  id: string;
  channel: string;
  /** The JSON body as received (after an edit: merged with the edit). */
  body: Record<string, unknown>;
  receivedAt: number;
}

export const FAKE_BOT_USER = { id: '1100000000000000001', username: 'hookbridge', discriminator: '0', bot: true };

const DISCORD_EPOCH = 1420070400000n;

/** Returns a generator of increasing, realistic snowflake ids. */
export function createSnowflakes(): () => string {
  let sequence = 0n;
  let last = 0n;
  return () => {
    let id = ((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (sequence++ & 0xfffn);
    if (id <= last) id = last + 1n;
    last = id;
    return id.toString();
  };
}

/** A message object shaped like Discord's answer to create/edit message. */
export function discordMessage(
  id: string,
  channel: string,
  body: Record<string, unknown>,
  createdAt: number,
  editedAt: number | null = null,
): Record<string, unknown> {
  return {
    id,
    type: 0,
    channel_id: channel,
    author: FAKE_BOT_USER,
    content: typeof body.content === 'string' ? body.content : '',
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    timestamp: new Date(createdAt).toISOString(),
    edited_timestamp: editedAt === null ? null : new Date(editedAt).toISOString(),
    ...(body.nonce === undefined ? {} : { nonce: body.nonce }),
  };
}
