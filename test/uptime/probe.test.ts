import { X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';
import { probeSite, type ProbeOptions } from '../../src/uptime/probe.ts';
import { selfSignedCert } from './helpers/self-signed.ts';
import { startSiteServer, type SiteServer } from './helpers/site-server.ts';

const local: ProbeOptions = { allowPrivate: true, timeoutMs: 2000 };

describe('probeSite against local HTTP servers', () => {
  let site: SiteServer;
  beforeEach(async () => {
    site = await startSiteServer();
  });
  afterEach(() => site.close());

  it('a healthy site is up with its status and latency', async () => {
    const r = await probeSite(`${site.url}/`, local);
    assert.equal(r.up, true);
    assert.equal(r.status, 200);
    assert.equal(r.error, null);
    assert.ok(r.latencyMs !== null && r.latencyMs >= 0 && r.latencyMs < 2000);
    assert.equal(r.tlsDaysLeft, null);
    assert.equal(r.url, `${site.url}/`);
  });

  it('HTTP 500 and 503 are down with the code as the reason', async () => {
    site.mode = { kind: 'status', status: 500 };
    assert.deepEqual((({ up, status, error }) => ({ up, status, error }))(await probeSite(site.url, local)), { up: false, status: 500, error: 'HTTP 500' });
    site.mode = { kind: 'status', status: 503 };
    assert.equal((await probeSite(site.url, local)).error, 'HTTP 503');
  });

  it('expected status codes replace the 2xx default', async () => {
    site.mode = { kind: 'status', status: 401 };
    assert.equal((await probeSite(site.url, { ...local, expectedStatus: [401, 403] })).up, true);
    site.mode = { kind: 'ok' };
    const r = await probeSite(site.url, { ...local, expectedStatus: [204] });
    assert.equal(r.up, false);
    assert.equal(r.error, 'HTTP 200 (expected 204)');
  });

  it('a site that does not answer in time is down with a timeout', async () => {
    site.mode = { kind: 'hang' };
    const started = Date.now();
    const r = await probeSite(site.url, { ...local, timeoutMs: 300 });
    assert.equal(r.up, false);
    assert.equal(r.status, null);
    assert.equal(r.error, 'timeout after 0.3 s');
    assert.ok(Date.now() - started < 1500);
  });

  it('checks that a keyword appears, or does not', async () => {
    site.mode = { kind: 'ok', body: '<h1>Welcome to the shop</h1>' };
    assert.equal((await probeSite(site.url, { ...local, keyword: 'Welcome' })).up, true);
    site.mode = { kind: 'ok', body: '<h1>Maintenance</h1>' };
    const lost = await probeSite(site.url, { ...local, keyword: 'Welcome' });
    assert.deepEqual([lost.up, lost.status, lost.error], [false, 200, 'keyword "Welcome" not found']);
    const found = await probeSite(site.url, { ...local, keywordAbsent: 'Maintenance' });
    assert.deepEqual([found.up, found.error], [false, 'keyword "Maintenance" found']);
  });

  it('a closed site is down with "connection refused", and comes back', async () => {
    const url = site.url;
    await site.close();
    const r = await probeSite(url, local);
    assert.deepEqual([r.up, r.status, r.error], [false, null, 'connection refused']);
    site = await startSiteServer();
    assert.equal((await probeSite(site.url, local)).up, true);
  });

  it('follows up to 5 redirects, relative and absolute, and reports more as down', async () => {
    site.routes.set('/a', { kind: 'redirect', location: '/b' });
    site.routes.set('/b', { kind: 'redirect', location: `${site.url}/c`, status: 301 });
    site.routes.set('/c', { kind: 'ok', body: 'landed' });
    const r = await probeSite(`${site.url}/a`, { ...local, keyword: 'landed' });
    assert.equal(r.up, true);
    assert.deepEqual(site.requests.map((q) => q.path), ['/a', '/b', '/c']);
    site.routes.set('/loop', { kind: 'redirect', location: '/loop' });
    const loop = await probeSite(`${site.url}/loop`, local);
    assert.equal(loop.error, 'too many redirects (more than 5)');
    assert.equal(site.requests.filter((q) => q.path === '/loop').length, 6);
  });

  it('refuses redirects to other schemes and keeps the Host header of the URL', async () => {
    site.routes.set('/file', { kind: 'redirect', location: 'file:///etc/passwd' });
    assert.match((await probeSite(`${site.url}/file`, local)).error ?? '', /non-HTTP URL \(file:\)/);
    assert.equal(site.requests[0]!.host, `127.0.0.1:${site.port}`);
  });

  it('uses HEAD when asked', async () => {
    await probeSite(site.url, { ...local, method: 'HEAD' });
    assert.equal(site.requests[0]!.method, 'HEAD');
  });

  it('without UPTIME_ALLOW_PRIVATE, a loopback site is refused before connecting', async () => {
    const r = await probeSite(site.url, { allowPrivate: false, timeoutMs: 2000 });
    assert.deepEqual([r.up, r.error], [false, 'refused: 127.0.0.1 is a loopback address (127.0.0.0/8)']);
    assert.equal(site.requests.length, 0);
  });

  it('re-checks every redirect hop: a redirect to loopback or the metadata address is refused', async () => {
    const inner = await startSiteServer({ host: '127.0.0.2' }).catch(() => null);
    try {
      site.routes.set('/to-metadata', { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' });
      site.routes.set('/to-loopback', { kind: 'redirect', location: `http://127.0.0.2:${inner?.port ?? 9}/secret` });
      site.routes.set('/to-mapped', { kind: 'redirect', location: 'http://[::ffff:127.0.0.1]/' });
      // The first hop (127.0.0.1) is trusted explicitly, standing in for a public site.
      const trusted: ProbeOptions = { allowPrivate: false, trustedAddresses: ['127.0.0.1'], timeoutMs: 2000 };
      const metadata = await probeSite(`${site.url}/to-metadata`, trusted);
      assert.equal(metadata.up, false);
      assert.match(metadata.error ?? '', /^refused: 169\.254\.169\.254 is a link-local address/);
      const loopback = await probeSite(`${site.url}/to-loopback`, trusted);
      assert.match(loopback.error ?? '', /^refused: 127\.0\.0\.2 is a loopback address/);
      assert.equal(inner?.requests.length ?? 0, 0, 'the private server was never contacted');
      assert.match((await probeSite(`${site.url}/to-mapped`, trusted)).error ?? '', /IPv6 form of 127\.0\.0\.1/);
    } finally {
      await inner?.close();
    }
  });

  it('connects to the address the guard checked, whatever DNS says later (no rebinding)', async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 as const }];
    };
    const r = await probeSite(`http://rebind.test:${site.port}/`, { allowPrivate: false, trustedAddresses: ['127.0.0.1'], resolve, timeoutMs: 2000 });
    assert.equal(r.up, true);
    assert.equal(lookups, 1, 'resolved once, then connected to that address');
    assert.equal(site.requests[0]!.host, `rebind.test:${site.port}`);
  });
});

