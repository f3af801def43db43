/**
 * Opens everything hookbridge keeps in Postgres for one process: a pool (every connection named
 * after this instance), the schema (migrated), the Store, HookStore and MonitorStore on it, the
 * LISTEN connection that wakes the worker, and the leader lock of the uptime scheduler.
 * Connection failures become a PostgresStartError that names DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DISCORD_SHARED_REQUESTS_PER_SECOND } from '../../delivery/bot-pacer.ts';
import { type Logger, silentLogger } from '../../logging/logger.ts';
import { startError } from './errors.ts';
import { LeaderLock } from './leader-lock.ts';
import { PgBotPacer } from './pg-bot-pacer.ts';
import { runMigrations } from './migrations.ts';
import { ensureLeaseRows } from './pg-leases.ts';
import { DeliveryNotifier } from './notifier.ts';
import { PostgresHookStore } from './postgres-hook-store.ts';
import { PostgresMonitorStore } from './postgres-monitor-store.ts';
import { PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';

export interface OpenPostgresOptions extends PostgresStoreOptions {
  logger?: Logger;
  /** Pool size (default 20). */
  maxConnections?: number;
  /** Safety-net poll of the worker wake-up, ms (default 2000; 0 = NOTIFY only). */
  pollMs?: number;
  connectionTimeoutMs?: number;
}

export interface PostgresStores {
  store: PostgresStore;
  hooks: PostgresHookStore;
  monitors: PostgresMonitorStore;
  /** Calls `listener` when another instance queued deliveries (or on the safety-net poll). */
  onDeliveriesQueued(listener: () => void): () => void;
  /** Whether this instance runs the uptime monitor rounds (one leader among instances). */
  isMonitorLeader(): Promise<boolean>;
  /** Discord's per-bot request budget, shared by every instance on the database. */
  discordPacer: PgBotPacer;
  /** Closes the pool and the dedicated connections (store.close() does the same). */
  close(): Promise<void>;
}

/** Advisory lock key of the uptime scheduler's leader ("uptime" as a number). */
const MONITOR_LEADER_KEY = 0x75707469;

/** Opens the pool with a probe query and migrates; errors name DATABASE_URL and what to check. */
export async function openPool(url: string, options: OpenPostgresOptions & { applicationName: string }): Promise<pg.Pool> {
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({
    connectionString: url,
    application_name: options.applicationName,
    max: options.maxConnections ?? 20,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'Postgres connection lost (the pool reconnects)'));
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw startError(url, err);
  }
  try {
    const { applied, current } = await runMigrations(pool);
    if (applied.length > 0) logger.info({ applied, version: current }, 'Postgres schema migrated');
  } catch (err) {
    await pool.end().catch(() => {});
    throw startError(url, new Error(`migrating the schema failed: ${(err as Error).message}`));
  }
  return pool;
}

export async function openPostgresStores(url: string, options: OpenPostgresOptions = {}): Promise<PostgresStores> {
  const logger = options.logger ?? silentLogger;
  const applicationName = `hookbridge-${randomUUID()}`;
  const pool = await openPool(url, { ...options, applicationName });
  await ensureLeaseRows(pool).catch(async (err: unknown) => {
    await pool.end().catch(() => {});
    throw startError(url, err);
  });
  const notifier = new DeliveryNotifier({ connectionString: url, applicationName, logger, pollMs: options.pollMs ?? 2000 });
  try {
    await notifier.start();
  } catch (err) {
    await pool.end().catch(() => {});
    throw startError(url, err);
  }
  const leader = new LeaderLock({ connectionString: url, application_name: applicationName }, MONITOR_LEADER_KEY);
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await notifier.close();
      await leader.close();
      await pool.end();
    })();
    return closing;
  };
  const store = new PostgresStore(pool, applicationName, { ...options, logger }, close);
  return {
    store,
    hooks: new PostgresHookStore(pool),
    monitors: new PostgresMonitorStore(pool),
    onDeliveriesQueued: (listener) => notifier.subscribe(listener),
    isMonitorLeader: () => leader.isLeader(),
    discordPacer: new PgBotPacer(pool, DISCORD_SHARED_REQUESTS_PER_SECOND),
    close: () => store.close(),
  };
}
