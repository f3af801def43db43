import assert from 'node:assert/strict';
import { signStandardWebhook } from '../../src/sources/custom/verify-custom.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import {
  createHook, eventCount, postGithubStyle, postJson, postStandard, signedUrl, standardHeaders, tokenUrl, type CreatedHook,
} from '../sources/custom/hook-client.ts';

describe('generic hooks: who may post', () => {
  let server: TestServer;
  let hook: CreatedHook;
  beforeEach(async () => {
    server = await startTestServer();
    hook = await createHook(server, 'deploys');
  });
  afterEach(() => server.cleanup());

  const errorOf = async (res: Response) => ((await res.json()) as { error: string; message: string });

  it('accepts the token URL, and refuses a wrong or truncated token with 401', async () => {
    assert.equal((await postJson(tokenUrl(server, hook), { ok: 1 })).status, 202);
    const wrong = await postJson(`${signedUrl(server, 'deploys')}/not-the-token`, { ok: 2 });
    assert.equal(wrong.status, 401);
    assert.match((await errorOf(wrong)).message, /token/);
    assert.equal((await postJson(tokenUrl(server, hook).slice(0, -1), { ok: 3 })).status, 401);
    assert.equal(await eventCount(server), 1, 'nothing stored for the refused ones');
  });

  it('accepts a Standard Webhooks signature and answers a replayed webhook-id 200 once', async () => {
    const first = await postStandard(server, hook, { version: 1 }, { id: 'msg_1' });
    assert.equal(first.status, 202);
    const replay = await postStandard(server, hook, { version: 1 }, { id: 'msg_1' });
    assert.equal(replay.status, 200);
    assert.equal(((await replay.json()) as { status: string }).status, 'duplicate');
    assert.equal((await postStandard(server, hook, { version: 2 }, { id: 'msg_2' })).status, 202);
    assert.equal(await eventCount(server), 2);
  });

  it('a hook deleted and created again under the same name does not take its sender\'s ids for old duplicates', async () => {
    assert.equal((await postJson(tokenUrl(server, hook), { v: 1 }, { 'idempotency-key': 'k1' })).status, 202);
    assert.equal((await server.admin('DELETE', '/api/hooks/deploys')).status, 204);
    await new Promise((r) => setTimeout(r, 5)); // a later creation time
    const again = await createHook(server, 'deploys');
    const res = await postJson(tokenUrl(server, again), { v: 2 }, { 'idempotency-key': 'k1' });
    assert.equal(res.status, 202, await res.clone().text());
    assert.equal((await postJson(tokenUrl(server, again), { v: 2 }, { 'idempotency-key': 'k1' })).status, 200, 'its own repeats still are');
  });

  it('refuses stale and future timestamps (5-minute window)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stale = await postStandard(server, hook, { a: 1 }, { timestamp: now - 301 });
    assert.equal(stale.status, 401);
    assert.match((await errorOf(stale)).message, /webhook-timestamp/);
    assert.equal((await postStandard(server, hook, { a: 1 }, { timestamp: now + 400 })).status, 401);
    assert.equal((await postStandard(server, hook, { a: 1 }, { timestamp: now - 240 })).status, 202, 'inside the window');
    assert.equal(await eventCount(server), 1);
  });

  it('accepts any of several space-separated signatures (a sender rotating its secret) and ignores other versions', async () => {
    const body = JSON.stringify({ a: 1 });
    const headers = standardHeaders(hook.secret, body);
    const stale = signStandardWebhook('whsec_' + Buffer.alloc(32, 7).toString('base64'), headers['webhook-id']!, headers['webhook-timestamp']!, body);
    headers['webhook-signature'] = `v1a,abc ${stale} ${headers['webhook-signature']}`;
    assert.equal((await fetch(signedUrl(server, hook.name), { method: 'POST', headers, body })).status, 202);
  });

  it('refuses a wrong signature, a signature over other bytes and malformed headers with 401, never 500', async () => {
    const other = await createHook(server, 'other');
    assert.equal((await postStandard(server, hook, { a: 1 }, { secret: other.secret })).status, 401);
    const body = JSON.stringify({ a: 1 });
    const headers = standardHeaders(hook.secret, body);
    assert.equal((await fetch(signedUrl(server, hook.name), { method: 'POST', headers, body: JSON.stringify({ a: 2 }) })).status, 401, 'tampered body');
    for (const signature of ['', 'v1,', 'v1,***', 'garbage', `v1,${'A'.repeat(5000)}`]) {
      const res = await fetch(signedUrl(server, hook.name), { method: 'POST', headers: { ...headers, 'webhook-signature': signature }, body });
      assert.equal(res.status, 401, `signature "${signature.slice(0, 12)}"`);
    }
    const noId = { ...headers };
    delete noId['webhook-id'];
    assert.equal((await fetch(signedUrl(server, hook.name), { method: 'POST', headers: noId, body })).status, 401);
    assert.equal((await fetch(signedUrl(server, hook.name), { method: 'POST', headers: { ...headers, 'webhook-timestamp': 'soon' }, body })).status, 401);
    assert.equal(await eventCount(server), 0);
  });

  it('accepts GitHub-style X-Hub-Signature-256 keyed with the secret string', async () => {
    assert.equal((await postGithubStyle(server, hook, { a: 1 })).status, 202);
    assert.equal((await postGithubStyle(server, hook, { a: 1 }, 'wrong')).status, 401);
    assert.equal(await eventCount(server), 1);
  });

  it('refuses a request with neither token nor signature', async () => {
    const res = await postJson(signedUrl(server, hook.name), { a: 1 });
    assert.equal(res.status, 401);
    assert.match((await errorOf(res)).message, /webhook-signature or X-Hub-Signature-256/);
    assert.equal(await eventCount(server), 0);
  });

  it('answers 404 for an unknown hook, 400 for malformed JSON, 413 over 1 MB', async () => {
    const unknown = await postJson(`${signedUrl(server, 'nope')}/token`, {});
    assert.equal(unknown.status, 404);
    assert.match((await errorOf(unknown)).message, /POST \/api\/hooks/);
    const bad = await fetch(tokenUrl(server, hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    assert.equal(bad.status, 400);
    assert.equal((await errorOf(bad)).error, 'invalid_json');
    const big = await postJson(tokenUrl(server, hook), { blob: 'x'.repeat(1024 * 1024) });
    assert.equal(big.status, 413);
    const binary = await fetch(tokenUrl(server, hook), { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'PNG' });
    assert.equal(binary.status, 415);
    assert.equal(await eventCount(server), 0);
  });

  it('takes any JSON shape and plain text', async () => {
    for (const body of ['[1,2,3]', '"just a string"', '42']) {
      assert.equal((await fetch(tokenUrl(server, hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, 202, body);
    }
    assert.equal((await fetch(tokenUrl(server, hook), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'disk full on db-1' })).status, 202);
    const events = (await (await server.admin('GET', '/api/events?source=custom')).json()) as Array<{ summary: string; data: { body: unknown } }>;
    assert.equal(events.length, 4);
    assert.equal(events[0]!.summary, '[deploys] disk full on db-1');
    assert.deepEqual(events[3]!.data.body, [1, 2, 3]);
  });
});
