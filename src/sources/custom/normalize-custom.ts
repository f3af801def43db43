/**
 * A generic webhook → NormalizedEvent. source `custom`, target and type = the hook name (so
 * templates/custom/<name>.liquid is found), feature `event` (subscriptions to a hook take all of
 * its events). Templates see:
 *   hook.name · title · url · color · fields (top-level fields as {name, value}, at most 20)
 *   · more_fields · body (the whole payload, pruned) · headers.content_type / user_agent
 */
import type { JsonObject, JsonValue, NormalizedEvent } from '../../events/normalized-event.ts';
import type { MessageColor } from '../../rendering/message.ts';
import { truncateText } from '../../rendering/truncate.ts';

export const MAX_FIELDS = 20;
const TITLE_KEYS = ['title', 'summary', 'subject', 'message', 'text', 'event', 'type', 'name', 'status'];
/** Where common senders keep the main object when the top level has no title (Sentry `event`, GitLab `object_attributes`, …). */
const NESTED_KEYS = ['event', 'data', 'object_attributes', 'issue', 'alert', 'incident', 'check', 'build', 'pipeline', 'deployment'];
/** Longest title; longer text (or more than two lines) becomes the message body, first line as title. */
const TITLE_MAX = 200;
const TEXT_MAX = 3000;
const URL_KEYS = ['url', 'link', 'html_url', 'href', 'permalink'];
const STATUS_KEYS = ['status', 'state', 'level', 'severity', 'result', 'conclusion'];

export interface CustomEventInput {
  hook: string;
  /** Unique per hook: webhook-id when the sender gives one, else a random id. */
  deliveryId: string;
  body: JsonValue;
  headers: { contentType: string | null; userAgent: string | null };
  receivedAt: Date;
}

function oneLine(text: string, max: number): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), max);
}

function firstString(body: JsonObject, keys: string[], accept: (s: string) => boolean = () => true): [string, string] | null {
  for (const key of keys) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '' && accept(value.trim())) return [key, value.trim()];
  }
  return null;
}

const isHttpUrl = (s: string): boolean => /^https?:\/\/\S+$/i.test(s);

/** The first of `keys` found in the nested main objects. */
function nestedString(objects: readonly JsonObject[], keys: string[], accept?: (s: string) => boolean): [string, string] | null {
  for (const o of objects) {
    const hit = firstString(o, keys, accept);
    if (hit) return hit;
  }
  return null;
}

/** success / failure / warning from a status-like field ("ok", "failed", "critical", …), else info. */
export function colorFor(body: JsonObject, nested: readonly JsonObject[] = []): MessageColor {
  const status = (firstString(body, STATUS_KEYS) ?? nestedString(nested, STATUS_KEYS))?.[1].toLowerCase() ?? '';
  if (/^(ok|success|succeeded|successful|passed|pass|up|resolved|healthy|green|done|completed|paid)$/.test(status)) return 'success';
  if (/^(fail|failed|failure|error|errored|down|critical|fatal|red|alert|firing|unhealthy)$/.test(status)) return 'failure';
  if (/^(warn|warning|degraded|yellow|pending|unstable)$/.test(status)) return 'warning';
  return 'info';
}

/** A top-level value as one readable line. */
export function displayValue(value: JsonValue): string {
  if (value === null) return '–';
  if (typeof value === 'string') return oneLine(value, 300) || '–';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    return oneLine(value.map((v) => String(v ?? '–')).join(', '), 300) || '–';
  }
  return oneLine(JSON.stringify(value), 200);
}

export function normalizeCustomEvent(input: CustomEventInput): NormalizedEvent {
  const { hook, deliveryId } = input;
  const object: JsonObject = input.body !== null && typeof input.body === 'object' && !Array.isArray(input.body) ? input.body : { body: input.body };
  const nested = NESTED_KEYS.map((k) => object[k]).filter((v): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v));
  const titled = firstString(object, TITLE_KEYS) ?? nestedString(nested, TITLE_KEYS);
  const linked = firstString(object, URL_KEYS, isHttpUrl) ?? nestedString(nested, URL_KEYS, isHttpUrl);
  const full = titled?.[1] ?? '';
  const lines = full.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const long = full.length > TITLE_MAX || lines.length > 2;
  const title = titled ? oneLine(long ? lines[0] ?? full : full, TITLE_MAX) : `Webhook ${hook}`;
  const shown = Object.entries(object).filter(([key]) => key !== titled?.[0] && key !== linked?.[0]);
  const fields = shown.slice(0, MAX_FIELDS).map(([name, value]) => ({ name: oneLine(name, 100), value: displayValue(value) }));
  return {
    id: `custom:${hook}:${deliveryId}`,
    source: 'custom',
    deliveryId: `${hook}:${deliveryId}`,
    type: hook,
    action: null,
    feature: 'event',
    target: hook,
    actor: null,
    branch: null,
    defaultBranch: null,
    labels: [],
    summary: `[${hook}] ${title}`,
    url: linked?.[1] ?? null,
    receivedAt: input.receivedAt.toISOString(),
    data: {
      hook: { name: hook },
      title,
      /** The whole text when it was too long (or had too many lines) for the title. */
      text: long ? truncateText(full.replace(/\r\n?/g, '\n'), TEXT_MAX) : null,
      url: linked?.[1] ?? null,
      color: colorFor(object, nested),
      fields,
      more_fields: Math.max(0, shown.length - MAX_FIELDS),
      body: input.body,
      headers: { content_type: input.headers.contentType, user_agent: input.headers.userAgent },
    },
  };
}
