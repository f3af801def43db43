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
    // A site the server monitors itself is announced by its monitor alone: a check-sites report
    // of the same URL is recorded (status page) but says nothing, or channels would hear each
    // DOWN and UP twice.
    const announcedElsewhere = c.origin === 'report' && (await deps.monitors.get('monitor', c.url)) !== null;
    for (const [index, transition] of (announcedElsewhere ? [] : step.events).entries()) {
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
