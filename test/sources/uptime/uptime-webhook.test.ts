import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { downResult, listMonitors, postReport, UPTIME_SECRET, upResult } from '../../uptime/helpers/uptime-server.ts';

const SHOP = 'https://shop.example.com';
const BLOG = 'https://blog.example.com/';

describe('POST /webhooks/uptime (check-sites reports)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ env: { UPTIME_WEBHOOK_SECRET: `old-secret,${UPTIME_SECRET}` } });
  });
  afterEach(() => server.cleanup());

  const uptimeEvents = async () => (await (await server.admin('GET', '/api/events?source=uptime')).json()) as Array<{ summary: string; target: string; type: string }>;

  it('accepts a signed report: the first one records each site silently', async () => {
    const res = await postReport(server, [upResult(SHOP), downResult(BLOG)], { id: 'run-1' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { status: 'accepted', id: 'run-1', sites: 2, changes: [], deliveries: 0 });
    const monitors = await listMonitors(server);
    assert.deepEqual(monitors.map((m) => [m.url, m.origin, m.status]).sort(), [
      ['https://blog.example.com', 'report', 'down'],
      ['https://shop.example.com', 'report', 'up'],
    ]);
  });

  it('posts state changes only: DOWN once, nothing for the same state, UP when it recovers', async () => {
    await postReport(server, [upResult(SHOP)]);
    const down = await (await postReport(server, [downResult(SHOP)])).json() as { changes: string[] };
    assert.equal(down.changes.length, 1);
    assert.match(down.changes[0]!, /^🔴 shop\.example\.com is DOWN — HTTP 503 \(1 check, since \d\d:\d\d UTC\)$/);
    assert.deepEqual(((await (await postReport(server, [downResult(SHOP)])).json()) as { changes: string[] }).changes, []);
    const up = await (await postReport(server, [upResult(SHOP, 184)])).json() as { changes: string[] };
    assert.match(up.changes[0]!, /^🟢 shop\.example\.com is UP after \d+ s — 184 ms$/);
    const events = await uptimeEvents();
    assert.deepEqual(events.map((e) => [e.type, e.target]), [['up', SHOP], ['down', SHOP]]);
  });

  it('processes a report id once (200 duplicate), even when sent twice at the same time', async () => {
    await postReport(server, [upResult(SHOP)]);
    const [a, b] = await Promise.all([postReport(server, [downResult(SHOP)], { id: 'same' }), postReport(server, [downResult(SHOP)], { id: 'same' })]);
    assert.deepEqual([a.status, b.status].sort(), [200, 202]);
    const again = await postReport(server, [upResult(SHOP)], { id: 'same' });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { status: 'duplicate', id: 'same' });
    assert.equal((await uptimeEvents()).length, 1);
  });

  it('accepts any of the rotated secrets', async () => {
    assert.equal((await postReport(server, [upResult(SHOP)], { secret: 'old-secret' })).status, 202);
  });

  it('refuses forged, missing and malformed signatures with 401 and stores nothing', async () => {
    for (const signature of [null, 'sha256=' + '0'.repeat(64), 'sha256=abc', 'sha1=' + 'a'.repeat(40)]) {
      const res = await postReport(server, [downResult(SHOP)], { signature });
      assert.equal(res.status, 401, String(signature));
      assert.equal(((await res.json()) as { error: string }).error, 'unauthorized');
    }
    assert.equal((await postReport(server, [downResult(SHOP)], { secret: 'wrong' })).status, 401);
    assert.deepEqual(await listMonitors(server), []);
    assert.deepEqual(await uptimeEvents(), []);
  });

  it('answers 400 for malformed reports, URLs that are not http(s), and stale reports', async () => {
    const bad = async (options: Parameters<typeof postReport>[2], results = [upResult(SHOP)]) => {
      const res = await postReport(server, results, options);
      return [res.status, ((await res.json()) as { error: string }).error];
    };
    assert.deepEqual(await bad({ body: '{not json' }), [400, 'invalid_json']);
    assert.deepEqual(await bad({ body: JSON.stringify({ id: 'x', sentAt: new Date().toISOString(), results: [{ url: SHOP }] }) }), [400, 'invalid_report']);
    assert.deepEqual(await bad({ body: JSON.stringify({ id: 'bad id!', sentAt: new Date().toISOString(), results: [] }) }), [400, 'invalid_report']);
    assert.deepEqual(await bad({}, [upResult('ftp://files.example.com')]), [400, 'invalid_report']);
    assert.deepEqual(await bad({ sentAt: '2020-01-01T00:00:00Z' }), [400, 'stale_report']);
    assert.deepEqual(await listMonitors(server), []);
  });

  it('is disabled (404 naming the variable) without UPTIME_WEBHOOK_SECRET', async () => {
    const off = await startTestServer();
    try {
      const res = await postReport(off, [upResult(SHOP)]);
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /UPTIME_WEBHOOK_SECRET is not set/);
    } finally {
      await off.cleanup();
    }
  });
});
