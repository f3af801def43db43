import assert from 'node:assert/strict';
import { advanceMonitor, DEFAULT_MONITOR_OPTIONS, initialMonitorState } from '../../src/uptime/monitor-state.ts';
import { fail, ok, Runner, times } from './monitor-state-helpers.ts';

const opts = (patch: Partial<typeof DEFAULT_MONITOR_OPTIONS>) => ({ ...DEFAULT_MONITOR_OPTIONS, ...patch });

describe('monitor state machine: up, pending, down', () => {
  it('establishes the first state silently: a healthy new monitor posts nothing', () => {
    const r = new Runner();
    assert.deepEqual(r.check(ok()), []);
    assert.equal(r.state!.status, 'up');
    assert.equal(r.state!.established, true);
    assert.equal(r.state!.announced, null);
  });

  it('a monitor that is down from the start is recorded silently, and its recovery is not an "UP" out of nowhere', () => {
    const r = new Runner();
    assert.deepEqual(r.run(...times(5, fail())), []);
    assert.equal(r.state!.status, 'down');
    assert.deepEqual(r.check(ok()), []);
    assert.equal(r.state!.status, 'up');
    // From now on changes are announced.
    assert.deepEqual(r.run(...times(3, fail())).map((e) => e.kind), ['down']);
  });

  it('a single failure makes the monitor pending, a success clears it without any message', () => {
    const r = new Runner();
    r.check(ok());
    assert.deepEqual(r.check(fail()), []);
    assert.equal(r.state!.status, 'pending');
    assert.equal(r.state!.failures, 1);
    assert.equal(r.state!.failingSince, '2026-03-04T12:05:00.000Z');
    assert.deepEqual(r.check(fail()), []);
    assert.deepEqual(r.check(ok()), []);
    assert.equal(r.state!.status, 'up');
    assert.equal(r.state!.failures, 0);
    assert.equal(r.state!.failingSince, null);
  });

  it('goes DOWN exactly once, after N consecutive failures, with the count and when it began', () => {
    const r = new Runner();
    r.check(ok()); // 12:04
    assert.deepEqual(r.check(fail()), []); // 12:05
    assert.deepEqual(r.check(fail('timeout after 10 s', null)), []); // 12:06
    const events = r.check(fail()); // 12:07
    assert.deepEqual(events, [{ kind: 'down', reason: 'HTTP 503', statusCode: 503, failures: 3, since: '2026-03-04T12:05:00.000Z', reminder: false, afterFlapping: false }]);
    assert.equal(r.state!.status, 'down');
    assert.equal(r.state!.announced, 'down');
    assert.deepEqual(r.run(...times(20, fail())), [], 'no repeats while down (re-alert is off by default)');
  });

  it('comes back UP once, with the downtime since the first failed check and the latency', () => {
    const r = new Runner();
    r.check(ok());
    r.run(...times(3, fail())); // first failure at 12:05
    r.wait(6 * 60_000 + 12_000);
    const events = r.check(ok(184)); // at 12:08 + 6 m 12 s = 12:14:12 → 9 m 12 s after 12:05
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], { kind: 'up', downSince: '2026-03-04T12:05:00.000Z', downtimeMs: 9 * 60_000 + 12_000, latencyMs: 184, afterFlapping: false });
    assert.equal(r.state!.status, 'up');
    assert.equal(r.state!.downSince, null);
    assert.deepEqual(r.run(...times(5, ok())), []);
  });

  it('UPTIME_FAILURES_BEFORE_DOWN=1 alerts on the first failure', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1 }));
    r.check(ok());
    assert.deepEqual(r.check(fail('connection refused', null)).map((e) => e.kind), ['down']);
    assert.deepEqual(r.check(ok()).map((e) => e.kind), ['up']);
  });

  it('names the latest reason when it goes down', () => {
    const r = new Runner();
    r.check(ok());
    const [down] = r.run(fail('HTTP 500', 500), fail('HTTP 502', 502), fail('keyword "Welcome" not found', 200));
    assert.equal(down?.kind, 'down');
    assert.equal(down?.kind === 'down' && down.reason, 'keyword "Welcome" not found');
  });

  it('re-alerts every M failed checks while down when asked to', () => {
    const r = new Runner(opts({ realertEvery: 2 }));
    r.check(ok());
    const events = r.run(...times(3, fail()), fail(), fail(), fail(), fail());
    assert.deepEqual(events.map((e) => e.kind === 'down' && [e.failures, e.reminder]), [[3, false], [5, true], [7, true]]);
    assert.deepEqual(r.check(ok()).map((e) => e.kind), ['up']);
  });

  it('never mutates the previous state, and a JSON round trip (persisted state) carries on', () => {
    const r = new Runner();
    r.check(ok());
    r.run(fail(), fail());
    const frozen = JSON.stringify(r.state);
    const before = r.state!;
    const restored = JSON.parse(frozen) as typeof before;
    const step = advanceMonitor(restored, fail(), new Date('2026-03-04T12:07:00.000Z'));
    assert.equal(JSON.stringify(before), frozen);
    assert.deepEqual(step.events.map((e) => e.kind), ['down']);
  });

  it('a restart with persisted state posts nothing: the first check after it just continues', () => {
    const r = new Runner();
    r.run(ok(), ...times(3, fail()));
    const persisted = JSON.parse(JSON.stringify(r.state));
    const step = advanceMonitor(persisted, fail(), new Date('2026-03-04T13:00:00.000Z'));
    assert.deepEqual(step.events, []);
    assert.equal(step.state.status, 'down');
  });

  it('starts from initialMonitorState when given null', () => {
    assert.deepEqual(advanceMonitor(null, ok(), new Date(0)).state.status, 'up');
    assert.equal(initialMonitorState().status, 'unknown');
  });
});

