/**
 * A monitor state change → NormalizedEvent (source 'uptime', target = normalised site URL,
 * type = template name under templates/uptime/, feature = down | up | tls | slow).
 */
import type { JsonObject, NormalizedEvent } from '../../events/normalized-event.ts';
import type { MonitorOrigin } from '../../storage/monitor-store.ts';
import { formatDowntime, formatLatency, formatSince, siteName } from '../../uptime/format.ts';
import type { MonitorTransition } from '../../uptime/monitor-state.ts';

export interface UptimeEventInput {
  url: string;
  origin: MonitorOrigin;
  transition: MonitorTransition;
  /** Unique per transition (a fresh UUID for monitors; derived from the report id for reports). */
  deliveryId: string;
  now: Date;
}

const FEATURE: Record<MonitorTransition['kind'], string> = { down: 'down', up: 'up', tls: 'tls', slow: 'slow', flapping: 'down' };
const COLOR: Record<MonitorTransition['kind'], string> = { down: 'failure', up: 'success', tls: 'warning', slow: 'warning', flapping: 'warning' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function details(t: MonitorTransition, now: Date): JsonObject {
  switch (t.kind) {
    case 'down':
      return {
        reason: t.reason, status_code: t.statusCode, failures: t.failures, checks_text: plural(t.failures, 'check'),
        since: t.since, since_text: formatSince(t.since, now), reminder: t.reminder, after_flapping: t.afterFlapping,
      };
    case 'up':
      return {
        downtime_seconds: t.downtimeMs === null ? null : Math.round(t.downtimeMs / 1000),
        downtime_text: t.downtimeMs === null ? '' : formatDowntime(t.downtimeMs),
        down_since: t.downSince, latency_ms: t.latencyMs, latency_text: formatLatency(t.latencyMs), after_flapping: t.afterFlapping,
      };
    case 'tls':
      return {
        days_left: t.daysLeft, threshold_days: t.threshold,
        expiry_text: t.daysLeft < 0 ? `expired ${plural(-t.daysLeft, 'day')} ago` : t.daysLeft === 0 ? 'expires today' : `expires in ${plural(t.daysLeft, 'day')}`,
      };
    case 'slow':
      return { latency_ms: t.latencyMs, latency_text: formatLatency(t.latencyMs), threshold_ms: t.thresholdMs, threshold_text: formatLatency(t.thresholdMs) };
    case 'flapping':
      return { changes: t.changes, window_text: formatDowntime(t.windowMs), status: t.status };
  }
}

/** One plain line, for /recent and logs (the templates build the chat message from the same data). */
export function uptimeSummary(name: string, t: MonitorTransition, d: JsonObject): string {
  switch (t.kind) {
    case 'down':
      return `🔴 ${name} is ${t.reminder ? 'still ' : ''}DOWN — ${t.reason} (${d.checks_text}, since ${d.since_text})`;
    case 'up':
      return `🟢 ${name} is UP ${t.downtimeMs === null ? 'again' : `after ${String(d.downtime_text)}`}${d.latency_text ? ` — ${String(d.latency_text)}` : ''}`;
    case 'tls':
      return `🟡 ${name}: TLS certificate ${d.expiry_text}`;
    case 'slow':
      return `🐢 ${name} is slow — ${d.latency_text} (threshold ${d.threshold_text})`;
    case 'flapping':
      return `🟠 ${name} is flapping — ${t.changes} up/down changes within ${d.window_text}; alerts paused until it is stable`;
  }
}

export function normalizeUptimeTransition(input: UptimeEventInput): NormalizedEvent {
  const { url, transition: t, now } = input;
  const name = siteName(url);
  const data: JsonObject = {
    site: { url, name },
    origin: input.origin,
    color: COLOR[t.kind],
    kind: t.kind,
    ...details(t, now),
  };
  return {
    id: `uptime:${input.deliveryId}`,
    source: 'uptime',
    deliveryId: input.deliveryId,
    type: t.kind,
    action: t.kind,
    feature: FEATURE[t.kind],
    target: url,
    actor: null,
    branch: null,
    defaultBranch: null,
    labels: [],
    summary: uptimeSummary(name, t, data),
    url,
    receivedAt: now.toISOString(),
    data,
  };
}
