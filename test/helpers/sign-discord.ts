import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface DiscordTestKeys {
  privateKey: KeyObject;
  /** 64 hex characters, as DISCORD_PUBLIC_KEY. */
  publicKeyHex: string;
}

/** A fresh Ed25519 key pair; the public key in the portal's hex form. */
export function makeDiscordKeys(): DiscordTestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString('hex') };
}

/** Headers Discord sends: Ed25519 signature (hex) over timestamp + body. */
export function discordHeaders(privateKey: KeyObject, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const ts = String(timestamp);
  return {
    'content-type': 'application/json',
    'x-signature-timestamp': ts,
    'x-signature-ed25519': sign(null, Buffer.from(ts + body), privateKey).toString('hex'),
  };
}

export interface CommandInteractionOptions {
  name: string;
  subcommand?: string;
  options?: Record<string, string | number>;
  guildId?: string | null;
  channelId?: string;
  channelName?: string;
  /** Member permission bitfield (decimal string); default Manage Channels. */
  permissions?: string;
  userId?: string;
}

const STRING = 3;
const INTEGER = 4;

/** An APPLICATION_COMMAND interaction as Discord sends it (guild member or DM user). */
export function commandInteraction(o: CommandInteractionOptions): Record<string, unknown> {
  const values = Object.entries(o.options ?? {}).map(([name, value]) => ({ name, type: typeof value === 'number' ? INTEGER : STRING, value }));
  const options = o.subcommand ? [{ name: o.subcommand, type: 1, options: values }] : values;
  const guildId = o.guildId === undefined ? '1001' : o.guildId;
  const user = { id: o.userId ?? '4001', username: 'alice', discriminator: '0', global_name: 'Alice' };
  return {
    id: '9001',
    application_id: '123456789012345678',
    type: 2,
    token: 'interaction-token',
    version: 1,
    channel_id: o.channelId ?? '111',
    channel: { id: o.channelId ?? '111', name: o.channelName ?? 'general', type: 0 },
    ...(guildId === null ? { user } : { guild_id: guildId, member: { user, permissions: o.permissions ?? String(1 << 4), roles: [] } }),
    data: { id: '7001', name: o.name, type: 1, options },
  };
}

/** POSTs a signed interaction to `<baseUrl>/discord/interactions`. */
export function postInteraction(baseUrl: string, privateKey: KeyObject, interaction: unknown, timestamp?: number): Promise<Response> {
  const body = JSON.stringify(interaction);
  return fetch(`${baseUrl}/discord/interactions`, { method: 'POST', headers: discordHeaders(privateKey, body, timestamp), body });
}
