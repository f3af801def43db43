import type { LogLevel, Logger as BoltLogger } from '@slack/bolt';
import { HttpError } from '../../http/http-error.ts';
import { parseJsonObject } from '../../http/read-raw-body.ts';
import type { Logger } from '../../logging/logger.ts';

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
