import { advanceMonitor, DEFAULT_MONITOR_OPTIONS, type MonitorOptions, type MonitorState, type MonitorTransition } from '../../src/uptime/monitor-state.ts';
import type { CheckResult } from '../../src/uptime/probe.ts';

export const URL = 'https://shop.example.com';

export function ok(latencyMs = 184, tlsDaysLeft: number | null = null): CheckResult {
  return { url: URL, up: true, status: 200, latencyMs, error: null, tlsDaysLeft };
}

export function fail(error = 'HTTP 503', status: number | null = 503, tlsDaysLeft: number | null = null): CheckResult {
  return { url: URL, up: false, status, latencyMs: status === null ? null : 20, error, tlsDaysLeft };
}

/** Drives the pure state machine with an injected clock: one check per `stepMs`. */
export class Runner {
  state: MonitorState | null = null;
  readonly log: MonitorTransition[][] = [];
  now: Date;

  constructor(
    readonly options: MonitorOptions = DEFAULT_MONITOR_OPTIONS,
    start = '2026-03-04T12:04:00.000Z',
    readonly stepMs = 60_000,
  ) {
    this.now = new Date(start);
  }

  check(result: CheckResult): MonitorTransition[] {
    const step = advanceMonitor(this.state, result, this.now, this.options);
    this.state = step.state;
    this.log.push(step.events);
    this.now = new Date(this.now.getTime() + this.stepMs);
    return step.events;
  }

  /** Runs several checks; returns every event they produced. */
  run(...results: CheckResult[]): MonitorTransition[] {
    return results.flatMap((r) => this.check(r));
  }

  wait(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
