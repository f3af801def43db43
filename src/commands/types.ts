/** Types of the platform-neutral command layer shared by the Slack and Discord receivers. */
import type { Source } from '../events/normalized-event.ts';
import type { Store } from '../storage/store.ts';
import type { Platform } from '../subscriptions/subscription.ts';

export const COMMAND_NAMES = ['subscribe', 'unsubscribe', 'subscriptions', 'recent'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** `/subscribe` or `/unsubscribe`: target as typed (or undefined), words as tokenized. */
export interface SubscriptionCommand<K extends 'subscribe' | 'unsubscribe' = 'subscribe' | 'unsubscribe'> {
  kind: K;
  source: Source;
  target?: string;
  words: string[];
}

/** What a command asks for, already split into words; targets and words are validated later. */
export type ParsedCommand =
  | SubscriptionCommand<'subscribe'>
  | SubscriptionCommand<'unsubscribe'>
  | { kind: 'subscriptions'; source?: Source }
  | { kind: 'recent'; count?: number; source?: Source }
  | { kind: 'help'; topic?: CommandName | Source };

/** Input that could not be understood: executeCommand answers it with usage help. */
export interface UsageError {
  kind: 'usage';
  command: CommandName;
  /** Plain-text explanation of what was wrong; null when the command was simply empty. */
  error: string | null;
  /** When the source was understood, help is specific to it. */
  source?: Source;
}

export interface CommandContext {
  platform: Platform;
  /** Discord guild id / Slack team id. */
  workspace: string;
  /** Channel id (Discord snowflake / Slack C…/G… id). */
  channel: string;
  /** Channel name without "#", when the platform told us. */
  channelName?: string;
  userId: string;
  /** Whether this user may change subscriptions here (Manage Channels on Discord, admin list on Slack). */
  canManage: boolean;
}

export interface CommandDeps {
  store: Store;
  now?: () => Date;
  /** Generic (custom) hooks the operator created; when given, `/subscribe custom x` checks x exists. */
  hooks?: { exists(name: string): Promise<boolean> };
  /** Uptime SSRF guard; when given, `/subscribe uptime <url>` is refused for non-public addresses. */
  uptime?: { refuseSite(url: string): Promise<string | null>; checkedEvery?: string };
  /** Called with unexpected errors (the user gets a short apology, never a trace). */
  onError?: (error: unknown, command: ParsedCommand | UsageError) => void;
}

/**
 * A reply, ready for both platforms. Send it ephemerally.
 * - `slack`: Slack mrkdwn (`&`, `<`, `>` escaped; user text in code spans; links as <url|label>).
 * - `discord`: Discord markdown (markdown characters and mentions escaped with backslashes,
 *   links as [label](<url>)); still send it with `allowed_mentions: { parse: [] }`.
 *   At most 2000 characters; slack at most 3900.
 * - `text`: the same content as plain text without any markup or escaping (logs, console mode, tests).
 */
export interface CommandReply {
  /** false for usage errors, refusals and failures. */
  ok: boolean;
  text: string;
  slack: string;
  discord: string;
}
