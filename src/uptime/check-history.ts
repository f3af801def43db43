/**
 * Bounded check history of a monitor, for the status page: the newest checks (latency chart) and
 * hourly up/total counts for the last 7 days (uptime percentages). Pure functions, JSON-safe data.
 */
export interface CheckSample {
  at: string;
  up: boolean;
  latencyMs: number | null;
  status: number | null;
}

export interface HourBucket {
  /** ISO start of the hour (UTC). */
  hour: string;
  up: number;
  total: number;
}

export interface CheckHistory {
  /** Oldest first, at most RECENT_LIMIT. */
  recent: CheckSample[];
  /** Oldest first, at most HOURS_KEPT. */
  hourly: HourBucket[];
}

export const RECENT_LIMIT = 90;
export const HOURS_KEPT = 7 * 24 + 1;
const HOUR_MS = 3_600_000;

export function emptyHistory(): CheckHistory {
  return { recent: [], hourly: [] };
}

function hourStart(iso: string): string {
  const t = Date.parse(iso);
  return new Date(t - (t % HOUR_MS)).toISOString();
}

/** Appends a check; keeps both lists bounded. Never mutates `history`. */
export function addCheck(history: CheckHistory, sample: CheckSample): CheckHistory {
  const recent = [...history.recent, sample].slice(-RECENT_LIMIT);
  const hour = hourStart(sample.at);
  const hourly = history.hourly.map((b) => ({ ...b }));
  const last = hourly[hourly.length - 1];
  if (last && last.hour === hour) {
    last.total += 1;
    if (sample.up) last.up += 1;
  } else {
    hourly.push({ hour, up: sample.up ? 1 : 0, total: 1 });
  }
  const cutoff = Date.parse(hour) - (HOURS_KEPT - 1) * HOUR_MS;
  return { recent, hourly: hourly.filter((b) => Date.parse(b.hour) >= cutoff) };
}

/** Percentage of successful checks in the last `hours` hours (by hour bucket), or null without checks. */
export function uptimePercent(history: CheckHistory, now: Date, hours: number): number | null {
  const from = Date.parse(hourStart(now.toISOString())) - (hours - 1) * HOUR_MS;
  let up = 0;
  let total = 0;
  for (const b of history.hourly) {
    if (Date.parse(b.hour) < from) continue;
    up += b.up;
    total += b.total;
  }
  return total === 0 ? null : (up / total) * 100;
}
