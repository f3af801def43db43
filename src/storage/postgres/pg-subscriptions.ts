/** Subscriptions: the whole object as json, plus the columns they are looked up by. */
import { randomUUID } from 'node:crypto';
import type { Subscription } from '../../subscriptions/subscription.ts';
import type { ChannelRef, NewSubscription } from '../store.ts';
import { type Db, subscriptionParams, type SubscriptionRow } from './rows.ts';
import type { Pool } from 'pg';
import { inTransaction } from './transaction.ts';

export async function listSubscriptions(db: Db, filter: Partial<ChannelRef> & { source?: string } = {}): Promise<Subscription[]> {
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT data FROM subscriptions
     WHERE ($1::text IS NULL OR platform = $1) AND ($2::text IS NULL OR workspace = $2)
       AND ($3::text IS NULL OR channel = $3) AND ($4::text IS NULL OR source = $4)
     ORDER BY seq`,
    [filter.platform ?? null, filter.workspace ?? null, filter.channel ?? null, filter.source ?? null],
  );
  return rows.map((r) => r.data);
}

export async function getSubscription(db: Db, id: string): Promise<Subscription | null> {
  const { rows } = await db.query<SubscriptionRow>('SELECT data FROM subscriptions WHERE id = $1', [id]);
  return rows[0]?.data ?? null;
}

const INSERT = `INSERT INTO subscriptions (id, platform, workspace, channel, source, target, data) VALUES ($1, $2, $3, $4, $5, $6, $7::json)`;

export async function addSubscription(db: Db, sub: NewSubscription): Promise<Subscription> {
  const stored: Subscription = { ...sub, id: randomUUID(), createdAt: new Date().toISOString() };
  await db.query(INSERT, subscriptionParams(stored));
  return stored;
}

/** Inserts a subscription as it is (migration); false when its id exists. */
export async function importSubscription(db: Db, sub: Subscription): Promise<boolean> {
  const { rowCount } = await db.query(`${INSERT} ON CONFLICT (id) DO NOTHING`, subscriptionParams(sub));
  return (rowCount ?? 0) > 0;
}

export function updateSubscription(pool: Pool, id: string, patch: Partial<Omit<Subscription, 'id'>>): Promise<Subscription | null> {
  return inTransaction(pool, async (db) => {
    const { rows } = await db.query<SubscriptionRow>('SELECT data FROM subscriptions WHERE id = $1 FOR UPDATE', [id]);
    const current = rows[0]?.data;
    if (!current) return null;
    // Through JSON like the stored copy, so the answer equals what a later read returns.
    const updated = JSON.parse(JSON.stringify({ ...current, ...patch, id })) as Subscription;
    const [, ...params] = subscriptionParams(updated);
    await db.query(
      'UPDATE subscriptions SET platform = $2, workspace = $3, channel = $4, source = $5, target = $6, data = $7::json WHERE id = $1',
      [id, ...params],
    );
    return updated;
  });
}

export async function removeSubscription(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM subscriptions WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

export async function findSubscriptionsByTargets(db: Db, source: string, targets: string[]): Promise<Subscription[]> {
  if (targets.length === 0) return [];
  const { rows } = await db.query<SubscriptionRow>(
    'SELECT data FROM subscriptions WHERE source = $1 AND target = ANY($2::text[]) ORDER BY seq',
    [source, [...new Set(targets)]],
  );
  return rows.map((r) => r.data);
}
