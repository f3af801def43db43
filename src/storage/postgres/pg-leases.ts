/**
 * Channel leases: a channel is delivered by one owner at a time (pacing, order, storm digests).
 *
 * Why a hand-written `FOR UPDATE SKIP LOCKED` queue and not pg-boss or graphile-worker: the unit of
 * work here is a CHANNEL (all its due deliveries, paced below the platform's per-channel rate and
 * merged into digests), not a job. Those libraries lease one job at a time, keep their own job
 * tables (we would store each message twice, beside the outbox the admin API shows) and have no
 * notion of "one consumer per key plus the pacing history handed to the next consumer". The
 * outbox already is the queue; what it needs is a lease per channel, which is one small table.
 *
 * A lease is free when released (owner NULL), expired (lease_until), or when the process holding
 * it is gone: every connection of an instance carries its id as application_name, so a SIGKILLed
 * instance (its connections closed by the kernel) loses its channels at once instead of after the
 * lease time. Pacing history (recent_sends) is written on release; after a takeover from a
 * crashed owner it is completed from the channel's delivered_at times, so the next owner does not
 * burst into a 429.
 *
 * A crashed owner may have posted its current message without recording it. Runs send a channel's
 * deliveries strictly in order, so that message is the oldest due one (or its marked digest
 * group). The first batch after a takeover therefore holds only that, and it is re-sent exactly
 * as before, under its own idempotency key (which the platform dedupes), instead of being folded
 * into a storm digest with a new key — which would post the event twice.
 */
import type { Pool } from 'pg';
import type { ChannelBatch, ChannelRef, Delivery } from '../store.ts';
import { ACTIVE_SQL } from './pg-deliveries.ts';
import { type Db, DELIVERY_COLUMNS, type DeliveryRow, toDelivery } from './rows.ts';

/** How far back pacing history reaches (longer than any platform's rate window). */
const HISTORY_MS = 60_000;

/**
 * CTE: the instances that still have a connection (application_name = instance id), read once per
 * statement (pg_stat_activity per lease row costs milliseconds).
 */
const ALIVE_CTE = `alive AS MATERIALIZED (SELECT DISTINCT application_name AS instance FROM pg_stat_activity WHERE datname = current_database())`;

/** SQL: lease row `l` is held by someone at `now` (needs ALIVE_CTE). */
const held = (now: string) => `(l.owner IS NOT NULL AND l.lease_until > ${now} AND l.instance = ANY (ARRAY(SELECT instance FROM alive)))`;

/**
 * Lease rows exist before their channel's first claim (SKIP LOCKED can only skip rows that exist):
 * recordEvent inserts them with the deliveries; this covers deliveries written otherwise
 * (`hookbridge migrate`, databases from before) and runs at start-up.
 */
export async function ensureLeaseRows(db: Db): Promise<void> {
  await db.query(`
    INSERT INTO channel_leases (platform, workspace, channel)
    SELECT DISTINCT d.platform, d.workspace, d.channel FROM deliveries d
    WHERE d.${ACTIVE_SQL}
      AND NOT EXISTS (SELECT 1 FROM channel_leases l WHERE l.platform = d.platform AND l.workspace = d.workspace AND l.channel = d.channel)
    ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING`);
}

/** SQL: the due deliveries of lease row `l` as a json array, oldest first. */
const dueOfLease = (now: string) => `(SELECT coalesce(json_agg(d ORDER BY d.seq), '[]') FROM (
    SELECT seq, ${DELIVERY_COLUMNS} FROM deliveries
    WHERE platform = l.platform AND workspace = l.workspace AND channel = l.channel AND ${ACTIVE_SQL} AND next_attempt_at <= ${now}
  ) d)`;

/**
 * Free channels first, then one index probe each for its oldest due delivery: the cost follows
 * the number of channels, not of waiting deliveries (a storm queues thousands on one channel,
 * which its owner holds, and every webhook pokes the worker to claim).
 */
const CLAIM_DUE = `
  WITH ${ALIVE_CTE}, cand AS (
    SELECT l.platform, l.workspace, l.channel, l.owner AS prev_owner, due.first
    FROM channel_leases l
    CROSS JOIN LATERAL (
      SELECT d.seq AS first FROM deliveries d
      WHERE d.platform = l.platform AND d.workspace = l.workspace AND d.channel = l.channel
        AND d.${ACTIVE_SQL} AND d.next_attempt_at <= $1
      ORDER BY d.seq LIMIT 1
    ) due
    WHERE NOT ${held('$1')}
    ORDER BY due.first
    LIMIT $2
    FOR UPDATE OF l SKIP LOCKED
  )
  UPDATE channel_leases l SET owner = $3, instance = $4, lease_until = $5
  FROM cand WHERE l.platform = cand.platform AND l.workspace = cand.workspace AND l.channel = cand.channel
  RETURNING l.platform, l.workspace, l.channel, l.recent_sends, cand.prev_owner, cand.first, ${dueOfLease('$1')} AS deliveries`;

const CLAIM_ONE = `
  WITH ${ALIVE_CTE}, prev AS (
    SELECT owner FROM channel_leases WHERE platform = $1 AND workspace = $2 AND channel = $3
  ), up AS (
    INSERT INTO channel_leases AS l (platform, workspace, channel, owner, instance, lease_until) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (platform, workspace, channel) DO UPDATE SET owner = EXCLUDED.owner, instance = EXCLUDED.instance, lease_until = EXCLUDED.lease_until
    WHERE l.owner = $4 OR NOT ${held('$7')}
    RETURNING l.recent_sends, ${dueOfLease('$7')} AS deliveries
  )
  SELECT up.recent_sends, up.deliveries, (SELECT owner FROM prev) AS prev_owner FROM up`;

