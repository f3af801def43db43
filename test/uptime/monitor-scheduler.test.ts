import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { silentLogger } from '../../src/logging/logger.ts';
import { LowdbMonitorStore } from '../../src/storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { parseFeatureWords } from '../../src/subscriptions/parse.ts';
import { applyChecks } from '../../src/uptime/apply-checks.ts';
import { advanceMonitor, DEFAULT_MONITOR_OPTIONS } from '../../src/uptime/monitor-state.ts';
import { MonitorScheduler, REPORTED_SITE_TTL_MS } from '../../src/uptime/monitor-scheduler.ts';
import type { CheckResult, ProbeOptions } from '../../src/uptime/probe.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

describe('MonitorScheduler (fake probe, injected clock)', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let store: LowdbStore;
  let monitors: LowdbMonitorStore;
  let now: Date;
  const probed: Array<{ url: string; options: ProbeOptions }> = [];
  const answers = new Map<string, boolean>();
  let queued = 0;

  const probe = async (url: string, options: ProbeOptions): Promise<CheckResult> => {
    probed.push({ url, options });
    const up = answers.get(url) ?? true;
    return { url, up, status: up ? 200 : 500, latencyMs: 50, error: up ? null : 'HTTP 500', tlsDaysLeft: null };
  };

  async function subscribe(target: string, paused = false) {
    const parsed = parseFeatureWords('uptime', []);
    assert.ok(parsed.ok);
    return store.addSubscription({
      platform: 'discord', workspace: 'g', channel: `c-${target}`, source: 'uptime', target,
      features: parsed.features, filters: parsed.filters, createdBy: 'test', pausedReason: paused ? 'gone' : null,
    });
  }

  function scheduler() {
    return new MonitorScheduler({
      store, monitors, logger: silentLogger, intervalMs: 60_000, probe,
      ingest: { store, onDeliveriesQueued: () => void (queued += 1), now: () => now },
      options: { ...DEFAULT_MONITOR_OPTIONS, failuresBeforeDown: 2 },
      probeDefaults: { allowPrivate: false, timeoutMs: 1234 },
      now: () => now,
    });
  }

  beforeEach(async () => {
    temp = await makeTempDir();
    store = await LowdbStore.open(join(temp.dir, 'data.json'));
    monitors = new LowdbMonitorStore(store.shared, () => now);
    now = new Date('2026-03-04T12:00:00.000Z');
    probed.length = 0;
    answers.clear();
    queued = 0;
  });
  afterEach(async () => {
    await store.close();
    await temp.cleanup();
  });

  it('checks each subscribed URL once per round (not *, not paused), with the server defaults', async () => {
    await subscribe('https://a.example.com');
    await subscribe('https://a.example.com'); // a second channel: still one monitor
    await subscribe('*');
    await subscribe('https://paused.example.com', true);
    await scheduler().runOnce();
    assert.deepEqual(probed.map((p) => p.url), ['https://a.example.com']);
    assert.deepEqual(probed[0]!.options, { allowPrivate: false, timeoutMs: 1234 });
    assert.deepEqual((await monitors.list()).map((r) => [r.origin, r.url, r.state.status]), [['monitor', 'https://a.example.com', 'up']]);
  });

  it('posts DOWN through the pipeline after N failed rounds', async () => {
    await subscribe('https://a.example.com');
    const s = scheduler();
    await s.runOnce();
    answers.set('https://a.example.com', false);
    await s.runOnce();
    assert.equal((await store.listEvents({ limit: 10, source: 'uptime' })).length, 0, 'pending: nothing yet');
    await s.runOnce();
    const events = await store.listEvents({ limit: 10, source: 'uptime' });
    assert.deepEqual(events.map((e) => [e.type, e.target]), [['down', 'https://a.example.com']]);
    assert.equal((await store.listDeliveries({ limit: 10 })).length, 1);
    assert.equal(queued, 1, 'the delivery worker was woken');
  });

  it('keeps pinned admin-API monitors with their options, and drops monitors nobody wants', async () => {
    await monitors.setSettings('monitor', 'https://pinned.example.com', { pinned: true, keyword: 'Welcome', timeoutMs: 500 });
    const sub = await subscribe('https://a.example.com');
    const s = scheduler();
    await s.runOnce();
    assert.deepEqual(probed.find((p) => p.url === 'https://pinned.example.com')?.options, { allowPrivate: false, timeoutMs: 500, keyword: 'Welcome' });
    await store.removeSubscription(sub.id);
    probed.length = 0;
    await s.runOnce();
    assert.deepEqual(probed.map((p) => p.url), ['https://pinned.example.com']);
    assert.deepEqual((await monitors.list()).map((r) => r.url), ['https://pinned.example.com']);
  });

  it('a site whose last subscriber goes while it is DOWN is still checked, so channels on * get its UP; then it goes', async () => {
    const sub = await subscribe('https://a.example.com');
    await subscribe('*');
    const s = scheduler();
    await s.runOnce();
    answers.set('https://a.example.com', false);
    await s.runOnce();
    await s.runOnce(); // DOWN (failuresBeforeDown: 2)
    await store.removeSubscription(sub.id);
    await s.runOnce();
    assert.deepEqual((await monitors.list()).map((r) => r.url), ['https://a.example.com'], 'kept while an UP is owed');
    answers.set('https://a.example.com', true);
    await s.runOnce();
    const events = await store.listEvents({ limit: 10, source: 'uptime' });
    assert.deepEqual(events.map((e) => e.type), ['up', 'down']);
    const up = (await store.listDeliveries({ limit: 10 })).filter((d) => d.eventId === events[0]!.id);
    assert.deepEqual(up.map((d) => d.channel), ['c-*'], 'the * channel hears it');
    await s.runOnce();
    assert.deepEqual(await monitors.list(), [], 'nobody needs it any more');
  });

  it('without a * subscription, a site is dropped as soon as its last subscriber goes, even while down', async () => {
    const sub = await subscribe('https://a.example.com');
    const s = scheduler();
    await s.runOnce();
    answers.set('https://a.example.com', false);
    await s.runOnce();
    await s.runOnce();
    await store.removeSubscription(sub.id);
    await s.runOnce();
    assert.deepEqual(await monitors.list(), []);
  });

  const reportCheck = (url: string, up: boolean) =>
    applyChecks(
      { monitors, ingest: { store, onDeliveriesQueued: () => {}, now: () => now }, options: { ...DEFAULT_MONITOR_OPTIONS, failuresBeforeDown: 1 } },
      [{ origin: 'report', url, now, deliveryId: () => randomUUID(), check: { url, up, status: up ? 200 : 500, latencyMs: 5, error: up ? null : 'HTTP 500', tlsDaysLeft: null } }],
    );
  /** Runs a step a minute after the previous one (the clock moves, as between real checks). */
  const later = async (step: () => Promise<unknown>) => {
    now = new Date(now.getTime() + 60_000);
    await step();
  };
  const uptimeEvents = async () => (await store.listEvents({ limit: 50, source: 'uptime' })).map((e) => e.type).reverse();

  it('a URL both monitored and reported: each DOWN and UP is said once, by whichever saw it first', async () => {
    await subscribe('https://a.example.com');
    const s = scheduler();
    await later(() => s.runOnce()); // the monitor: up (silent)
    await later(() => reportCheck('https://a.example.com', true)); // the report: up (silent)
    answers.set('https://a.example.com', false);
    await later(() => reportCheck('https://a.example.com', false)); // the report says DOWN at once
    await later(() => s.runOnce());
    await later(() => s.runOnce()); // the monitor reaches DOWN too: already said
    assert.deepEqual(await uptimeEvents(), ['down']);
    answers.set('https://a.example.com', true);
    await later(() => s.runOnce()); // the monitor says UP first
    await later(() => reportCheck('https://a.example.com', true)); // already said
    assert.deepEqual(await uptimeEvents(), ['down', 'up']);
  });

  it('an outage only one side sees is announced with its DOWN and its UP', async () => {
    await subscribe('https://a.example.com');
    const s = scheduler();
    await later(() => s.runOnce()); // the monitor: up
    await later(() => reportCheck('https://a.example.com', true));
    await later(() => reportCheck('https://a.example.com', false)); // a short outage the cron report caught
    await later(() => reportCheck('https://a.example.com', true));
    assert.deepEqual(await uptimeEvents(), ['down', 'up'], 'the monitor never went down: the report says both');
    answers.set('https://a.example.com', false); // an outage between two cron runs
    await later(() => s.runOnce());
    await later(() => s.runOnce());
    answers.set('https://a.example.com', true);
    await later(() => s.runOnce());
    await later(() => reportCheck('https://a.example.com', true));
    assert.deepEqual(await uptimeEvents(), ['down', 'up', 'down', 'up']);
  });

  it('a report\'s DOWN heard on *, then a monitor for that URL: the UP still comes', async () => {
    await subscribe('*');
    await reportCheck('https://a.example.com', true);
    await reportCheck('https://a.example.com', false);
    assert.deepEqual(await uptimeEvents(), ['down']);
    await subscribe('https://a.example.com'); // now the server checks it too
    answers.set('https://a.example.com', false);
    const s = scheduler();
    await s.runOnce(); // its first state, down, is recorded silently
    await reportCheck('https://a.example.com', true); // the report's UP: the monitor never said UP
    assert.deepEqual(await uptimeEvents(), ['down', 'up']);
  });

  it('forgets sites that check-sites stopped reporting a week ago', async () => {
    const { state } = advanceMonitor(null, { url: 'x', up: true, status: 200, latencyMs: 1, error: null, tlsDaysLeft: null }, now);
    await monitors.recordChecks([
      { origin: 'report', url: 'https://old.example.com', state, sample: { at: now.toISOString(), up: true, latencyMs: 1, status: 200 } },
    ]);
    now = new Date(now.getTime() + REPORTED_SITE_TTL_MS - 60_000);
    await scheduler().runOnce();
    assert.equal((await monitors.list()).length, 1);
    now = new Date(now.getTime() + 120_000);
    await scheduler().runOnce();
    assert.equal((await monitors.list()).length, 0);
  });

  it('start() runs rounds on its own and stop() waits for the one in flight', async () => {
    await subscribe('https://a.example.com');
    const s = new MonitorScheduler({
      store, monitors, logger: silentLogger, intervalMs: 50, probe,
      ingest: { store }, options: DEFAULT_MONITOR_OPTIONS, probeDefaults: { allowPrivate: false },
    });
    s.start();
    await new Promise((r) => setTimeout(r, 180));
    await s.stop();
    const rounds = probed.length;
    assert.ok(rounds >= 2 && rounds <= 5, `${rounds} rounds in 180 ms at 50 ms`);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(probed.length, rounds, 'no rounds after stop()');
  });
});