describe('monitor state machine: TLS, slow, flapping', () => {
  it('warns about certificate expiry at 14, 7 and 1 days, once each', () => {
    const r = new Runner();
    const days = [40, 30, 14, 13, 8, 7, 7, 6, 2, 1, 0, -1];
    const events = days.flatMap((d) => r.check(ok(100, d)));
    assert.deepEqual(events, [
      { kind: 'tls', daysLeft: 14, threshold: 14 },
      { kind: 'tls', daysLeft: 7, threshold: 7 },
      { kind: 'tls', daysLeft: 1, threshold: 1 },
    ]);
  });

  it('says it once when a certificate is first seen past several thresholds, and warns again after renewal', () => {
    const r = new Runner();
    assert.deepEqual(r.check(ok(100, 5)), [{ kind: 'tls', daysLeft: 5, threshold: 7 }]);
    assert.deepEqual(r.run(ok(100, 4), ok(100, 3)), []);
    assert.deepEqual(r.check(ok(100, 90)), [], 'renewed');
    assert.deepEqual(r.run(ok(100, 20), ok(100, 14)), [{ kind: 'tls', daysLeft: 14, threshold: 14 }]);
  });

  it('also warns while the site fails (an expired certificate), and never without TLS', () => {
    const r = new Runner();
    r.check(ok());
    assert.deepEqual(r.check(fail('TLS: certificate has expired', null, -2)), [{ kind: 'tls', daysLeft: -2, threshold: 1 }]);
    assert.deepEqual(new Runner().run(...times(5, ok(100, null))), []);
  });

  it('a first check that is slow records it silently, like a first DOWN', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, slowMs: 1000 }));
    assert.deepEqual(r.check(ok(1500)), []);
    assert.deepEqual(r.run(ok(1500), ok(1500)), [], 'the same slow spell');
    assert.deepEqual(r.run(ok(100), ok(1500)).map((e) => e.kind), ['slow'], 'a new slow spell is said');
  });

  it('reports slowness after N slow checks in a row, once per slow spell', () => {
    const r = new Runner(opts({ slowMs: 1000 }));
    r.check(ok(100));
    assert.deepEqual(r.run(ok(1500), ok(1600)), []);
    assert.deepEqual(r.check(ok(1700)), [{ kind: 'slow', latencyMs: 1700, thresholdMs: 1000 }]);
    assert.deepEqual(r.run(ok(2000), ok(3000)), []);
    r.check(ok(200)); // fast again: the spell is over
    assert.deepEqual(r.run(ok(1500), ok(1500), ok(1500)).map((e) => e.kind), ['slow']);
    assert.deepEqual(new Runner(opts({ slowMs: null })).run(...times(6, ok(60_000))), []);
  });

  it('a failure interrupts a slow streak', () => {
    const r = new Runner(opts({ slowMs: 1000 }));
    r.check(ok(100));
    assert.deepEqual(r.run(ok(1500), ok(1500), fail(), ok(1500), ok(1500)), []);
  });

  it('reports flapping once instead of every flip, then stays quiet until stable', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, flapThreshold: 5, flapWindowMs: 30 * 60_000 }));
    r.check(ok());
    const flips = r.run(fail(), ok(), fail(), ok(), fail(), ok(), fail(), ok(), fail());
    assert.deepEqual(flips.map((e) => e.kind), ['down', 'up', 'down', 'up', 'flapping']);
    const flap = flips[4];
    assert.deepEqual(flap, { kind: 'flapping', changes: 5, windowMs: 30 * 60_000, status: 'down' });
    assert.equal(r.state!.flapping, true);
  });

  it('after a quiet window, announces the settled state if the flapping alert said otherwise', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, flapThreshold: 4, flapWindowMs: 30 * 60_000 }));
    r.check(ok());
    assert.deepEqual(r.run(fail(), ok(), fail(), ok()).map((e) => e.kind), ['down', 'up', 'down', 'flapping']);
    assert.equal(r.state!.announced, 'up', 'the flapping alert said "up right now"');
    assert.deepEqual(r.run(...times(25, fail())), [], 'still inside the window');
    const settled = r.run(...times(10, fail()));
    assert.equal(settled.length, 1);
    assert.deepEqual(settled[0], { kind: 'down', reason: 'HTTP 503', statusCode: 503, failures: settled[0]!.kind === 'down' ? settled[0]!.failures : 0, since: r.state!.downSince, reminder: false, afterFlapping: true });
    assert.equal(r.state!.flapping, false);
    assert.deepEqual(r.check(ok()).map((e) => e.kind), ['up']);
  });

  it('ends flapping silently when it settles in the state the flapping alert said', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, flapThreshold: 4, flapWindowMs: 10 * 60_000 }));
    r.check(ok());
    assert.deepEqual(r.run(fail(), ok(), fail(), ok()).map((e) => e.kind), ['down', 'up', 'down', 'flapping']);
    // It flips once more while flapping (silent), then stays up: the channel heard "up right now".
    assert.deepEqual(r.run(fail(), ...times(14, ok())), []);
    assert.equal(r.state!.flapping, false);
    assert.equal(r.state!.status, 'up');
  });

  it('announces UP when it settles up after a flapping alert that said it was down', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, flapThreshold: 3, flapWindowMs: 10 * 60_000 }));
    r.check(ok());
    const flips = r.run(fail(), ok(), fail()); // down, up, then the third change: flapping, down right now
    assert.deepEqual(flips.map((e) => e.kind), ['down', 'up', 'flapping']);
    assert.equal(flips[2]!.kind === 'flapping' && flips[2]!.status, 'down');
    const settled = r.run(...times(12, ok()));
    assert.deepEqual(settled.map((e) => e.kind === 'up' && e.afterFlapping), [true], 'the channel last heard DOWN: it hears UP');
  });

  it('changes spread wider than the window are not flapping', () => {
    const r = new Runner(opts({ failuresBeforeDown: 1, flapThreshold: 3, flapWindowMs: 10 * 60_000 }));
    r.check(ok());
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      kinds.push(...r.check(i % 2 === 0 ? fail() : ok()).map((e) => e.kind));
      r.wait(11 * 60_000);
    }
    assert.deepEqual(kinds, ['down', 'up', 'down', 'up', 'down', 'up']);
  });
});
