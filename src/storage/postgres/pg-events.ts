/**
 * Events and their dedupe keys. Recording is pg-event-batcher.ts: ONE statement for a batch of
 * events (one round trip, one implicit transaction); the dedupe key insert with ON CONFLICT DO
 * NOTHING decides, and an event and its deliveries are inserted only if its key was.
 *
 * The NOTIFY that wakes other instances is sent afterwards and coalesced (notifyDeliveries), not
 * in this transaction: Postgres serializes the commits of notifying transactions under one lock,
 * which halved ingest throughput when every webhook notified.
 */
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { ChannelEvent, ChannelRef, DeliveryStatus } from '../store.ts';
import type { Db } from './rows.ts';

/** NOTIFY channel: "deliveries were queued", payload empty. */
export const DELIVERIES_CHANNEL = 'hookbridge_deliveries';

/** Tells every instance's notifier that deliveries were queued; the payload names the sender. */
export async function notifyDeliveries(db: Db, instance: string): Promise<void> {
  await db.query(`SELECT pg_notify('${DELIVERIES_CHANNEL}', $1)`, [instance]);
}

/**
 * Keeps the newest `limit` events of a source. Older events go with their delivered deliveries;
 * an event that still has a pending, failed or dead delivery stays (it is still needed or shown).
 * Returns how many old events it looked at and how many of them it had to keep.
 */
export async function pruneEvents(db: Db, source: string, limit: number): Promise<{ deleted: number; kept: number }> {
  const { rows } = await db.query<{ examined: number; deleted: number }>(
    `WITH cutoff AS (
       SELECT seq FROM events WHERE source = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1
     ), old AS (
       SELECT e.id, NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status <> 'delivered') AS done
       FROM events e, cutoff WHERE e.source = $1 AND e.seq <= cutoff.seq
     ), gone AS (
       DELETE FROM events e USING old WHERE e.id = old.id AND old.done RETURNING e.id
     ), finished AS (
       DELETE FROM deliveries d USING gone WHERE d.event_id = gone.id RETURNING 1
     )
     SELECT (SELECT count(*) FROM old)::int AS examined, (SELECT count(*) FROM gone)::int AS deleted`,
    [source, limit],
  );
  const { examined, deleted } = rows[0] ?? { examined: 0, deleted: 0 };
  return { deleted, kept: examined - deleted };
}

/** Forgets dedupe keys older than `days` (providers retry for at most a few days). */
export async function pruneDedupeKeys(db: Db, days: number): Promise<void> {
  await db.query(`DELETE FROM dedupe_keys WHERE seen_at < now() - make_interval(days => $1)`, [days]);
}

export async function hasEvent(db: Db, source: string, deliveryId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM dedupe_keys WHERE source = $1 AND delivery_id = $2', [source, deliveryId]);
  return (rowCount ?? 0) > 0;
}

export async function getEvents(db: Db, ids: readonly string[]): Promise<Map<string, NormalizedEvent>> {
  const out = new Map<string, NormalizedEvent>();
  if (ids.length === 0) return out;
  const { rows } = await db.query<{ id: string; body: NormalizedEvent }>('SELECT id, body FROM events WHERE id = ANY($1::text[])', [[...new Set(ids)]]);
  for (const row of rows) out.set(row.id, row.body);
  return out;
}

export async function getEvent(db: Db, id: string): Promise<NormalizedEvent | null> {
  const { rows } = await db.query<{ body: NormalizedEvent }>('SELECT body FROM events WHERE id = $1', [id]);
  return rows[0]?.body ?? null;
}

export async function listEvents(db: Db, options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
  const { rows } = await db.query<{ body: NormalizedEvent }>(
    'SELECT body FROM events WHERE ($1::text IS NULL OR source = $1) ORDER BY seq DESC LIMIT $2',
    [options.source ?? null, Math.max(0, options.limit)],
  );
  return rows.map((r) => r.body);
}

/**
 * Newest first by the channel's delivery, with its status. An event has one delivery per channel
 * (planning makes one; retries update it), so a plain join walks the channel's newest deliveries
 * and stops at the limit (DISTINCT ON / GROUP BY would read and sort all of them).
 */
export async function listChannelEvents(db: Db, channel: ChannelRef, options: { limit: number; source?: string }): Promise<ChannelEvent[]> {
  const { rows } = await db.query<{ body: NormalizedEvent; status: DeliveryStatus }>(
    `SELECT e.body, d.status FROM deliveries d JOIN events e ON e.id = d.event_id
     WHERE d.platform = $1 AND d.workspace = $2 AND d.channel = $3 AND ($4::text IS NULL OR e.source = $4)
     ORDER BY d.seq DESC LIMIT $5`,
    [channel.platform, channel.workspace, channel.channel, options.source ?? null, Math.max(0, options.limit)],
  );
  return rows.map((r) => ({ event: r.body, status: r.status }));
}
