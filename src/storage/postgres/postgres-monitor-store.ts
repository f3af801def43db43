/**
 * MonitorStore on Postgres: one json record per (origin, url), and the processed check-sites
 * report ids (capped like the lowdb store's). recordChecks is one transaction that locks the
 * records it appends to, so two instances recording checks of one site do not lose a sample.
 */
import type { Pool } from 'pg';
import { addCheck } from '../../uptime/check-history.ts';
import { type MonitorOrigin, type MonitorRecord, type MonitorSettings, type MonitorStore, newMonitorRecord, REPORT_IDS_KEPT, type RecordedCheck } from '../monitor-store.ts';
import type { Db } from './rows.ts';
import { inTransaction } from './transaction.ts';

/** Report ids remembered for dedupe (a report every minute for about a week), as on lowdb. */

const UPSERT = `INSERT INTO monitors (origin, url, record) VALUES ($1, $2, $3::json)
  ON CONFLICT (origin, url) DO UPDATE SET record = EXCLUDED.record`;

export class PostgresMonitorStore implements MonitorStore {
  private reportsSincePrune = 0;

  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async read(db: Db, origin: MonitorOrigin, url: string, lock = false): Promise<MonitorRecord | null> {
    const { rows } = await db.query<{ record: MonitorRecord }>(
      `SELECT record FROM monitors WHERE origin = $1 AND url = $2${lock ? ' FOR UPDATE' : ''}`,
      [origin, url],
    );
    return rows[0]?.record ?? null;
  }

  async list(): Promise<MonitorRecord[]> {
    const { rows } = await this.pool.query<{ record: MonitorRecord }>('SELECT record FROM monitors ORDER BY origin, url');
    return rows.map((r) => r.record);
  }

  get(origin: MonitorOrigin, url: string): Promise<MonitorRecord | null> {
    return this.read(this.pool, origin, url);
  }

  setSettings(origin: MonitorOrigin, url: string, settings: MonitorSettings | null): Promise<MonitorRecord> {
    return inTransaction(this.pool, async (db) => {
      // Serializes with a concurrent first insert of the same monitor (another instance).
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`monitor ${origin} ${url}`]);
      const before = (await this.read(db, origin, url, true)) ?? newMonitorRecord(origin, url, this.now());
      const record: MonitorRecord = JSON.parse(JSON.stringify({ ...before, settings })) as MonitorRecord;
      await db.query(UPSERT, [origin, url, JSON.stringify(record)]);
      return record;
    });
  }

  async recordChecks(checks: RecordedCheck[], options: { reportId?: string } = {}): Promise<void> {
    await inTransaction(this.pool, async (db) => {
      const keys = [...new Set(checks.map((c) => `monitor ${c.origin} ${c.url}`))].sort();
      for (const key of keys) await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const current = new Map<string, MonitorRecord>();
      for (const check of checks) {
        const key = `${check.origin} ${check.url}`;
        const record = current.get(key) ?? (await this.read(db, check.origin, check.url, true)) ?? newMonitorRecord(check.origin, check.url, this.now());
        current.set(key, { ...record, state: check.state, history: addCheck(record.history, check.sample) });
      }
      for (const record of current.values()) await db.query(UPSERT, [record.origin, record.url, JSON.stringify(record)]);
      if (options.reportId !== undefined) {
        await db.query('INSERT INTO monitor_reports (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [options.reportId]);
      }
    });
    if (options.reportId !== undefined && ++this.reportsSincePrune >= 100) {
      this.reportsSincePrune = 0;
      await this.pruneReports();
    }
  }

  /** Keeps the newest REPORT_IDS_KEPT report ids. */
  async pruneReports(keep = REPORT_IDS_KEPT): Promise<void> {
    await this.pool.query(
      'DELETE FROM monitor_reports WHERE seq <= (SELECT seq FROM monitor_reports ORDER BY seq DESC OFFSET $1 LIMIT 1)',
      [keep],
    );
  }

  async remove(origin: MonitorOrigin, url: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM monitors WHERE origin = $1 AND url = $2', [origin, url]);
    return (rowCount ?? 0) > 0;
  }

  async hasReport(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM monitor_reports WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }
}
