import assert from 'node:assert/strict';
import { githubHeaders } from '../helpers/sign-github.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { GITHUB_SECRET, startTestServer, type TestServer } from '../helpers/test-server.ts';

function postGithub(server: TestServer, options: { secret?: string; client?: string } = {}) {
  const body = JSON.stringify(pushPayload());
  const headers: Record<string, string> = githubHeaders(options.secret ?? GITHUB_SECRET, 'push', body);
  if (options.client) headers['x-forwarded-for'] = options.client;
  return fetch(`${server.url}/webhooks/github`, { method: 'POST', headers, body });
}

describe('front door: rate limit', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.cleanup();
    server = null;
  });

  it('answers 429 with Retry-After over RATE_LIMIT_PER_MINUTE, and processes nothing', async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: '1' } });
    const client = '198.51.100.20';
    for (let i = 0; i < 5; i++) assert.equal((await postGithub(server, { client })).status, 202, `request ${i + 1}`);
    const limited = await postGithub(server, { client });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 12, `Retry-After ${retryAfter}`);
    assert.equal(((await limited.json()) as { error: string }).error, 'rate_limited');

    const events = (await (await server.admin('GET', '/api/events')).json()) as unknown[];
    assert.equal(events.length, 5, 'the limited request was not stored (the admin call is another client)');
    assert.equal((await postGithub(server, { client: '198.51.100.21' })).status, 202, 'other clients are unaffected');
  });

  it('limits every inbound endpoint but not /healthz', async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await server.admin('GET', '/api/events')).status, 200);
    assert.equal((await fetch(`${server.url}/slack/events`, { method: 'POST', body: '' })).status, 404, 'disabled, but counted');
    assert.equal((await server.admin('GET', '/api/events')).status, 429);
    assert.equal((await fetch(`${server.url}/discord/interactions`, { method: 'POST', body: '' })).status, 429);
  });

  it('slows a forger long before a real provider: failed signatures cost ten requests', async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '30', TRUST_PROXY: '1' } });
    const forger = '203.0.113.66';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postGithub(server, { client: forger, secret: 'guess' })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429], 'three forgeries use up a 30-request budget');

    const provider = '192.30.252.10';
    for (let i = 0; i < 25; i++) assert.equal((await postGithub(server, { client: provider })).status, 202, `real delivery ${i + 1}`);
  });

  it('counts a wrong admin token as a failed verification too', async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '20' } });
    const guess = () => fetch(`${server!.url}/api/events`, { headers: { authorization: 'Bearer wrong-token-guess-000000' } });
    assert.equal((await guess()).status, 401);
    assert.equal((await guess()).status, 401);
    assert.equal((await guess()).status, 429);
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    for (let i = 0; i < 20; i++) assert.equal((await server.admin('GET', '/api/events')).status, 200);
  });
});