describe('probeSite against a local HTTPS server', () => {
  let site: SiteServer;
  let validTo: number;
  before(async () => {
    const tls = await selfSignedCert(30);
    validTo = Date.parse(new X509Certificate(tls.cert).validTo);
    site = await startSiteServer({ tls });
  });
  after(() => site.close());

  it('reports the days left on the certificate (self-signed accepted with insecureTls)', async () => {
    const r = await probeSite(site.url, { ...local, insecureTls: true });
    assert.equal(r.up, true);
    assert.equal(r.status, 200);
    assert.ok(r.tlsDaysLeft === 29 || r.tlsDaysLeft === 30, `tlsDaysLeft ${r.tlsDaysLeft}`);
  });

  it('a self-signed certificate is down with a TLS reason, still telling the days left', async () => {
    const r = await probeSite(site.url, local);
    assert.equal(r.up, false);
    assert.equal(r.status, null);
    assert.equal(r.error, 'TLS: self-signed certificate');
    assert.ok(r.tlsDaysLeft === 29 || r.tlsDaysLeft === 30);
  });

  it('counts whole days since expiry: 3 days and 16 s ago is -3 (not -4); 10 hours ago is -1', async () => {
    const days = async (at: number) => (await probeSite(site.url, { ...local, insecureTls: true, now: () => new Date(at) })).tlsDaysLeft;
    assert.equal(await days(validTo + 3 * 86_400_000 + 16_000), -3);
    assert.equal(await days(validTo + 10 * 3_600_000), -1);
    assert.equal(await days(validTo - 10 * 3_600_000), 0, 'expires today');
  });

  it('computes days left with the injected clock', async () => {
    const later = new Date(Date.now() + 23 * 86_400_000);
    const r = await probeSite(site.url, { ...local, insecureTls: true, now: () => later });
    assert.ok(r.tlsDaysLeft === 6 || r.tlsDaysLeft === 7, `tlsDaysLeft ${r.tlsDaysLeft}`);
  });
});
