/**
 * MonitorStore on the lowdb file: its own `monitors` key in the shared DataFile, written by the
 * main store's group commit (LowdbStore.shared), so monitor checks and webhooks share file writes.
 */
import { addCheck } from '../uptime/check-history.ts';
import type { LowdbShared } from './lowdb-store.ts';
import { type MonitorOrigin, type MonitorRecord, type MonitorSettings, type MonitorStore, newMonitorRecord, REPORT_IDS_KEPT, type RecordedCheck } from './monitor-store.ts';

export { REPORT_IDS_KEPT };

export interface LowdbMonitorsData {
  /** "<origin> <url>" → record. */
  records: Record<string, MonitorRecord>;
  /** Processed check-sites report ids, oldest first, capped. */
  reports: string[];
}

/** Report ids remembered for dedupe (a report every minute for about a week). */

const keyOf = (origin: MonitorOrigin, url: string): string => `${origin} ${url}`;

const clone = <T>(value: T): T => structuredClone(value);

export class LowdbMonitorStore implements MonitorStore {
  constructor(
    private readonly shared: LowdbShared,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get data(): LowdbMonitorsData {
    const monitors = (this.shared.data.monitors ??= { records: {}, reports: [] });
    monitors.records ??= {};
    monitors.reports ??= [];
    return monitors;
  }

  async list(): Promise<MonitorRecord[]> {
    return Object.values(this.data.records).map(clone);
  }

  async get(origin: MonitorOrigin, url: string): Promise<MonitorRecord | null> {
    const record = this.data.records[keyOf(origin, url)];
    return record ? clone(record) : null;
  }

  async setSettings(origin: MonitorOrigin, url: string, settings: MonitorSettings | null): Promise<MonitorRecord> {
    const key = keyOf(origin, url);
    const before = this.data.records[key];
    const record: MonitorRecord = { ...(before ?? newMonitorRecord(origin, url, this.now())), settings: settings === null ? null : clone(settings) };
    this.data.records[key] = record;
    try {
      await this.shared.commit([['monitors', 'records', key]]);
    } catch (err) {
      if (before) this.data.records[key] = before;
      else delete this.data.records[key];
      throw err;
    }
    return clone(record);
  }

  async recordChecks(checks: RecordedCheck[], options: { reportId?: string } = {}): Promise<void> {
    const data = this.data;
    const before = new Map<string, MonitorRecord | undefined>();
    for (const check of checks) {
      const key = keyOf(check.origin, check.url);
      if (!before.has(key)) before.set(key, data.records[key]);
      const current = data.records[key] ?? newMonitorRecord(check.origin, check.url, this.now());
      data.records[key] = { ...current, state: clone(check.state), history: addCheck(current.history, check.sample) };
    }
    const reportsBefore = data.reports;
    if (options.reportId !== undefined) data.reports = [...data.reports, options.reportId].slice(-REPORT_IDS_KEPT);
    try {
      await this.shared.commit([...[...before.keys()].map((key) => ['monitors', 'records', key]), ['monitors', 'reports']]);
    } catch (err) {
      for (const [key, record] of before) {
        if (record) data.records[key] = record;
        else delete data.records[key];
      }
      data.reports = reportsBefore;
      throw err;
    }
  }

  async remove(origin: MonitorOrigin, url: string): Promise<boolean> {
    const key = keyOf(origin, url);
    const before = this.data.records[key];
    if (!before) return false;
    delete this.data.records[key];
    try {
      await this.shared.commit([['monitors', 'records', key]]);
    } catch (err) {
      this.data.records[key] = before;
      throw err;
    }
    return true;
  }

  async hasReport(id: string): Promise<boolean> {
    return this.data.reports.includes(id);
  }
}
