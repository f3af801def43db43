import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { githubHeaders } from '../helpers/sign-github.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { GITHUB_SECRET, startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('POST /webhooks/github input handling', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ env: { GITHUB_WEBHOOK_SECRET: `old-secret, ${GITHUB_SECRET}` } });
  });
  afterEach(() => server.cleanup());

  const post = (headers: Record<string, string>, body: string | Buffer) =>
    fetch(`${server.url}/webhooks/github`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

  async function storedEvents(): Promise<number> {
    const res = await server.admin('GET', '/api/events?limit=100');
    return ((await res.json()) as unknown[]).length;
  }

  it('answers 200 {status:ok} on /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('accepts a signed push with 202 only after it is on disk', async () => {
    const res = await server.postGithub('push', pushPayload(), 'delivery-1');
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { status: string }).status, 'accepted');
    assert.match(await server.readStoreFiles(), /delivery-1/);
  });

  it('accepts any secret of the rotation list', async () => {
    const body = JSON.stringify(pushPayload());
    const res = await post(githubHeaders('old-secret', 'push', body), body);
    assert.equal(res.status, 202);
  });

  it('answers a ping with 202 and stores it without posting', async () => {
    const res = await server.postGithub('ping', { zen: 'Hi', hook_id: 1, repository: pushPayload().repository });
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { status: string }).status, 'pong');
  });

  it('answers a redelivery with 200 and stores nothing new', async () => {
    assert.equal((await server.postGithub('push', pushPayload(), 'same-id')).status, 202);
    const again = await server.postGithub('push', pushPayload(), 'same-id');
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
    assert.equal(await storedEvents(), 1);
  });

  it('stores an unknown event type with 202', async () => {
    const res = await server.postGithub('sponsorship', { action: 'created', sponsorship: {}, sender: { login: 'x' } });
    assert.equal(res.status, 202);
    const events = (await (await server.admin('GET', '/api/events')).json()) as Array<{ type: string; feature: string | null }>;
    assert.equal(events[0]!.feature, null);
  });

  const bad: Array<[string, () => { headers: Record<string, string>; body: string | Buffer }, number]> = [
    ['missing signature', () => {
      const body = JSON.stringify(pushPayload());
      const { 'x-hub-signature-256': _omit, ...headers } = githubHeaders(GITHUB_SECRET, 'push', body);
      return { headers, body };
    }, 401],
    ['wrong secret', () => {
      const body = JSON.stringify(pushPayload());
      return { headers: githubHeaders('not-the-secret', 'push', body), body };
    }, 401],
    ['wrong-length signature', () => {
      const body = JSON.stringify(pushPayload());
      return { headers: { ...githubHeaders(GITHUB_SECRET, 'push', body), 'x-hub-signature-256': 'sha256=abcd' }, body };
    }, 401],
    ['sha1 signature only', () => {
      const body = JSON.stringify(pushPayload());
      const sha1 = `sha1=${createHmac('sha1', GITHUB_SECRET).update(body).digest('hex')}`;
      return { headers: { ...githubHeaders(GITHUB_SECRET, 'push', body), 'x-hub-signature-256': sha1 }, body };
    }, 401],
    ['tampered body', () => {
      const body = JSON.stringify(pushPayload());
      return { headers: githubHeaders(GITHUB_SECRET, 'push', body), body: body.replace('octocat', 'mallory') };
    }, 401],
    ['invalid JSON (correctly signed)', () => {
      const body = '{"ref": "refs/heads/main",';
      return { headers: githubHeaders(GITHUB_SECRET, 'push', body), body };
    }, 400],
    ['JSON that is not an object', () => {
      const body = '[1,2,3]';
      return { headers: githubHeaders(GITHUB_SECRET, 'push', body), body };
    }, 400],
    ['missing event header', () => {
      const body = JSON.stringify(pushPayload());
      const { 'x-github-event': _omit, ...headers } = githubHeaders(GITHUB_SECRET, 'push', body);
      return { headers, body };
    }, 400],
    ['missing delivery header', () => {
      const body = JSON.stringify(pushPayload());
      const { 'x-github-delivery': _omit, ...headers } = githubHeaders(GITHUB_SECRET, 'push', body);
      return { headers, body };
    }, 400],
    ['push without repository (signed)', () => {
      const body = JSON.stringify({ ref: 'refs/heads/main', commits: 'nope' });
      return { headers: githubHeaders(GITHUB_SECRET, 'push', body), body };
    }, 400],
  ];
  for (const [name, make, status] of bad) {
    it(`rejects ${name} with ${status} and stores nothing`, async () => {
      const { headers, body } = make();
      const res = await post(headers, body);
      assert.equal(res.status, status);
      const json = (await res.json()) as { error: string; message: string };
      assert.ok(json.error && json.message, 'JSON error body');
      assert.equal(await storedEvents(), 0);
    });
  }

  it('rejects a body over 25 MB with 413 and stores nothing', async () => {
    const body = Buffer.alloc(25 * 1024 * 1024 + 10, 0x20);
    const res = await post(githubHeaders(GITHUB_SECRET, 'push', body), body);
    assert.equal(res.status, 413);
    assert.equal(await storedEvents(), 0);
  });

  it('says which variable to set when GitHub is disabled', async () => {
    const other = await startTestServer({ env: { GITHUB_WEBHOOK_SECRET: '' } });
    try {
      const res = await other.postGithub('push', pushPayload());
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /GITHUB_WEBHOOK_SECRET/);
    } finally {
      await other.cleanup();
    }
  });
});
