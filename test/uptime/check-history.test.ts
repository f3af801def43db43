import assert from 'node:assert/strict';
import { addCheck, emptyHistory, HOURS_KEPT, RECENT_LIMIT, uptimePercent, type CheckHistory } from '../../src/uptime/check-history.ts';
import { formatDowntime, formatInterval, formatLatency, formatPercent, formatSince, siteName } from '../../src/uptime/format.ts';

const at = (minutes: number) => new Date(Date.parse('2026-03-01T00:00:00.000Z') + minutes * 60_000).toISOString();

describe('check history', () => {
  it('keeps the newest checks for the chart, bounded', () => {
    let h = emptyHistory();
    for (let i = 0; i < RECENT_LIMIT + 25; i++) h = addCheck(h, { at: at(i), up: true, latencyMs: i, status: 200 });
    assert.equal(h.recent.length, RECENT_LIMIT);
    assert.equal(h.recent[h.recent.length - 1]!.latencyMs, RECENT_LIMIT + 24);
  });

  it('counts checks per hour and keeps 7 days of hours', () => {
    let h: CheckHistory = emptyHistory();
    for (let i = 0; i < 10 * 24 * 60; i += 30) h = addCheck(h, { at: at(i), up: i % 60 === 0, latencyMs: 10, status: 200 });
    assert.equal(h.hourly.length, HOURS_KEPT);
    assert.deepEqual(h.hourly.map((b) => [b.up, b.total])[0], [1, 2]);
  });

  it('computes uptime over 24 hours and 7 days, null without checks', () => {
    let h = emptyHistory();
    const now = new Date(at(8 * 24 * 60));
    // 7 days ago: all down; last 24 h: 3 of 4 up.
    for (let i = 0; i < 4; i++) h = addCheck(h, { at: at(2 * 24 * 60 + i), up: false, latencyMs: null, status: null });
    for (let i = 0; i < 4; i++) h = addCheck(h, { at: at(8 * 24 * 60 - 120 + i), up: i !== 0, latencyMs: 5, status: 200 });
    assert.equal(uptimePercent(h, now, 24), 75);
    assert.equal(uptimePercent(h, now, 168), 37.5);
    assert.equal(uptimePercent(emptyHistory(), now, 24), null);
  });

  it('never mutates the history it is given', () => {
    const h = addCheck(emptyHistory(), { at: at(0), up: true, latencyMs: 1, status: 200 });
    const copy = JSON.stringify(h);
    addCheck(h, { at: at(1), up: false, latencyMs: null, status: 500 });
    assert.equal(JSON.stringify(h), copy);
  });
});

describe('uptime formatting', () => {
  it('formats downtime like "7 m 12 s"', () => {
    assert.equal(formatDowntime(432_000), '7 m 12 s');
    assert.equal(formatDowntime(42_000), '42 s');
    assert.equal(formatDowntime(300_000), '5 m');
    assert.equal(formatDowntime(2 * 3_600_000 + 5 * 60_000 + 9_000), '2 h 5 m');
    assert.equal(formatDowntime(3 * 86_400_000 + 4 * 3_600_000), '3 d 4 h');
    assert.equal(formatDowntime(-5), '0 s');
    assert.deepEqual([formatInterval(60_000), formatInterval(200), formatInterval(300_000)], ['60 s', '0.2 s', '5 m']);
  });

  it('formats latency, times, names and percentages', () => {
    assert.equal(formatLatency(184), '184 ms');
    assert.equal(formatLatency(1234), '1.2 s');
    assert.equal(formatLatency(12_345), '12 s');
    assert.equal(formatLatency(null), '');
    const now = new Date('2026-03-04T18:00:00Z');
    assert.equal(formatSince('2026-03-04T12:04:59Z', now), '12:04 UTC');
    assert.equal(formatSince('2026-03-03T23:10:00Z', now), '2026-03-03 23:10 UTC');
    assert.equal(siteName('https://shop.example.com'), 'shop.example.com');
    assert.equal(siteName('https://shop.example.com:8443/health?x=1'), 'shop.example.com:8443/health?x=1');
    assert.equal(formatPercent(99.999), '99.99 %');
    assert.equal(formatPercent(100), '100 %');
    assert.equal(formatPercent(null), '–');
  });
});
