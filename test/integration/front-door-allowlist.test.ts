import assert from 'node:assert/strict';
import { request } from 'node:http';
import { githubHeaders } from '../helpers/sign-github.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { GITHUB_SECRET, startTestServer, type TestServer } from '../helpers/test-server.ts';

const BODY = JSON.stringify(pushPayload());

function postGithub(server: TestServer, headers: Record<string, string> = {}, path = '/webhooks/github') {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { ...githubHeaders(GITHUB_SECRET, 'push', BODY), ...headers }, body: BODY });
}

async function storedEvents(server: TestServer): Promise<unknown[]> {
  return (await (await server.admin('GET', '/api/events')).json()) as unknown[];
}

describe('front door: IP allowlists', () => {
  let server: TestServer | null = null;
  const start = async (env: Record<string, string>) => {
    server = await startTestServer({ env });
    return server;
  };
  afterEach(async () => {
    await server?.cleanup();
    server = null;
  });

  it('accepts an IPv4 client inside WEBHOOK_ALLOWED_IPS', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '10.0.0.0/8, 127.0.0.0/8' });
    assert.equal((await postGithub(s)).status, 202);
  });

  it('refuses a client outside it with 403 naming the address and the variable; nothing stored', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '192.30.252.0/22' });
    const res = await postGithub(s);
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { error: 'ip_not_allowed', message: '127.0.0.1 is not in WEBHOOK_ALLOWED_IPS' });
    assert.deepEqual(await storedEvents(s), []);
    assert.equal((await fetch(`${s.url}/healthz`)).status, 200, 'only webhook endpoints are restricted');
  });

  it('answers 403 before reading the body', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '192.30.252.0/22' });
    const url = new URL(`${s.url}/webhooks/github`);
    // Announce 5 MB and send none of it: the answer must come without waiting for the body.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { ...githubHeaders(GITHUB_SECRET, 'push', BODY), 'content-length': String(5 * 1024 * 1024) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(status, 403);
    assert.deepEqual(await storedEvents(s), []);
  });

  it('lets a per-source list override the global one, in any path spelling', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '192.30.252.0/22', GITHUB_ALLOWED_IPS: '127.0.0.1' });
    assert.equal((await postGithub(s)).status, 202, 'GITHUB_ALLOWED_IPS admits 127.0.0.1');
    const custom = await fetch(`${s.url}/webhooks/custom/deploys/tok`, { method: 'POST', body: '{}' });
    assert.equal(custom.status, 403, 'other sources keep the global list');
    assert.match(((await custom.json()) as { message: string }).message, /WEBHOOK_ALLOWED_IPS/);
  });

  it('cannot be bypassed by spelling the path differently', async () => {
    const s = await start({ GITHUB_ALLOWED_IPS: '192.30.252.0/22' });
    for (const path of ['/webhooks/github', '/Webhooks/GitHub', '/webhooks/github/', '/webhooks/%67ithub']) {
      const res = await postGithub(s, {}, path);
      assert.ok(res.status === 403 || res.status === 404, `${path}: ${res.status}`);
      if (res.status === 403) assert.match(((await res.json()) as { message: string }).message, /GITHUB_ALLOWED_IPS/);
    }
    assert.equal((await postGithub(s, {}, '/Webhooks/GitHub')).status, 403, 'the router matches case-insensitively: so does the allowlist');
    assert.deepEqual(await storedEvents(s), []);
  });

  it('matches IPv6 clients against IPv6 ranges', async () => {
    const allowed = await start({ HOST: '::1', WEBHOOK_ALLOWED_IPS: '192.30.252.0/22, ::1/128' });
    assert.match(allowed.url, /^http:\/\/\[::1\]:/);
    assert.equal((await postGithub(allowed)).status, 202);
    await allowed.cleanup();
    const refused = await start({ HOST: '::1', WEBHOOK_ALLOWED_IPS: '2606:50c0::/32' });
    const res = await postGithub(refused);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /^::1 is not in/);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '203.0.113.0/24' });
    assert.equal((await postGithub(s, { 'x-forwarded-for': '203.0.113.5' })).status, 403);
  });

  it('with TRUST_PROXY=1 takes the right-most X-Forwarded-For hop', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '203.0.113.0/24', TRUST_PROXY: '1' });
    assert.equal((await postGithub(s, { 'x-forwarded-for': '203.0.113.5' })).status, 202);
    const spoofed = await postGithub(s, { 'x-forwarded-for': '203.0.113.5, 198.51.100.7' });
    assert.equal(spoofed.status, 403, 'a client-written entry left of the proxy\'s is not believed');
    assert.match(((await spoofed.json()) as { message: string }).message, /^198\.51\.100\.7 is not in/);
    assert.equal((await postGithub(s, { 'x-forwarded-for': '2001:db8::5' })).status, 403);
  });

  it('with TRUST_PROXY=<ranges> believes only proxies in those ranges', async () => {
    const s = await start({ WEBHOOK_ALLOWED_IPS: '203.0.113.0/24', TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    assert.equal((await postGithub(s, { 'x-forwarded-for': '203.0.113.5, 10.1.2.3' })).status, 202, 'skips the inner proxy');
  });
});
