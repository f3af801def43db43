/** Inline SVG latency chart of recent checks: a line of latencies, failed checks as red ticks. */
import type { CheckSample } from './check-history.ts';
import { formatLatency } from './format.ts';
import { escapeHtml } from './html.ts';

const WIDTH = 600;
const HEIGHT = 90;
const PAD_TOP = 8;
const PAD_BOTTOM = 14;

/** Rounds a maximum latency up to a readable axis value (50, 100, 200, 500, 1000 …). */
function niceMax(value: number): number {
  const steps = [1, 2, 5];
  for (let magnitude = 10; ; magnitude *= 10) {
    for (const s of steps) if (value <= s * magnitude) return s * magnitude;
  }
}

export function renderLatencyChart(samples: readonly CheckSample[], label: string): string {
  const aria = escapeHtml(`Latency of the last ${samples.length} checks of ${label}`);
  if (samples.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${aria}"><text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="muted">no checks yet</text></svg>`;
  }
  const latencies = samples.map((s) => (s.up && s.latencyMs !== null ? s.latencyMs : null));
  const max = niceMax(Math.max(10, ...latencies.filter((v): v is number => v !== null)));
  const plotHeight = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const step = samples.length > 1 ? WIDTH / (samples.length - 1) : 0;
  const x = (i: number): number => (samples.length > 1 ? i * step : WIDTH / 2);
  const y = (v: number): number => PAD_TOP + plotHeight - (Math.min(v, max) / max) * plotHeight;

  // Consecutive successful checks form one polyline segment; failures break the line.
  const segments: string[][] = [];
  let current: string[] = [];
  latencies.forEach((v, i) => {
    if (v === null) {
      if (current.length > 0) segments.push(current);
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current);

  const lines = segments
    .map((points) =>
      points.length === 1
        ? `<circle cx="${points[0]!.split(',')[0]}" cy="${points[0]!.split(',')[1]}" r="2.5" fill="#2f9e44"/>`
        : `<polyline points="${points.join(' ')}" fill="none" stroke="#2f9e44" stroke-width="2" stroke-linejoin="round"/>`,
    )
    .join('');
  const failures = samples
    .map((s, i) => (s.up ? '' : `<rect class="fail" x="${(x(i) - 2).toFixed(1)}" y="${PAD_TOP}" width="4" height="${plotHeight}" fill="#e03131" opacity="0.55"><title>${escapeHtml(`${s.at.slice(11, 16)} UTC: down${s.status !== null ? ` (HTTP ${s.status})` : ''}`)}</title></rect>`))
    .join('');
  const grid = `<line x1="0" y1="${PAD_TOP}" x2="${WIDTH}" y2="${PAD_TOP}" stroke="#8884" stroke-dasharray="4 4"/>` +
    `<line x1="0" y1="${HEIGHT - PAD_BOTTOM}" x2="${WIDTH}" y2="${HEIGHT - PAD_BOTTOM}" stroke="#8886"/>`;
  const anyUp = latencies.some((v) => v !== null);
  const labels = (anyUp ? `<text x="2" y="${PAD_TOP + 10}" class="axis">${escapeHtml(formatLatency(max))}</text>` : `<text x="${WIDTH / 2}" y="${PAD_TOP + plotHeight / 2 + 4}" text-anchor="middle" class="muted">no successful checks</text>`) +
    `<text x="2" y="${HEIGHT - 2}" class="axis">${escapeHtml(samples[0]!.at.slice(11, 16))} UTC</text>` +
    `<text x="${WIDTH - 2}" y="${HEIGHT - 2}" class="axis" text-anchor="end">${escapeHtml(samples[samples.length - 1]!.at.slice(11, 16))} UTC</text>`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${aria}">${grid}${failures}${lines}${labels}</svg>`;
}
