/**
 * Chooses the stores for the server: Postgres when DATABASE_URL is set (several instances may
 * share it), else the embedded lowdb file (DATA_FILE, one process).
 */
import type { Config } from '../config/config.ts';
import type { SharedBotPacer } from '../delivery/bot-pacer.ts';
import type { Logger } from '../logging/logger.ts';
import type { HookStore } from './hook-store.ts';
import { hookStoreFor } from './lowdb-hook-store.ts';
import { openLowdbStore } from './lowdb-store.ts';
import type { MonitorStore } from './monitor-store.ts';
import { openPostgresStores } from './postgres/open-postgres.ts';
import { redactUrl } from './postgres/errors.ts';
import type { Store } from './store.ts';

export interface ServerStores {
  store: Store;
  hooks: HookStore;
  /** Undefined: the uptime feature's default (the lowdb file). */
  monitors?: MonitorStore;
  /** For the start-up log: the file or the (password-less) database URL. */
  location: string;
  /** Other instances queued deliveries: wake the worker (Postgres LISTEN/NOTIFY). */
  onDeliveriesQueued?: (listener: () => void) => void;
  /** Whether this instance runs the uptime monitor rounds (one among several). */
  isMonitorLeader?: () => Promise<boolean>;
  /** Discord's per-bot request budget shared with the other instances (Postgres); lowdb is one process. */
  discordPacer?: SharedBotPacer;
}

export async function openStores(config: Config, logger: Logger): Promise<ServerStores> {
  if (config.databaseUrl) {
    const pg = await openPostgresStores(config.databaseUrl, { eventLimitPerSource: config.eventLogLimit, logger });
    return {
      store: pg.store,
      hooks: pg.hooks,
      monitors: pg.monitors,
      location: redactUrl(config.databaseUrl),
      onDeliveriesQueued: (listener) => void pg.onDeliveriesQueued(listener),
      isMonitorLeader: pg.isMonitorLeader,
      discordPacer: pg.discordPacer,
    };
  }
  const store = await openLowdbStore(config.dataFile, { eventLimitPerSource: config.eventLogLimit });
  return { store, hooks: hookStoreFor(store), location: config.dataFile };
}
