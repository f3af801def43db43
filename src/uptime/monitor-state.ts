/**
 * The monitor state machine, a pure function: (state, check, now, options) → { state, events }.
 *
 * - A failed check makes an up monitor PENDING; DOWN only after `failuresBeforeDown` consecutive
 *   failures (the DOWN message says how many and since when). A success ends a pending streak
 *   silently and turns DOWN into UP (with the downtime).
 * - The first settled state (up or down) of a new monitor is recorded silently: no alert storm
 *   when monitors start. UP is only announced after an announced DOWN (no "UP" out of nowhere).
 * - Optional re-alert every `realertEvery` checks while down.
 * - TLS certificate expiry warnings at each threshold (14, 7, 1 days), once per certificate.
 * - Slow: `failuresBeforeDown` consecutive successful checks slower than `slowMs`, once per episode.
 * - Flapping: `flapThreshold` up/down changes within `flapWindowMs` → one "flapping" event, then
 *   silence until there was no change for a whole window; then the settled state is announced if
 *   it differs from what the channel last heard.
 */
import type { CheckResult } from './probe.ts';

export const MONITOR_STATUSES = ['unknown', 'up', 'pending', 'down'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

export interface MonitorState {
  status: MonitorStatus;
  /** Whether the monitor ever settled (up or down): the first settled state is not announced. */
  established: boolean;
  /** Consecutive failed checks. */
  failures: number;
  /** First failed check of the current failure streak (ISO), null after a success. */
  failingSince: string | null;
  /** When the current outage began (first failed check before DOWN), while down. */
  downSince: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastCheckAt: string | null;
  /** When the status last changed between up and down (ISO). */
  lastChangeAt: string | null;
  /** What the channels last heard: 'down' after a DOWN alert, 'up' after an UP, null before any. */
  announced: 'up' | 'down' | null;
  /** Failed checks since the last DOWN alert (re-alerts). */
  checksSinceAlert: number;
  /** Up/down changes inside the flap window (ISO times, oldest first). */
  changes: string[];
  flapping: boolean;
  slowStreak: number;
  slow: boolean;
  /** TLS thresholds (days) already warned about for the current certificate. */
  tlsWarned: number[];
}

export interface MonitorOptions {
  failuresBeforeDown: number;
  /** Re-send DOWN every this many failed checks while down; 0 = never. */
  realertEvery: number;
  /** Days before certificate expiry to warn at (each once). */
  tlsWarnDays: readonly number[];
  /** Latency above this is slow; null = no slow alerts. */
  slowMs: number | null;
  flapThreshold: number;
  flapWindowMs: number;
}

export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = {
  failuresBeforeDown: 3,
  realertEvery: 0,
  tlsWarnDays: [14, 7, 1],
  slowMs: null,
  flapThreshold: 5,
  flapWindowMs: 30 * 60_000,
};

export type MonitorTransition =
  | { kind: 'down'; reason: string; statusCode: number | null; failures: number; since: string; reminder: boolean; afterFlapping: boolean }
  | { kind: 'up'; downSince: string | null; downtimeMs: number | null; latencyMs: number | null; afterFlapping: boolean }
  | { kind: 'tls'; daysLeft: number; threshold: number }
  | { kind: 'slow'; latencyMs: number; thresholdMs: number }
  | { kind: 'flapping'; changes: number; windowMs: number; status: 'up' | 'down' };

export interface MonitorStep {
  state: MonitorState;
  events: MonitorTransition[];
}

export function initialMonitorState(): MonitorState {
  return {
    status: 'unknown', established: false, failures: 0, failingSince: null, downSince: null,
    lastError: null, lastStatusCode: null, lastLatencyMs: null, lastCheckAt: null, lastChangeAt: null,
    announced: null, checksSinceAlert: 0, changes: [], flapping: false, slowStreak: 0, slow: false, tlsWarned: [],
  };
}

function downEvent(s: MonitorState, reminder: boolean, afterFlapping: boolean): MonitorTransition {
  return {
    kind: 'down', reason: s.lastError ?? 'down', statusCode: s.lastStatusCode, failures: s.failures,
    since: s.downSince ?? s.failingSince ?? s.lastCheckAt ?? '', reminder, afterFlapping,
  };
}

function upEvent(downSince: string | null, now: Date, latencyMs: number | null, afterFlapping: boolean): MonitorTransition {
  const downtimeMs = downSince === null ? null : Math.max(0, now.getTime() - Date.parse(downSince));
  return { kind: 'up', downSince, downtimeMs, latencyMs, afterFlapping };
}

/** Records an up/down change; returns the event to announce it with (or none while flapping). */
function settle(s: MonitorState, to: 'up' | 'down', now: Date, options: MonitorOptions, announce: MonitorTransition | null): MonitorTransition[] {
  const iso = now.toISOString();
  s.status = to;
  s.lastChangeAt = iso;
  s.changes.push(iso);
  if (s.flapping) return [];
  if (s.changes.length >= options.flapThreshold) {
    s.flapping = true;
    // The flapping alert says which state it is in right now: that is what the channels heard,
    // so the state it settles in is announced when it differs (endFlapping).
    s.announced = to;
    return [{ kind: 'flapping', changes: s.changes.length, windowMs: options.flapWindowMs, status: to }];
  }
  if (announce === null) return [];
  s.announced = to;
  if (to === 'down') s.checksSinceAlert = 0;
  return [announce];
}

function onSuccess(s: MonitorState, check: CheckResult, now: Date, options: MonitorOptions): MonitorTransition[] {
  const wasDown = s.status === 'down';
  const downSince = s.downSince;
  s.failures = 0;
  s.failingSince = null;
  s.lastError = null;
  if (!s.established) {
    s.established = true;
    s.status = 'up';
    s.lastChangeAt = now.toISOString();
    return [];
  }
  if (!wasDown) {
    s.status = 'up';
    return [];
  }
  s.downSince = null;
  const announce = s.announced === 'down' ? upEvent(downSince, now, check.latencyMs, false) : null;
  return settle(s, 'up', now, options, announce);
}

function onFailure(s: MonitorState, check: CheckResult, now: Date, options: MonitorOptions): MonitorTransition[] {
  s.failures += 1;
  s.failingSince ??= now.toISOString();
  s.lastError = check.error ?? (check.status !== null ? `HTTP ${check.status}` : 'down');
  s.lastStatusCode = check.status;
  if (s.status === 'down') {
    s.checksSinceAlert += 1;
    if (options.realertEvery > 0 && s.announced === 'down' && !s.flapping && s.checksSinceAlert >= options.realertEvery) {
      s.checksSinceAlert = 0;
      return [downEvent(s, true, false)];
    }
    return [];
  }
  if (s.failures < options.failuresBeforeDown) {
    s.status = 'pending';
    return [];
  }
  s.downSince = s.failingSince;
  if (!s.established) {
    s.established = true;
    s.status = 'down';
    s.lastChangeAt = now.toISOString();
    return [];
  }
  s.status = 'down';
  return settle(s, 'down', now, options, downEvent(s, false, false));
}

function tlsEvents(s: MonitorState, daysLeft: number | null, options: MonitorOptions): MonitorTransition[] {
  if (daysLeft === null || options.tlsWarnDays.length === 0) return [];
  if (daysLeft > Math.max(...options.tlsWarnDays)) {
    s.tlsWarned = []; // a new certificate: warn again next time
    return [];
  }
  const crossed = options.tlsWarnDays.filter((t) => daysLeft <= t && !s.tlsWarned.includes(t));
  if (crossed.length === 0) return [];
  s.tlsWarned = [...s.tlsWarned, ...crossed].sort((a, b) => b - a);
  return [{ kind: 'tls', daysLeft, threshold: Math.min(...crossed) }];
}

function slowEvents(s: MonitorState, check: CheckResult, options: MonitorOptions): MonitorTransition[] {
  const slow = check.up && options.slowMs !== null && check.latencyMs !== null && check.latencyMs > options.slowMs;
  if (!slow) {
    s.slowStreak = 0;
    if (check.up) s.slow = false;
    return [];
  }
  s.slowStreak += 1;
  if (s.slow || s.slowStreak < options.failuresBeforeDown) return [];
  s.slow = true;
  return [{ kind: 'slow', latencyMs: check.latencyMs!, thresholdMs: options.slowMs! }];
}

/** After a whole quiet window, flapping ends; the settled state is announced if it is news. */
function endFlapping(s: MonitorState, now: Date, check: CheckResult): MonitorTransition[] {
  if (!s.flapping || s.changes.length > 0) return [];
  s.flapping = false;
  if (s.status === 'down' && s.announced !== 'down') {
    s.announced = 'down';
    s.checksSinceAlert = 0;
    return [downEvent(s, false, true)];
  }
  if (s.status === 'up' && s.announced === 'down') {
    s.announced = 'up';
    return [upEvent(null, now, check.latencyMs, true)];
  }
  return [];
}

/** One check → the next state and what to announce. Never mutates `previous`. */
export function advanceMonitor(previous: MonitorState | null, check: CheckResult, now: Date, options: MonitorOptions = DEFAULT_MONITOR_OPTIONS): MonitorStep {
  const s: MonitorState = previous ? { ...previous, changes: [...previous.changes], tlsWarned: [...previous.tlsWarned] } : initialMonitorState();
  const t = now.getTime();
  s.changes = s.changes.filter((iso) => t - Date.parse(iso) < options.flapWindowMs);
  s.lastCheckAt = now.toISOString();
  s.lastLatencyMs = check.latencyMs;
  const events = check.up ? onSuccess(s, check, now, options) : onFailure(s, check, now, options);
  const slow = slowEvents(s, check, options);
  // A first check only records the site (TLS expiry aside): slowness is said from the second on.
  events.push(...endFlapping(s, now, check), ...tlsEvents(s, check.tlsDaysLeft, options), ...(previous ? slow : []));
  return { state: s, events };
}
