/**
 * GET /status: the public status page, server-rendered HTML with inline SVG charts. No scripts,
 * no external assets; one inline stylesheet allowed by its hash in the Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import type { MonitorRecord } from '../storage/monitor-store.ts';
import { uptimePercent } from './check-history.ts';
import { formatDowntime, formatLatency, formatPercent, formatSince, siteName } from './format.ts';
import { escapeHtml } from './html.ts';
import { renderLatencyChart } from './latency-chart.ts';
import type { MonitorStatus } from './monitor-state.ts';

const STYLE = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1f2328;--muted:#656d76;--line:#d0d7de}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#8d96a0;--line:#30363d}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--text)}
main{max-width:860px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:24px;margin:0 0 12px}
.banner{border-radius:8px;padding:12px 16px;font-weight:600;margin-bottom:20px;color:#fff}
.banner.ok{background:#2f9e44}.banner.bad{background:#e03131}.banner.none{background:#868e96}
.monitor{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:14px}
.head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.name{font-weight:600;font-size:17px;color:inherit;text-decoration:none;word-break:break-all}
.badge{border-radius:999px;padding:1px 10px;font-size:12px;font-weight:700;color:#fff;letter-spacing:.04em}
.state-up{background:#2f9e44}.state-down{background:#e03131}.state-pending{background:#f08c00}.state-unknown{background:#868e96}
.tag{font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:4px;padding:0 6px}
.stats{display:flex;gap:18px;flex-wrap:wrap;color:var(--muted);font-size:13px;margin:6px 0 8px}
.stats b{color:var(--text);font-weight:600}
.reason{font-size:13px;color:#e03131;margin:2px 0 6px;word-break:break-word}
.chart{width:100%;height:auto;display:block}
.chart .axis{font-size:10px;fill:var(--muted)}.chart .muted{font-size:12px;fill:var(--muted)}
footer{color:var(--muted);font-size:12px;margin-top:24px}
`;

/** The Content-Security-Policy of the page: nothing but its own inline stylesheet. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ORDER: Record<MonitorStatus, number> = { down: 0, pending: 1, up: 2, unknown: 3 };
const LABEL: Record<MonitorStatus, string> = { down: 'DOWN', pending: 'PENDING', up: 'UP', unknown: 'NO DATA' };

export interface StatusPageOptions {
  now: Date;
  /** Seconds between automatic reloads (the check interval, at least 10). */
  refreshSeconds: number;
  title?: string;
}

function stateLine(r: MonitorRecord, now: Date): string {
  const s = r.state;
  if (s.status === 'down' && s.downSince) return `down for ${formatDowntime(now.getTime() - Date.parse(s.downSince))} (since ${formatSince(s.downSince, now)})`;
  if (s.status === 'pending') return `${s.failures} failed check${s.failures === 1 ? '' : 's'}, confirming`;
  if (s.status === 'up' && s.lastChangeAt) return `up for ${formatDowntime(now.getTime() - Date.parse(s.lastChangeAt))}`;
  return 'waiting for the first check';
}

function renderMonitor(r: MonitorRecord, now: Date): string {
  const s = r.state;
  const name = siteName(r.url);
  const stat = (label: string, value: string): string => `<span>${escapeHtml(label)} <b>${escapeHtml(value)}</b></span>`;
  const lastCheck = s.lastCheckAt ? `${formatDowntime(now.getTime() - Date.parse(s.lastCheckAt))} ago` : '–';
  const reason = s.status === 'down' || s.status === 'pending' ? `<div class="reason">${escapeHtml(s.lastError ?? '')}</div>` : '';
  return `<section class="monitor" data-monitor="${escapeHtml(r.url)}" data-state="${s.status}">
<div class="head"><a class="name" href="${escapeHtml(r.url)}" rel="nofollow noopener noreferrer">${escapeHtml(name)}</a>
<span class="badge state-${s.status}">${LABEL[s.status]}</span>${r.origin === 'report' ? '<span class="tag">reported by check-sites</span>' : ''}
<span class="tag">${escapeHtml(stateLine(r, now))}</span></div>
${reason}<div class="stats">${stat('24 h', formatPercent(uptimePercent(r.history, now, 24)))}${stat('7 d', formatPercent(uptimePercent(r.history, now, 168)))}${stat('latency', (s.status !== 'down' && formatLatency(s.lastLatencyMs)) || '–')}${stat('last check', lastCheck)}</div>
${renderLatencyChart(r.history.recent, name)}
</section>`;
}

export function renderStatusPage(records: readonly MonitorRecord[], options: StatusPageOptions): string {
  const { now } = options;
  const sorted = [...records].sort((a, b) => ORDER[a.state.status] - ORDER[b.state.status] || siteName(a.url).localeCompare(siteName(b.url)));
  const down = sorted.filter((r) => r.state.status === 'down').length;
  const banner =
    sorted.length === 0
      ? '<div class="banner none">No monitors yet: subscribe a channel with /subscribe uptime https://example.com</div>'
      : down === 0
        ? `<div class="banner ok">All ${sorted.length} site${sorted.length === 1 ? '' : 's'} operational</div>`
        : `<div class="banner bad">${down} of ${sorted.length} site${sorted.length === 1 ? '' : 's'} down</div>`;
  const title = escapeHtml(options.title ?? 'Status');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${Math.max(10, Math.round(options.refreshSeconds))}">
<title>${title}</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body><main><h1>${title}</h1>${banner}
${sorted.map((r) => renderMonitor(r, now)).join('\n')}
<footer>Updated ${escapeHtml(now.toISOString().slice(0, 19).replace('T', ' '))} UTC · uptime over 24 hours and 7 days · served by hookbridge</footer>
</main></body></html>`;
}
