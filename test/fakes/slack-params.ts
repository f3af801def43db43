/** Reads Slack Web API arguments the way Slack does: JSON (Bearer token) or form-encoded. */
import type { IncomingMessage } from 'node:http';
import { isRecord, parseJson } from './fake-http.ts';

export type ParsedArguments =
  | { ok: true; params: Record<string, unknown>; token: string | null }
  | { ok: false; error: string };

/** Form fields that carry JSON, and those that carry booleans ("true"/"1"). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);
const BOOLEAN_FIELDS = new Set(['unfurl_links', 'unfurl_media', 'mrkdwn', 'reply_broadcast', 'as_user', 'link_names']);

export function parseSlackArguments(req: IncomingMessage, raw: Buffer): ParsedArguments {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed = parseJson(raw);
    if (!parsed.ok || !isRecord(parsed.value)) return { ok: false, error: 'invalid_json' };
    // Slack ignores a token in a JSON body: JSON requests must use the Authorization header.
    const { token: _ignored, ...params } = parsed.value;
    return { ok: true, params, token: bearer };
  }
  const form = new URLSearchParams(raw.toString('utf8'));
  const params: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key === 'token') continue;
    if (JSON_FIELDS.has(key)) {
      const parsed = parseJson(Buffer.from(value));
      if (!parsed.ok) return { ok: false, error: key === 'blocks' ? 'invalid_blocks_format' : `invalid_${key}` };
      params[key] = parsed.value;
    } else if (BOOLEAN_FIELDS.has(key)) {
      params[key] = value === 'true' || value === '1';
    } else {
      params[key] = value;
    }
  }
  return { ok: true, params, token: bearer ?? form.get('token') };
}
