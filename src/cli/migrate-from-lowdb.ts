/**
 * Copies a lowdb store (DATA_FILE and its journal) into Postgres, in one transaction and
 * idempotently (ON CONFLICT DO NOTHING everywhere): subscriptions, generic hooks, uptime monitors
 * and processed report ids, the dedupe ids, and the event log with every delivery — pending,
 * failed and dead ones included, so nothing that was acknowledged is lost, and delivered ones so
 * /recent keeps its history. The lowdb file is read through the lowdb store itself (which replays
 * its journal), never parsed by hand.
 */
import type { Pool, PoolClient } from 'pg';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import { LowdbHookStore } from '../storage/lowdb-hook-store.ts';
import { LowdbMonitorStore } from '../storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../storage/lowdb-store.ts';
import { ensureLeaseRows } from '../storage/postgres/pg-leases.ts';
import { importSubscription } from '../storage/postgres/pg-subscriptions.ts';
import { deliveriesJson, DELIVERY_RECORDSET, INSERT_DELIVERIES_FROM_RECORDSET } from '../storage/postgres/rows.ts';
import { inTransaction } from '../storage/postgres/transaction.ts';
import type { Delivery, DeliveryStatus } from '../storage/store.ts';

export interface Copied {
  found: number;
  copied: number;
}

export interface MigrationReport {
  subscriptions: Copied;
  hooks: Copied;
  monitors: Copied;
  reportIds: Copied;
  dedupeIds: Copied;
  events: Copied;
  deliveries: Copied;
  /** Deliveries still to be sent or shown, by status (whether just copied or already there). */
  open: Record<Exclude<DeliveryStatus, 'delivered'>, number>;
}

const ALL = Number.MAX_SAFE_INTEGER;
const CHUNK = 500;

async function inChunks<T>(items: T[], insert: (chunk: T[]) => Promise<number>): Promise<Copied> {
  let copied = 0;
  for (let i = 0; i < items.length; i += CHUNK) copied += await insert(items.slice(i, i + CHUNK));
  return { found: items.length, copied };
}

async function copyEvents(db: PoolClient, events: NormalizedEvent[]): Promise<Copied> {
  return inChunks(events, async (chunk) => {
    const rows = chunk.map((e) => ({ id: e.id, source: e.source, deliveryId: e.deliveryId, receivedAt: e.receivedAt, body: e }));
    const { rowCount } = await db.query(
      `INSERT INTO events (id, source, delivery_id, received_at, body)
       SELECT x.id, x.source, x."deliveryId", x."receivedAt", x.body
       FROM json_to_recordset($1::json) AS x(id text, source text, "deliveryId" text, "receivedAt" timestamptz, body json)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
    return rowCount ?? 0;
  });
}

async function copyDedupeIds(db: PoolClient, seen: Array<[string, string, string]>): Promise<Copied> {
  return inChunks(seen, async (chunk) => {
    const { rowCount } = await db.query(
      `INSERT INTO dedupe_keys (source, delivery_id, seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [chunk.map((s) => s[0]), chunk.map((s) => s[1]), chunk.map((s) => s[2])],
    );
    return rowCount ?? 0;
  });
}

async function copyDeliveries(db: PoolClient, deliveries: Delivery[]): Promise<Copied> {
  return inChunks(deliveries, async (chunk) => {
    const { rowCount } = await db.query(
      `${INSERT_DELIVERIES_FROM_RECORDSET}($1::json) AS ${DELIVERY_RECORDSET} ON CONFLICT (id) DO NOTHING`,
      [deliveriesJson(chunk)],
    );
    return rowCount ?? 0;
  });
}

/** Reads the lowdb store at `file` and copies it into the (migrated) database behind `pool`. */
export async function copyLowdbToPostgres(file: string, pool: Pool): Promise<MigrationReport> {
  const lowdb = await LowdbStore.open(file);
  try {
    const shared = lowdb.shared;
    const subscriptions = await lowdb.listSubscriptions();
    const hooks = await new LowdbHookStore(shared).list();
    const monitors = await new LowdbMonitorStore(shared).list();
    const reports = [...(shared.data.monitors?.reports ?? [])];
    const events = (await lowdb.listEvents({ limit: ALL })).reverse(); // oldest first, as they arrived
    const deliveries = (await lowdb.listDeliveries({ limit: ALL })).reverse();
    const seen = new Map<string, [string, string, string]>();
    for (const [key, at] of lowdb.seenEntries()) {
      const colon = key.indexOf(':');
      seen.set(key, [key.slice(0, colon), key.slice(colon + 1), at]);
    }
    for (const e of events) if (!seen.has(`${e.source}:${e.deliveryId}`)) seen.set(`${e.source}:${e.deliveryId}`, [e.source, e.deliveryId, e.receivedAt]);

    return await inTransaction(pool, async (db) => {
      let subsCopied = 0;
      for (const s of subscriptions) if (await importSubscription(db, s)) subsCopied++;
      let hooksCopied = 0;
      for (const h of hooks) {
        const { rowCount } = await db.query(
          `INSERT INTO hooks (name, secret, token_hash, template, created_at, rotated_at, last_error)
           VALUES ($1, $2, $3, $4, $5, $6, $7::json) ON CONFLICT (name) DO NOTHING`,
          [h.name, h.secret, h.tokenHash, h.template, h.createdAt, h.rotatedAt, h.lastError === null ? null : JSON.stringify(h.lastError)],
        );
        hooksCopied += rowCount ?? 0;
      }
      let monitorsCopied = 0;
      for (const m of monitors) {
        const { rowCount } = await db.query(
          'INSERT INTO monitors (origin, url, record) VALUES ($1, $2, $3::json) ON CONFLICT (origin, url) DO NOTHING',
          [m.origin, m.url, JSON.stringify(m)],
        );
        monitorsCopied += rowCount ?? 0;
      }
      const reportIds = await inChunks(reports, async (chunk) => {
        const { rowCount } = await db.query('INSERT INTO monitor_reports (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING', [chunk]);
        return rowCount ?? 0;
      });
      const report: MigrationReport = {
        subscriptions: { found: subscriptions.length, copied: subsCopied },
        hooks: { found: hooks.length, copied: hooksCopied },
        monitors: { found: monitors.length, copied: monitorsCopied },
        reportIds,
        dedupeIds: await copyDedupeIds(db, [...seen.values()]),
        events: await copyEvents(db, events),
        deliveries: await copyDeliveries(db, deliveries),
        open: { pending: 0, failed: 0, dead: 0 },
      };
      for (const d of deliveries) if (d.status !== 'delivered') report.open[d.status] += 1;
      await ensureLeaseRows(db);
      return report;
    });
  } finally {
    await lowdb.close();
  }
}
