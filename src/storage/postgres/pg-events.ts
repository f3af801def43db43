/**
 * Events and their dedupe keys. recordEvent is ONE statement (so one round trip and one implicit
 * transaction): the dedupe key insert with ON CONFLICT DO NOTHING decides, and the event and its
 * deliveries are inserted only if it inserted.
 *
 * The NOTIFY that wakes other instances is sent afterwards and coalesced (notifyDeliveries), not
 * in this transaction: Postgres serializes the commits of notifying transactions under one lock,
 * which halved ingest throughput when every webhook notified.
 */
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { ChannelRef, Delivery } from '../store.ts';
import { type Db, deliveriesJson, DELIVERY_RECORDSET, INSERT_DELIVERIES_FROM_RECORDSET } from './rows.ts';

/** NOTIFY channel: "deliveries were queued", payload empty. */
export const DELIVERIES_CHANNEL = 'hookbridge_deliveries';

const RECORD_EVENT = `
  WITH k AS (
    INSERT INTO dedupe_keys (source, delivery_id, seen_at) VALUES ($1, $2, $3)
    ON CONFLICT DO NOTHING RETURNING 1
  ), e AS (
    INSERT INTO events (id, source, delivery_id, received_at, body)
    SELECT $4, $1, $2, $3, $5::json FROM k
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), d AS (
    ${INSERT_DELIVERIES_FROM_RECORDSET}($6::json) AS ${DELIVERY_RECORDSET}
    WHERE EXISTS (SELECT 1 FROM e) RETURNING 1
  ), l AS (
    -- The channels' lease rows (see pg-leases.ts), in a fixed order so concurrent inserts cannot deadlock.
    INSERT INTO channel_leases (platform, workspace, channel)
    SELECT DISTINCT x.platform, x.workspace, x.channel FROM json_to_recordset($6::json) AS x(platform text, workspace text, channel text)
    WHERE EXISTS (SELECT 1 FROM e) ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING
  )
  SELECT (SELECT count(*) FROM e)::int AS stored, (SELECT count(*) FROM d)::int AS queued`;

/** Tells every instance's notifier that deliveries were queued. */
export async function notifyDeliveries(db: Db): Promise<void> {
  await db.query(`SELECT pg_notify('${DELIVERIES_CHANNEL}', '')`);
}

export async function recordEvent(db: Db, event: NormalizedEvent, deliveries: Delivery[]): Promise<boolean> {
  const { rows } = await db.query<{ stored: number }>({ name: 'hb-record-event', text: RECORD_EVENT }, [
    event.source, event.deliveryId, event.receivedAt, event.id, JSON.stringify(event), deliveriesJson(deliveries),
  ]);
  return rows[0]!.stored > 0;
}

/**
 * Keeps the newest `limit` events of a source. Older events go with their delivered deliveries;
 * an event that still has a pending, failed or dead delivery stays (it is still needed or shown).
 */
export async function pruneEvents(db: Db, source: string, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `WITH cutoff AS (
       SELECT seq FROM events WHERE source = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1
     ), gone AS (
       DELETE FROM events e USING cutoff
       WHERE e.source = $1 AND e.seq <= cutoff.seq
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status <> 'delivered')
       RETURNING e.id
     ), finished AS (
       DELETE FROM deliveries d USING gone WHERE d.event_id = gone.id RETURNING 1
     )
     SELECT id FROM gone`,
    [source, limit],
  );
  return rowCount ?? 0;
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

/** Newest first by the channel's delivery, one entry per event, dead deliveries left out. */
export async function listChannelEvents(db: Db, channel: ChannelRef, options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
  const { rows } = await db.query<{ body: NormalizedEvent }>(
    `SELECT e.body FROM (
       SELECT event_id, max(seq) AS seq FROM deliveries
       WHERE platform = $1 AND workspace = $2 AND channel = $3 AND status <> 'dead'
       GROUP BY event_id
     ) d JOIN events e ON e.id = d.event_id
     WHERE ($4::text IS NULL OR e.source = $4)
     ORDER BY d.seq DESC LIMIT $5`,
    [channel.platform, channel.workspace, channel.channel, options.source ?? null, Math.max(0, options.limit)],
  );
  return rows.map((r) => r.body);
}
