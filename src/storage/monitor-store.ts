/**
 * MonitorStore: uptime monitor state and bounded check history, plus the ids of check-sites
 * reports already processed. Implementations: lowdb (lowdb-monitor-store.ts, shares the main
 * store's file and group commit) and Postgres (postgres/postgres-monitor-store.ts). Every
 * mutating method resolves only after the change is durable.
 */
import { type CheckHistory, type CheckSample, emptyHistory } from '../uptime/check-history.ts';
import { initialMonitorState, type MonitorState } from '../uptime/monitor-state.ts';
import type { SiteCheckOptions } from '../uptime/probe.ts';

/** 'monitor': checked by the server on a schedule; 'report': fed by `hookbridge check-sites --report`. */
export const MONITOR_ORIGINS = ['monitor', 'report'] as const;
export type MonitorOrigin = (typeof MONITOR_ORIGINS)[number];

/** Per-monitor settings set through the admin API (`POST /api/monitors`). */
export interface MonitorSettings extends SiteCheckOptions {
  /** Kept and checked even when no channel subscribes to it (shown on the status page). */
  pinned: boolean;
}

export interface MonitorRecord {
  origin: MonitorOrigin;
  /** Normalised site URL (normalizeSiteUrl), the same string uptime subscriptions name. */
  url: string;
  state: MonitorState;
  history: CheckHistory;
  settings: MonitorSettings | null;
  createdAt: string;
}

export interface RecordedCheck {
  origin: MonitorOrigin;
  url: string;
  state: MonitorState;
  sample: CheckSample;
}

export interface MonitorStore {
  list(): Promise<MonitorRecord[]>;
  get(origin: MonitorOrigin, url: string): Promise<MonitorRecord | null>;
  /** Creates the record if needed and sets (or, with null, clears) its settings. */
  setSettings(origin: MonitorOrigin, url: string, settings: MonitorSettings | null): Promise<MonitorRecord>;
  /**
   * Saves each monitor's new state and appends the check to its history, creating records as
   * needed, in one durable write. With `reportId`, the report is remembered in the same write.
   */
  recordChecks(checks: RecordedCheck[], options?: { reportId?: string }): Promise<void>;
  remove(origin: MonitorOrigin, url: string): Promise<boolean>;
  /** Whether a check-sites report id was already processed. */
  hasReport(id: string): Promise<boolean>;
}

/** How many processed report ids a store remembers (a resent report is recognised by its id). */
export const REPORT_IDS_KEPT = 10_000;

/** The record of a site seen for the first time. */
export function newMonitorRecord(origin: MonitorOrigin, url: string, now: Date): MonitorRecord {
  return { origin, url, state: initialMonitorState(), history: emptyHistory(), settings: null, createdAt: now.toISOString() };
}
