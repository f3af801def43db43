import { isSnowflake } from './snowflake.ts';
import {
  executeCommand,
  parseDiscordCommand,
  type CommandContext,
  type CommandDeps,
  type DiscordOptionValue,
} from '../../commands/index.ts';
import { HttpError } from '../../http/http-error.ts';
import type { Logger } from '../../logging/logger.ts';

/** Discord's limit on message content. */
export const DISCORD_CONTENT_LIMIT = 2000;
const EPHEMERAL = 64;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const ADMINISTRATOR = 1n << 3n;
const MANAGE_CHANNELS = 1n << 4n;

export interface DiscordCommandDeps extends Pick<CommandDeps, 'store' | 'hooks' | 'uptime'> {
  logger: Logger;
  now?: () => Date;
}

export interface DiscordReply {
  type: typeof CHANNEL_MESSAGE_WITH_SOURCE;
  data: { content: string; flags: typeof EPHEMERAL; allowed_mentions: { parse: [] } };
}

interface CommandOption {
  name: string;
  type: number;
  value?: unknown;
  options?: CommandOption[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** An ephemeral reply (type 4, flags 64) that can never ping anyone, cut to Discord's 2000 characters. */
export function ephemeralReply(content: string): DiscordReply {
  const text = content.length > DISCORD_CONTENT_LIMIT ? `${content.slice(0, DISCORD_CONTENT_LIMIT - 1)}…` : content;
  return { type: CHANNEL_MESSAGE_WITH_SOURCE, data: { content: text, flags: EPHEMERAL, allowed_mentions: { parse: [] } } };
}

/** Manage Channels or Administrator in the member's permission bitfield (a decimal string). */
export function canManageChannels(permissions: unknown): boolean {
  if (typeof permissions !== 'string' || !/^\d{1,40}$/.test(permissions)) return false;
  const bits = BigInt(permissions);
  return (bits & (MANAGE_CHANNELS | ADMINISTRATOR)) !== 0n;
}

function readOptions(raw: unknown): CommandOption[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((o): o is CommandOption => isRecord(o) && typeof o.name === 'string' && typeof o.type === 'number');
}

/** `data.options` → the subcommand (if any) and the option values by name. */
export function flattenOptions(data: Record<string, unknown>): { subcommand: string | null; values: Record<string, DiscordOptionValue> } {
  let options = readOptions(data.options);
  let subcommand: string | null = null;
  const first = options[0];
  if (first && (first.type === SUB_COMMAND || first.type === SUB_COMMAND_GROUP)) {
    subcommand = first.name;
    options = readOptions(first.options);
    const nested = options[0];
    if (first.type === SUB_COMMAND_GROUP && nested) {
      subcommand = nested.name;
      options = readOptions(nested.options);
    }
  }
  const values: Record<string, DiscordOptionValue> = {};
  for (const o of options) {
    const v = o.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[o.name] = v;
  }
  return { subcommand, values };
}

/** Answers an APPLICATION_COMMAND interaction through the platform-neutral command layer. */
export async function handleApplicationCommand(interaction: Record<string, unknown>, deps: DiscordCommandDeps): Promise<DiscordReply> {
  const data = interaction.data;
  const channel = str(interaction.channel_id);
  if (!isRecord(data) || typeof data.name !== 'string' || channel === undefined) {
    throw new HttpError(400, 'invalid_interaction', 'An application command needs data.name and channel_id');
  }
  const guild = str(interaction.guild_id);
  if (!isSnowflake(channel) || (guild !== undefined && !isSnowflake(guild))) {
    throw new HttpError(400, 'invalid_interaction', 'channel_id and guild_id must be Discord ids (snowflakes)');
  }
  if (guild === undefined) {
    return ephemeralReply(
      'hookbridge commands work in server channels, not in direct messages: run them in the channel that should receive the notifications.',
    );
  }
  const member = isRecord(interaction.member) ? interaction.member : {};
  const user = isRecord(member.user) ? member.user : isRecord(interaction.user) ? interaction.user : {};
  const channelName = isRecord(interaction.channel) ? str(interaction.channel.name) : undefined;
  const ctx: CommandContext = {
    platform: 'discord',
    workspace: guild,
    channel,
    ...(channelName !== undefined ? { channelName } : {}),
    userId: str(user.id) ?? 'unknown',
    canManage: canManageChannels(member.permissions),
  };
  const { subcommand, values } = flattenOptions(data);
  const parsed = parseDiscordCommand(data.name, subcommand, values);
  try {
    const reply = await executeCommand(ctx, parsed, {
      store: deps.store,
      ...(deps.hooks ? { hooks: deps.hooks } : {}),
      ...(deps.uptime ? { uptime: deps.uptime } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      onError: (err) => deps.logger.error({ err, command: data.name }, 'Discord command failed'),
    });
    return ephemeralReply(reply.discord);
  } catch (err) {
    deps.logger.error({ err, command: data.name }, 'Discord command failed');
    return ephemeralReply('Sorry, something went wrong while running that command. Please try again in a moment.');
  }
}
