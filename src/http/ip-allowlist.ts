/**
 * IP allowlists for webhook endpoints: `WEBHOOK_ALLOWED_IPS` for every `/webhooks/*` path, and
 * `<SOURCE>_ALLOWED_IPS` for one source (it replaces the global list for that source; `*` in it
 * lifts the restriction). A client outside the list gets 403 before its body is read, so nothing
 * is parsed or stored. Routes are matched case-insensitively and with or without a trailing slash,
 * so the path is normalised the same way here before it is classified.
 */
import type { Middleware } from 'koa';
import { SOURCES, type Source } from '../events/normalized-event.ts';
import type { Logger } from '../logging/logger.ts';
import { IpRangeList } from '../security/ip-ranges.ts';
import { clientAddressOf } from './client-ip.ts';
import { HttpError } from './http-error.ts';

export interface AllowlistConfig {
  /** WEBHOOK_ALLOWED_IPS as configured, or null (no restriction). */
  all: string | null;
  /** <SOURCE>_ALLOWED_IPS as configured. */
  bySource: Partial<Record<Source, string>>;
}

export const allowlistVariable = (source: Source): string => `${source.toUpperCase()}_ALLOWED_IPS`;

/** `/Webhooks//GitHub/` → `/webhooks/github`; undecodable paths keep their raw form. */
function normalisePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  return decoded.toLowerCase().replace(/\/{2,}/g, '/');
}

/** The source a webhook path belongs to: `github` for `/webhooks/github`, null for other paths. */
export function webhookSourceOf(path: string): Source | 'other' | null {
  const match = /^\/webhooks(?:\/([^/]*))?/.exec(normalisePath(path));
  if (!match) return null;
  const segment = match[1] ?? '';
  return (SOURCES as readonly string[]).includes(segment) ? (segment as Source) : 'other';
}

export function ipAllowlistMiddleware(config: AllowlistConfig, logger: Logger): Middleware {
  const all = config.all === null ? null : { list: IpRangeList.parse(config.all), variable: 'WEBHOOK_ALLOWED_IPS' };
  const bySource = new Map<Source, { list: IpRangeList; variable: string }>();
  for (const source of SOURCES) {
    const text = config.bySource[source];
    if (text !== undefined) bySource.set(source, { list: IpRangeList.parse(text), variable: allowlistVariable(source) });
  }
  if (all === null && bySource.size === 0) return (_ctx, next) => next(); // no allowlist configured
  return async (ctx, next) => {
    const source = webhookSourceOf(ctx.path);
    const rule = source === null ? null : (source !== 'other' ? bySource.get(source) : undefined) ?? all;
    if (rule) {
      const client = clientAddressOf(ctx);
      if (!rule.list.contains(client.ip)) {
        logger.warn({ client: client.text, path: ctx.path, variable: rule.variable }, 'webhook refused: client address not in the allowlist');
        throw new HttpError(403, 'ip_not_allowed', `${client.text} is not in ${rule.variable}`);
      }
    }
    await next();
  };
}
