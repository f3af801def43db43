/**
 * Group commit on Postgres: the events that arrive while earlier batches are in flight are
 * recorded together, in ONE statement (one round trip, one transaction, one WAL flush), however
 * many webhooks arrive at once. Each caller learns whether its event was stored (false: a
 * duplicate of a stored delivery id) once the statement has committed.
 */
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { Delivery } from '../store.ts';
import { type Db, deliveriesJson, DELIVERY_COLUMNS, DELIVERY_RECORDSET, DELIVERY_RECORDSET_SELECT } from './rows.ts';

const RECORD_EVENTS = `
  WITH input AS (
    -- Parallel arrays, not one JSON document: a body stays json text as sent (json_to_recordset
    -- would unescape it, and refuse the escaped NUL some provider text contains).
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::json[], $6::json[])
      AS i(id, source, "deliveryId", "receivedAt", body, deliveries)
  ), k AS (
    INSERT INTO dedupe_keys (source, delivery_id, seen_at)
    SELECT source, "deliveryId", "receivedAt" FROM input
    ON CONFLICT DO NOTHING RETURNING source, delivery_id
  ), e AS (
    INSERT INTO events (id, source, delivery_id, received_at, body)
    SELECT i.id, i.source, i."deliveryId", i."receivedAt", i.body
    FROM input i JOIN k ON k.source = i.source AND k.delivery_id = i."deliveryId"
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), x AS (
    SELECT x.* FROM input i JOIN e ON e.id = i.id CROSS JOIN LATERAL json_to_recordset(i.deliveries) AS ${DELIVERY_RECORDSET}
  ), d AS (
    INSERT INTO deliveries (${DELIVERY_COLUMNS}) SELECT ${DELIVERY_RECORDSET_SELECT} FROM x
    RETURNING 1
  ), l AS (
    -- The channels' lease rows (see pg-leases.ts), in a fixed order so concurrent inserts cannot deadlock.
    INSERT INTO channel_leases (platform, workspace, channel)
    SELECT DISTINCT platform, workspace, channel FROM x ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING
  )
  SELECT id FROM e`;

interface Pending {
  event: NormalizedEvent;
  deliveries: Delivery[];
  resolve: (stored: boolean) => void;
  reject: (err: unknown) => void;
}

export class EventBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param maxInFlight statements running at once (the rest of the pool stays for other work)
   * @param maxBatch events per statement
   */
  constructor(
    private readonly db: Db,
    private readonly maxInFlight = 3,
    private readonly maxBatch = 200,
  ) {}

  record(event: NormalizedEvent, deliveries: Delivery[]): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, deliveries, resolve, reject });
      this.schedule();
    });
  }

  /** Waits until every queued event has been written (or failed). */
  async idle(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // Let every webhook of this event-loop turn join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    // One event per delivery id in a statement: a second copy waits for the next batch, where the
    // dedupe key already exists, so exactly one of them is stored.
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    for (const p of this.queue) {
      const key = `${p.event.source}\u0000${p.event.deliveryId}`;
      if (batch.length >= this.maxBatch || keys.has(key) || keys.has(`id\u0000${p.event.id}`)) rest.push(p);
      else {
        keys.add(key).add(`id\u0000${p.event.id}`);
        batch.push(p);
      }
    }
    this.queue = rest;
    this.inFlight += 1;
    try {
      const { rows } = await this.db.query<{ id: string }>({ name: 'hb-record-events', text: RECORD_EVENTS }, [
        batch.map((p) => p.event.id),
        batch.map((p) => p.event.source),
        batch.map((p) => p.event.deliveryId),
        batch.map((p) => p.event.receivedAt),
        batch.map((p) => JSON.stringify(p.event)),
        batch.map((p) => deliveriesJson(p.deliveries)),
      ]);
      const stored = new Set(rows.map((r) => r.id));
      for (const p of batch) p.resolve(stored.has(p.event.id));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }
}
