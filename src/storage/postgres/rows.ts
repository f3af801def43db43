/** Row ↔ object mapping for the Postgres store (timestamps travel as ISO strings). */
import type { Pool, PoolClient } from 'pg';
import type { Platform, Subscription } from '../../subscriptions/subscription.ts';
import type { Delivery, DeliveryStatus } from '../store.ts';

/** A pool or a client inside a transaction. */
export type Db = Pool | PoolClient;

export const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());

export interface DeliveryRow {
  id: string;
  event_id: string;
  subscription_id: string;
  platform: Platform;
  workspace: string;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  delivered_at: Date | string | null;
  message_id: string | null;
  digest_key: string | null;
  send_started_at: Date | string | null;
}

export const DELIVERY_COLUMNS =
  'id, event_id, subscription_id, platform, workspace, channel, status, attempts, next_attempt_at, last_error, created_at, delivered_at, message_id, digest_key, send_started_at';

export function toDelivery(r: DeliveryRow): Delivery {
  const d: Delivery = {
    id: r.id,
    eventId: r.event_id,
    subscriptionId: r.subscription_id,
    platform: r.platform,
    workspace: r.workspace,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at)!,
    lastError: r.last_error,
    createdAt: iso(r.created_at)!,
    deliveredAt: iso(r.delivered_at),
    messageId: r.message_id,
  };
  if (r.digest_key !== null) d.digestKey = r.digest_key;
  if (r.send_started_at !== null) d.sendStartedAt = iso(r.send_started_at);
  return d;
}

/** Delivery field → column, for patches. */
const DELIVERY_FIELDS: Record<Exclude<keyof Delivery, 'id'>, string> = {
  eventId: 'event_id',
  subscriptionId: 'subscription_id',
  platform: 'platform',
  workspace: 'workspace',
  channel: 'channel',
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  createdAt: 'created_at',
  deliveredAt: 'delivered_at',
  messageId: 'message_id',
  digestKey: 'digest_key',
  sendStartedAt: 'send_started_at',
};

/** `SET a = $n, …` for a delivery patch, numbering parameters from `first`. Undefined fields are left alone. */
export function deliveryPatch(patch: Partial<Omit<Delivery, 'id'>>, first: number): { set: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(DELIVERY_FIELDS)) {
    const value = (patch as Record<string, unknown>)[field];
    if (value === undefined) continue;
    values.push(value);
    parts.push(`${column} = $${first + values.length - 1}`);
  }
  return { set: parts.join(', '), values };
}

/** The JSON shape json_to_recordset reads new deliveries from (see DELIVERY_RECORDSET). */
export function deliveriesJson(deliveries: Delivery[]): string {
  return JSON.stringify(deliveries.map((d) => ({ ...d, digestKey: d.digestKey ?? null, sendStartedAt: d.sendStartedAt ?? null })));
}

export const DELIVERY_RECORDSET = `x(id text, "eventId" text, "subscriptionId" text, platform text, workspace text, channel text,
  status text, attempts integer, "nextAttemptAt" timestamptz, "lastError" text, "createdAt" timestamptz,
  "deliveredAt" timestamptz, "messageId" text, "digestKey" text, "sendStartedAt" timestamptz)`;

/** The columns of a DELIVERY_RECORDSET row `x`, in DELIVERY_COLUMNS order. */
export const DELIVERY_RECORDSET_SELECT = `x.id, x."eventId", x."subscriptionId", x.platform, x.workspace, x.channel, x.status, x.attempts,
  x."nextAttemptAt", x."lastError", x."createdAt", x."deliveredAt", x."messageId", x."digestKey", x."sendStartedAt"`;

export const INSERT_DELIVERIES_FROM_RECORDSET = `INSERT INTO deliveries (${DELIVERY_COLUMNS})
  SELECT ${DELIVERY_RECORDSET_SELECT}
  FROM json_to_recordset`;

export interface SubscriptionRow {
  data: Subscription;
}

export function subscriptionParams(s: Subscription): unknown[] {
  return [s.id, s.platform, s.workspace, s.channel, s.source, s.target, JSON.stringify(s)];
}
