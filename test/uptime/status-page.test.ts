import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { MonitorRecord } from '../../src/storage/monitor-store.ts';
import { addCheck, emptyHistory } from '../../src/uptime/check-history.ts';
import { renderLatencyChart } from '../../src/uptime/latency-chart.ts';
import { advanceMonitor, type MonitorState } from '../../src/uptime/monitor-state.ts';
import { renderStatusPage, STATUS_PAGE_CSP } from '../../src/uptime/status-page.ts';
import { startTestServer } from '../helpers/test-server.ts';
import { fail, ok } from './monitor-state-helpers.ts';

const NOW = new Date('2026-03-04T12:30:00.000Z');

/** A record after a sequence of checks one minute apart, ending at NOW. */
export function recordAfter(url: string, checks: Array<ReturnType<typeof ok>>, origin: MonitorRecord['origin'] = 'monitor'): MonitorRecord {
  let state: MonitorState | null = null;
  let history = emptyHistory();
  checks.forEach((check, i) => {
    const at = new Date(NOW.getTime() - (checks.length - 1 - i) * 60_000);
    state = advanceMonitor(state, check, at).state;
    history = addCheck(history, { at: at.toISOString(), up: check.up, latencyMs: check.latencyMs, status: check.status });
  });
  return { origin, url, state: state!, history, settings: null, createdAt: NOW.toISOString() };
}

describe('status page rendering', () => {
  const up = recordAfter('https://shop.example.com', [ok(120), ok(180), ok(150), ok(200)]);
  const down = recordAfter('https://api.example.com/health', [ok(90), fail(), fail(), fail(), fail()]);
  const pending = recordAfter('https://blog.example.com', [ok(50), fail('timeout after 10 s', null)], 'report');
  const html = renderStatusPage([up, pending, down], { now: NOW, refreshSeconds: 60 });

  it('lists monitors with their state, worst first, and a banner', () => {
    const order = [...html.matchAll(/data-monitor="([^"]+)" data-state="([a-z]+)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(order, [['https://api.example.com/health', 'down'], ['https://blog.example.com', 'pending'], ['https://shop.example.com', 'up']]);
    assert.match(html, /1 of 3 sites down/);
    assert.match(html, />DOWN</);
    assert.match(html, /down for 3 m \(since 12:27 UTC\)/);
    assert.match(html, /HTTP 503/);
    assert.match(html, /reported by check-sites/);
    assert.match(html, /1 failed check, confirming/);
  });

  it('shows uptime over 24 h and 7 d and an SVG latency chart per monitor', () => {
    assert.match(html, /24 h <b>100 %<\/b>/);
    assert.match(html, /24 h <b>20\.00 %<\/b>/);
    assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 3);
    assert.match(html, /<polyline points="[\d., ]+"/);
    assert.match(html, /<rect class="fail"/);
  });

  it('has no scripts or external assets, and its CSP allows exactly its inline style', () => {
    assert.doesNotMatch(html, /<script|<img|<iframe|@import|url\(/i);
    assert.deepEqual(html.match(/<link[^>]*>/g), ['<link rel="icon" href="data:,">'], 'only an inline (empty) icon, so browsers do not ask for /favicon.ico');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.ok(STATUS_PAGE_CSP.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`));
    assert.match(STATUS_PAGE_CSP, /default-src 'none'/);
    assert.match(html, /<meta http-equiv="refresh" content="60">/);
  });

  it('escapes everything that comes from sites and people', () => {
    const hostile = recordAfter('https://evil.example.com/"><script>alert(1)</script>', [ok(), fail(), fail(), fail('keyword "<img src=x onerror=alert(1)>" not found', 200)]);
    const page = renderStatusPage([hostile], { now: NOW, refreshSeconds: 60 });
    assert.doesNotMatch(page, /<script>alert|<img src=x/);
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(page, /&quot;&gt;&lt;script&gt;/);
  });

  it('says so when there are no monitors or no checks yet', () => {
    assert.match(renderStatusPage([], { now: NOW, refreshSeconds: 60 }), /No monitors yet/);
    assert.match(renderLatencyChart([], 'x'), /no checks yet/);
  });
});

describe('GET /status', () => {
  it('serves the page with a Content-Security-Policy and no caching', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/status`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      assert.equal(res.headers.get('content-security-policy'), STATUS_PAGE_CSP);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(await res.text(), /No monitors yet/);
    } finally {
      await server.cleanup();
    }
  });
});
