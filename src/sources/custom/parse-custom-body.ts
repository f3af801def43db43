/**
 * Bodies of generic webhooks: any shape. JSON (`application/json`, `*+json`, or no content type
 * with a JSON-looking body), form-encoded (`a=1&b=2`; repeated keys become lists; a lone
 * `payload=<json>` field, as GitHub and Slack send, is unwrapped) or plain text (`{text}`).
 * The result is trimmed to what a message and the event log need (see pruneJson).
 */
import type { JsonObject, JsonValue } from '../../events/normalized-event.ts';
import { HttpError, badRequest } from '../../http/http-error.ts';

export const LIMITS = { depth: 8, arrayItems: 100, objectKeys: 200, stringLength: 2000, nodes: 5000 } as const;

/**
 * A JSON value cut down for storage: long strings clipped, long lists and objects shortened,
 * deep nesting dropped, at most LIMITS.nodes values; `__proto__` keys skipped.
 */
export function pruneJson(value: unknown): JsonValue {
  let budget: number = LIMITS.nodes;
  const walk = (v: unknown, depth: number): JsonValue => {
    budget--;
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v === 'string') return v.length > LIMITS.stringLength ? `${v.slice(0, LIMITS.stringLength - 1)}…` : v;
    if (depth >= LIMITS.depth || budget <= 0) return Array.isArray(v) ? [] : typeof v === 'object' ? {} : null;
    if (Array.isArray(v)) {
      const out: JsonValue[] = [];
      for (const item of v.slice(0, LIMITS.arrayItems)) if (budget > 0) out.push(walk(item, depth + 1));
      return out;
    }
    if (typeof v === 'object') {
      const out: JsonObject = {};
      for (const [key, item] of Object.entries(v as Record<string, unknown>).slice(0, LIMITS.objectKeys)) {
        if (key === '__proto__' || budget <= 0) continue;
        out[key] = walk(item, depth + 1);
      }
      return out;
    }
    return null;
  };
  return walk(value, 0);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'Body is not valid JSON');
  }
}

function parseForm(text: string): unknown {
  const params = new URLSearchParams(text);
  const keys = [...new Set(params.keys())];
  if (keys.length === 1 && keys[0] === 'payload') {
    const payload = params.get('payload')!.trim();
    if (payload.startsWith('{') || payload.startsWith('[')) return parseJson(payload);
  }
  const out: Record<string, string | string[]> = {};
  for (const key of keys) {
    if (key === '__proto__') continue;
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** Charsets a sender may declare that Node decodes itself; anything else is refused, not garbled. */
const CHARSETS: Readonly<Record<string, BufferEncoding>> = {
  'utf-8': 'utf8', utf8: 'utf8', 'us-ascii': 'utf8', ascii: 'utf8', 'iso-8859-1': 'latin1', latin1: 'latin1', 'windows-1252': 'latin1',
};

/**
 * Parses a custom webhook body by content type; 400 for malformed JSON, 415 for binary types, an
 * undecodable charset or a compressed body (the raw bytes are read as they come).
 */
export function parseCustomBody(contentType: string, raw: Buffer, contentEncoding = ''): JsonValue {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const encoding = contentEncoding.trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not supported: send the body uncompressed`);
  }
  const declared = /;\s*charset="?([^";\s]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
  const charset = declared === undefined ? 'utf8' : CHARSETS[declared];
  if (charset === undefined) throw new HttpError(415, 'unsupported_media_type', `charset ${declared} is not supported: send UTF-8`);
  const text = raw.toString(charset);
  if (type === 'application/json' || type.endsWith('+json')) return pruneJson(parseJson(text));
  if (type === 'application/x-www-form-urlencoded') return pruneJson(parseForm(text));
  if (type === '' && /^\s*[{[]/.test(text)) return pruneJson(parseJson(text));
  if (type === '' || type.startsWith('text/')) return text.trim() === '' ? {} : pruneJson({ text });
  throw new HttpError(415, 'unsupported_media_type', `Content-Type ${type} is not supported: send JSON, form-encoded or text`);
}