interface ClaimRow extends ChannelRef {
  recent_sends: number[];
  prev_owner: string | null;
  first: string;
  /** As json: timestamps arrive as strings, which toDelivery reads too. */
  deliveries: DeliveryRow[];
}

const keyOf = (c: ChannelRef) => `${c.platform}\u0000${c.workspace}\u0000${c.channel}`;
const columns = (channels: ChannelRef[]) => [channels.map((c) => c.platform), channels.map((c) => c.workspace), channels.map((c) => c.channel)];
const IN_CHANNELS = `(platform, workspace, channel) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))`;

/** Send times (epoch ms) the outbox shows for these channels: the pacing a crashed owner could not hand over. */
async function deliveredTimes(db: Db, channels: ChannelRef[], now: Date): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (channels.length === 0) return out;
  const { rows } = await db.query<ChannelRef & { t: number }>(
    `SELECT platform, workspace, channel, (extract(epoch FROM delivered_at) * 1000)::float8 AS t FROM deliveries
     WHERE status = 'delivered' AND message_id IS NOT NULL AND delivered_at > $1 AND ${IN_CHANNELS}`,
    [new Date(now.getTime() - HISTORY_MS), ...columns(channels)],
  );
  for (const r of rows) out.set(keyOf(r), [...(out.get(keyOf(r)) ?? []), r.t]);
  return out;
}

/** After a takeover: only what the crashed owner may have been sending (see above). */
export function inFlightFirst(due: Delivery[]): Delivery[] {
  const first = due[0];
  if (!first) return due;
  return first.digestKey ? due.filter((d) => d.digestKey === first.digestKey) : [first];
}

function handedOver(recent: number[], fromOutbox: number[] | undefined): number[] {
  if (!fromOutbox) return recent;
  const last = recent.length > 0 ? Math.max(...recent) : -Infinity;
  return [...recent, ...fromOutbox.filter((t) => t > last)].sort((a, b) => a - b);
}

/** One statement (its own transaction): pick, lock and lease free channels, with their due deliveries. */
export async function claimDueChannels(pool: Pool, instance: string, now: Date, maxChannels: number, owner: string, leaseMs: number): Promise<ChannelBatch[]> {
  if (maxChannels <= 0) return [];
  const claimed = await pool.query<ClaimRow>(CLAIM_DUE, [now, maxChannels, owner, instance, new Date(now.getTime() + leaseMs)]);
  if (claimed.rows.length === 0) return [];
  const channels = claimed.rows.sort((a, b) => Number(a.first) - Number(b.first));
  const isTakeover = (c: ClaimRow) => c.prev_owner !== null && c.prev_owner !== owner;
  const times = await deliveredTimes(pool, channels.filter(isTakeover), now);
  // A batch may come back empty (its deliveries changed in between): the worker's run then
  // simply releases it, so no lease is left held by nobody.
  return channels.map((c) => {
    const due = c.deliveries.map(toDelivery);
    return {
      channel: { platform: c.platform, workspace: c.workspace, channel: c.channel },
      deliveries: isTakeover(c) ? inFlightFirst(due) : due,
      recentSends: handedOver(c.recent_sends, times.get(keyOf(c))),
    };
  });
}

export async function claimChannel(db: Db, instance: string, channel: ChannelRef, now: Date, owner: string, leaseMs: number): Promise<ChannelBatch | null> {
  const { rows } = await db.query<{ recent_sends: number[]; deliveries: DeliveryRow[]; prev_owner: string | null }>(CLAIM_ONE, [
    channel.platform, channel.workspace, channel.channel, owner, instance, new Date(now.getTime() + leaseMs), now,
  ]);
  const row = rows[0];
  if (!row) return null;
  const ref = { platform: channel.platform, workspace: channel.workspace, channel: channel.channel };
  const takeover = row.prev_owner !== null && row.prev_owner !== owner;
  const times = takeover ? await deliveredTimes(db, [ref], now) : new Map<string, number[]>();
  const deliveries = row.deliveries.map(toDelivery);
  return { channel: ref, deliveries: takeover ? inFlightFirst(deliveries) : deliveries, recentSends: handedOver(row.recent_sends, times.get(keyOf(ref))) };
}

/** Earliest due time among active deliveries of channels nobody holds now (held ones are their runs' business). */
export async function nextDueAt(db: Db, now: Date): Promise<Date | null> {
  // Per free channel (held ones are skipped before their deliveries are looked at).
  const { rows } = await db.query<{ at: Date | null }>(
    `WITH ${ALIVE_CTE}
     SELECT min(due.at) AS at FROM channel_leases l
     CROSS JOIN LATERAL (
       SELECT min(d.next_attempt_at) AS at FROM deliveries d
       WHERE d.platform = l.platform AND d.workspace = l.workspace AND d.channel = l.channel AND d.${ACTIVE_SQL}
     ) due
     WHERE NOT ${held('$1')}`,
    [now],
  );
  return rows[0]?.at ?? null;
}

export async function releaseChannel(db: Db, channel: ChannelRef, owner: string, recentSends: number[]): Promise<void> {
  const cutoff = Date.now() - HISTORY_MS;
  const kept = recentSends.filter((t) => t >= cutoff).slice(-50);
  await db.query(
    `UPDATE channel_leases SET owner = NULL, instance = NULL, lease_until = NULL, recent_sends = $5::jsonb
     WHERE platform = $1 AND workspace = $2 AND channel = $3 AND owner = $4`,
    [channel.platform, channel.workspace, channel.channel, owner, JSON.stringify(kept)],
  );
}
