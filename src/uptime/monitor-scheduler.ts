/**
 * Server-side monitors: every interval, check each monitored site (bounded concurrency), advance
 * its state machine and post state changes through the normal pipeline.
 *
 * The monitor set is derived, not stored twice: every uptime subscription whose target is a URL
 * (from /subscribe uptime or the admin API), plus the monitors pinned through POST /api/monitors.
 * A site nobody subscribes to any more stops being checked and leaves the status page.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/logger.ts';
import type { IngestDeps } from '../pipeline/ingest-webhook.ts';
import type { MonitorRecord, MonitorSettings, MonitorStore } from '../storage/monitor-store.ts';
import type { Store } from '../storage/store.ts';
import { applyChecks } from './apply-checks.ts';
import type { MonitorOptions } from './monitor-state.ts';
import { probeSite, type CheckResult, type ProbeOptions } from './probe.ts';
import { runPool } from './run-pool.ts';

/** How long a site that check-sites no longer reports stays on the status page. */
export const REPORTED_SITE_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Whether a site nobody names any more is still checked: it is DOWN, channels subscribed to every
 * site (`everySite`) were told so and are owed its UP — for at most a week after it went down.
 */
export function owesUp(record: MonitorRecord, everySite: boolean, now: Date): boolean {
  const since = Date.parse(record.state.lastChangeAt ?? record.createdAt);
  return everySite && record.state.announced === 'down' && since >= now.getTime() - REPORTED_SITE_TTL_MS;
}

export interface SchedulerDeps {
  store: Store;
  monitors: MonitorStore;
  ingest: IngestDeps;
  logger: Logger;
  intervalMs: number;
  options: MonitorOptions;
  probeDefaults: Pick<ProbeOptions, 'allowPrivate' | 'timeoutMs' | 'resolve'>;
  concurrency?: number;
  probe?: (url: string, options: ProbeOptions) => Promise<CheckResult>;
  now?: () => Date;
  /** Several instances on one database: only the leader runs rounds (else each site is checked and announced twice). */
  isLeader?: () => Promise<boolean>;
}

export class MonitorScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;
  private round: Promise<void> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.round = this.runOnce()
        .catch((err: unknown) => this.deps.logger.error({ err }, 'uptime check round failed'))
        .finally(() => {
          this.round = null;
          this.schedule(Math.max(0, this.deps.intervalMs - (Date.now() - started)));
        });
    }, delayMs);
    this.timer.unref?.();
  }

  /** The sites to check now, with their admin API settings (null = defaults). */
  async monitoredSites(): Promise<Map<string, MonitorSettings | null>> {
    const sites = new Map<string, MonitorSettings | null>();
    let everySite = false;
    for (const sub of await this.deps.store.listSubscriptions({ source: 'uptime' })) {
      if (sub.pausedReason) continue;
      if (sub.target === '*') everySite = true;
      else sites.set(sub.target, null);
    }
    const all = await this.deps.monitors.list();
    const records = all.filter((r) => r.origin === 'monitor');
    const now = this.deps.now?.() ?? new Date();
    const cutoff = now.getTime() - REPORTED_SITE_TTL_MS;
    for (const r of records) {
      if (r.settings?.pinned || (sites.has(r.url) && r.settings)) sites.set(r.url, r.settings);
    }
    for (const r of records) {
      if (sites.has(r.url)) continue;
      // Its last subscriber went (or its channel was paused) while it was down.
      if (owesUp(r, everySite, now)) sites.set(r.url, r.settings);
      else await this.deps.monitors.remove('monitor', r.url);
    }
    // Sites that check-sites stopped reporting leave the status page after a week.
    for (const r of all) {
      if (r.origin === 'report' && Date.parse(r.state.lastCheckAt ?? r.createdAt) < cutoff) await this.deps.monitors.remove('report', r.url);
    }
    return sites;
  }

  /** One round: every monitored site once. */
  async runOnce(): Promise<void> {
    if (this.deps.isLeader && !(await this.deps.isLeader())) return;
    const sites = [...(await this.monitoredSites()).entries()];
    const probe = this.deps.probe ?? probeSite;
    const now = this.deps.now ?? (() => new Date());
    await runPool(sites, this.deps.concurrency ?? 8, async ([url, settings]) => {
      if (this.stopped) return;
      const { pinned: _pinned, ...checkOptions } = settings ?? { pinned: false };
      const check = await probe(url, { ...this.deps.probeDefaults, ...checkOptions });
      try {
        const result = await applyChecks({ monitors: this.deps.monitors, ingest: this.deps.ingest, options: this.deps.options }, [
          { origin: 'monitor', url, check, now: now(), deliveryId: () => randomUUID() },
        ]);
        for (const e of result.events) this.deps.logger.info({ url, type: e.type, deliveries: result.deliveries }, e.summary);
      } catch (err) {
        this.deps.logger.error({ err, url }, 'could not record an uptime check');
      }
    });
  }
}
