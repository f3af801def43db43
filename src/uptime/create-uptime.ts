/**
 * Composition of the uptime feature for the server: the monitor store (on the lowdb file), the
 * scheduler, POST /webhooks/uptime, GET /status, /api/monitors and the SSRF guard used by
 * /subscribe uptime.
 */
import Router from '@koa/router';
import type { UptimeConfig } from '../config/uptime-config.ts';
import type { Logger } from '../logging/logger.ts';
import type { IngestDeps } from '../pipeline/ingest-webhook.ts';
import { uptimeWebhookHandler } from '../sources/uptime/uptime-webhook-route.ts';
import { emptyDataFile } from '../storage/lowdb/data-file.ts';
import { LowdbMonitorStore } from '../storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../storage/lowdb-store.ts';
import type { MonitorStore } from '../storage/monitor-store.ts';
import type { Store } from '../storage/store.ts';
import { formatInterval } from './format.ts';
import { DEFAULT_MONITOR_OPTIONS, type MonitorOptions } from './monitor-state.ts';
import { MonitorScheduler, owesUp } from './monitor-scheduler.ts';
import { monitorsApiRouter } from './monitors-api.ts';
import { refuseUnsafeSite, type ResolveHost } from './ssrf-guard.ts';
import { STATUS_PAGE_CSP, renderStatusPage } from './status-page.ts';

export interface UptimeDeps {
  config: UptimeConfig;
  store: Store;
  logger: Logger;
  adminToken: string | undefined;
  onDeliveriesQueued: () => void;
  /** Default: the lowdb store's shared file, or memory for other stores. */
  monitors?: MonitorStore;
  resolve?: ResolveHost;
  now?: () => Date;
  /** With several instances (Postgres): whether this one runs the monitor rounds. */
  isLeader?: () => Promise<boolean>;
}

export interface Uptime {
  monitors: MonitorStore;
  scheduler: MonitorScheduler;
  routers: Router[];
  /** For /subscribe uptime: a refusal message, or null when the site may be monitored. */
  refuseSite(url: string): Promise<string | null>;
  /** The check interval in words ("60 s"), for the /subscribe reply. */
  checkedEvery: string;
  start(): void;
  stop(): Promise<void>;
}

export function monitorOptions(config: UptimeConfig): MonitorOptions {
  return { ...DEFAULT_MONITOR_OPTIONS, failuresBeforeDown: config.failuresBeforeDown, realertEvery: config.realertEvery, slowMs: config.slowMs };
}

function defaultMonitorStore(store: Store): MonitorStore {
  if (store instanceof LowdbStore) return new LowdbMonitorStore(store.shared);
  return new LowdbMonitorStore({ data: emptyDataFile(), commit: async () => {} });
}

export function createUptime(deps: UptimeDeps): Uptime {
  const { config, logger } = deps;
  const monitors = deps.monitors ?? defaultMonitorStore(deps.store);
  const ingest: IngestDeps = { store: deps.store, onDeliveriesQueued: deps.onDeliveriesQueued, ...(deps.now ? { now: deps.now } : {}) };
  const guard = { allowPrivate: config.allowPrivate, ...(deps.resolve ? { resolve: deps.resolve } : {}) };
  const refuseSite = (url: string) => refuseUnsafeSite(url, guard);
  const options = monitorOptions(config);
  const scheduler = new MonitorScheduler({
    store: deps.store,
    monitors,
    ingest,
    logger,
    intervalMs: config.checkIntervalMs,
    options,
    probeDefaults: { ...guard, timeoutMs: Math.min(config.timeoutMs, Math.max(config.checkIntervalMs, 1000)) },
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.isLeader ? { isLeader: deps.isLeader } : {}),
  });

  const router = new Router();
  router.post('/webhooks/uptime', uptimeWebhookHandler({ ...ingest, secrets: config.webhookSecrets, monitors, options: { ...options, failuresBeforeDown: 1 } }));
  router.get('/status', async (ctx) => {
    const now = deps.now?.() ?? new Date();
    ctx.set('Content-Security-Policy', STATUS_PAGE_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderStatusPage(await monitors.list(), { now, refreshSeconds: config.checkIntervalMs / 1000 });
  });
  // Still wanted after DELETE /api/monitors: a channel names the site, or a * channel was told
  // it is DOWN and is owed the UP (the scheduler then drops it once it is up).
  const stillWanted = async (url: string) => {
    const subs = (await deps.store.listSubscriptions({ source: 'uptime' })).filter((s) => !s.pausedReason);
    if (subs.some((s) => s.target === url)) return 'subscribed' as const;
    const record = await monitors.get('monitor', url);
    return record && owesUp(record, subs.some((s) => s.target === '*'), deps.now?.() ?? new Date()) ? ('owed-up' as const) : null;
  };
  const api = monitorsApiRouter({ monitors, adminToken: deps.adminToken, refuseSite, stillWanted, ...(deps.now ? { now: deps.now } : {}) });

  if (config.webhookSecrets.length === 0) {
    logger.info({}, 'UPTIME_WEBHOOK_SECRET is not set: check-sites reports are disabled (POST /webhooks/uptime answers 404)');
  }
  if (config.allowPrivate) logger.warn({}, 'UPTIME_ALLOW_PRIVATE=1: monitors may reach loopback and private addresses (SSRF guard off)');
  return {
    monitors,
    scheduler,
    routers: [router, api],
    refuseSite,
    checkedEvery: formatInterval(config.checkIntervalMs),
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}
