/**
 * Check results → state machine → NormalizedEvents through the normal pipeline (ingestEvent), then
 * the new states and history. Events are made durable BEFORE the state: a crash in between
 * repeats a transition on the next check (at-least-once) rather than losing an alert.
 */
import type { NormalizedEvent } from '../events/normalized-event.ts';
import { ingestEvent, type IngestDeps } from '../pipeline/ingest-webhook.ts';
import { normalizeUptimeTransition } from '../sources/uptime/normalize-uptime.ts';
import type { MonitorOrigin, MonitorStore, RecordedCheck } from '../storage/monitor-store.ts';
import { advanceMonitor, type MonitorOptions, type MonitorTransition } from './monitor-state.ts';
import type { CheckResult } from './probe.ts';

export interface ApplyDeps {
  monitors: MonitorStore;
  ingest: IngestDeps;
  options: MonitorOptions;
}

export interface CheckToApply {
  origin: MonitorOrigin;
  /** Normalised site URL. */
  url: string;
  check: CheckResult;
  now: Date;
  /** Delivery id of the n-th transition of this check. */
  deliveryId: (transition: MonitorTransition, index: number) => string;
}

export interface ApplyResult {
  events: NormalizedEvent[];
  deliveries: number;
}

export async function applyChecks(deps: ApplyDeps, checks: CheckToApply[], options: { reportId?: string } = {}): Promise<ApplyResult> {
  const recorded: RecordedCheck[] = [];
  const events: NormalizedEvent[] = [];
  let deliveries = 0;
  for (const c of checks) {
    const record = await deps.monitors.get(c.origin, c.url);
    const step = advanceMonitor(record?.state ?? null, c.check, c.now, deps.options);
    // The same URL may be checked by the server (a monitor) and reported by check-sites: each
    // keeps its own state, but what the channels already heard from the other about this same
    // outage is not said again — a DOWN while the other is down and said so, an UP the other said
    // after this outage began — and a report's TLS and slow alerts give way to the monitor's.
    const other = await deps.monitors.get(c.origin === 'report' ? 'monitor' : 'report', c.url);
    const outageBegan = record?.state.downSince ?? record?.state.failingSince ?? null;
    const alreadySaid = (t: MonitorTransition): boolean => {
      if (!other) return false;
      const o = other.state;
      if (t.kind === 'down' && !t.reminder) return o.announced === 'down' && o.status === 'down';
      if (t.kind === 'up') {
        return o.announced === 'up' && o.status === 'up' && outageBegan !== null && o.lastChangeAt !== null && o.lastChangeAt > outageBegan;
      }
      return c.origin === 'report' && (t.kind === 'tls' || t.kind === 'slow');
    };
    for (const [index, transition] of step.events.filter((t) => !alreadySaid(t)).entries()) {
      const event = normalizeUptimeTransition({ url: c.url, origin: c.origin, transition, deliveryId: c.deliveryId(transition, index), now: c.now });
      const result = await ingestEvent(deps.ingest, event);
      deliveries += result.deliveries;
      events.push(event);
    }
    recorded.push({
      origin: c.origin,
      url: c.url,
      state: step.state,
      sample: { at: c.now.toISOString(), up: c.check.up, latencyMs: c.check.latencyMs, status: c.check.status },
    });
  }
  await deps.monitors.recordChecks(recorded, options);
  return { events, deliveries };
}
