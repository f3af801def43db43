import type { LogLevel, Logger as BoltLogger } from '@slack/bolt';
import { HttpError } from '../../http/http-error.ts';
import { parseJsonObject } from '../../http/read-raw-body.ts';
import type { Logger } from '../../logging/logger.ts';
import { obj, str } from '../../sources/money/payload-readers.ts';

export type SlackBody = Record<string, unknown>;

/** True for Slack's `ssl_check=1` probe (form-encoded, unsigned by design, carries nothing to act on). */
export function isSslCheck(contentType: string, raw: Buffer): boolean {
  return isForm(contentType) && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
}

/**
 * Parses a verified Slack request the way Bolt's own receivers do: form-encoded slash commands
 * (fields as strings), form-encoded `payload=<json>` for interactivity, JSON for the Events API.
 */
export function parseSlackBody(contentType: string, raw: Buffer): SlackBody {
  if (isForm(contentType)) {
    const params = new URLSearchParams(raw.toString('utf8'));
    const payload = params.get('payload');
    if (payload !== null) return parseJsonObject(Buffer.from(payload, 'utf8'));
    const body: SlackBody = {};
    for (const [key, value] of params) body[key] = value;
    return body;
  }
  if (contentType === 'application/json' || contentType === '') return parseJsonObject(raw);
  throw new HttpError(415, 'unsupported_media_type', 'Slack requests are application/x-www-form-urlencoded or application/json');
}

/** Interactivity payloads (someone clicked or submitted something): they carry the user. */
const INTERACTIVE = new Set(['block_actions', 'block_suggestion', 'shortcut', 'message_action', 'view_submission', 'view_closed', 'interactive_message', 'dialog_submission']);
const nonEmpty = (v: unknown): boolean => str(v) !== null;

/**
 * What a verified Slack body lacks for hookbridge (and Bolt) to act on it safely, or null. A
 * slash command names its workspace, channel and user; an event carries its event and team; an
 * interactivity payload its team and user. Without this, a command with no channel_id would be
 * stored as a subscription to "no channel", and Bolt would throw on a payload without a team.
 */
export function slackBodyProblem(body: SlackBody): string | null {
  if ('command' in body) {
    if (!nonEmpty(body.command)) return 'a slash command needs a command';
    const missing = ['team_id', 'channel_id', 'user_id'].filter((k) => !nonEmpty(body[k]));
    if (missing.length > 0) return `a slash command needs ${missing.join(', ')}`;
    if (body.text !== undefined && typeof body.text !== 'string') return 'text must be a string';
    return null;
  }
  if (body.type === 'event_callback') {
    if (!nonEmpty(obj(body.event)?.type)) return 'an event_callback needs an event with a type';
    if (!nonEmpty(body.team_id)) return 'an event_callback needs team_id';
    return null;
  }
  const type = str(body.type);
  if (type !== null) {
    const team = nonEmpty(obj(body.team)?.id) || nonEmpty(obj(body.enterprise)?.id) || nonEmpty(body.team_id);
    if (!team) return `a ${type} payload needs team.id`;
    if (INTERACTIVE.has(type) && !nonEmpty(obj(body.user)?.id)) return `a ${type} payload needs user.id`;
    return null;
  }
  return 'neither a slash command, an event nor an interactivity payload';
}

function isForm(contentType: string): boolean {
  return contentType === 'application/x-www-form-urlencoded';
}

/** Bolt's logger interface on top of ours (Bolt logs plain strings; they go to debug/info/warn/error). */
export function boltLogger(logger: Logger): BoltLogger {
  let level = 'info' as LogLevel;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug({ component: 'bolt' }, text(msg)),
    info: (...msg: unknown[]) => logger.info({ component: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ component: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ component: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
