import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('admin API', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.cleanup());

  it('refuses requests without the bearer token', async () => {
    const none = await fetch(`${server.url}/api/subscriptions`);
    assert.equal(none.status, 401);
    const wrong = await fetch(`${server.url}/api/subscriptions`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
  });

  it('creates, lists and deletes subscriptions with parsed features', async () => {
    const res = await server.admin('POST', '/api/subscriptions', {
      platform: 'discord',
      workspace: 'guild-1',
      channel: '111',
      source: 'github',
      target: 'Acme/API',
      features: ['reviews', 'commits:*', '-author:*[bot]'],
    });
    assert.equal(res.status, 201);
    const sub = (await res.json()) as { id: string; target: string; features: string[]; filters: { excludeAuthors: string[]; branches: string[] } };
    assert.equal(sub.target, 'acme/api');
    assert.ok(sub.features.includes('reviews') && sub.features.includes('issues'), 'words add to the defaults');
    assert.deepEqual(sub.filters.excludeAuthors, ['*[bot]']);
    assert.deepEqual(sub.filters.branches, ['*']);

    const list = (await (await server.admin('GET', '/api/subscriptions?channel=111')).json()) as unknown[];
    assert.equal(list.length, 1);
    assert.equal((await server.admin('DELETE', `/api/subscriptions/${sub.id}`)).status, 204);
    assert.equal((await server.admin('DELETE', `/api/subscriptions/${sub.id}`)).status, 404);
  });

  it('answers 400 with a reason for bad subscriptions', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ platform: 'teams', channel: 'C1', source: 'github', target: 'a/b' }, /platform/],
      [{ platform: 'slack', channel: 'C1', source: 'gitlab', target: 'a/b' }, /source/],
      [{ platform: 'slack', channel: 'C1', source: 'github', target: 'not a repo' }, /owner\/repo|repo/i],
      [{ platform: 'slack', channel: 'C1', source: 'github', target: 'a/b', features: ['reveiws'] }, /reviews/],
      [{ platform: 'discord', channel: 'not-a-snowflake', source: 'github', target: 'a/b' }, /not a discord channel id: give a numeric id/],
      [{ platform: 'discord', channel: 'abc/../x', source: 'github', target: 'a/b' }, /not a discord channel id/],
      [{ platform: 'slack', channel: '#general', source: 'github', target: 'a/b' }, /not a slack channel id: give an id such as C024BE91L/],
      [{ platform: 'discord', channel: '111', source: 'uptime', target: 'http://127.0.0.1/' }, /loopback/],
    ];
    for (const [body, reason] of cases) {
      const res = await server.admin('POST', '/api/subscriptions', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(((await res.json()) as { message: string }).message, reason);
    }
    const notJson = await fetch(`${server.url}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${'admin-token-for-tests-0123456789'}` },
      body: '{',
    });
    assert.equal(notJson.status, 400);
    assert.equal(((await (await server.admin('GET', '/api/subscriptions')).json()) as unknown[]).length, 0);
  });

  it('refuses a subscription to a generic hook that does not exist, then accepts it once created', async () => {
    const body = { platform: 'discord', channel: '777', source: 'custom', target: 'deploy-bot' };
    const missing = await server.admin('POST', '/api/subscriptions', body);
    assert.equal(missing.status, 400);
    const error = (await missing.json()) as { error: string; message: string };
    assert.equal(error.error, 'unknown_hook');
    assert.match(error.message, /deploy-bot.*POST \/api\/hooks/);
    assert.deepEqual(await (await server.admin('GET', '/api/subscriptions?channel=777')).json(), [], 'nothing stored');
    assert.equal((await server.admin('POST', '/api/hooks', { name: 'deploy-bot' })).status, 201);
    assert.equal((await server.admin('POST', '/api/subscriptions', body)).status, 201);
  });

  it('validates query parameters', async () => {
    assert.equal((await server.admin('GET', '/api/deliveries?status=weird')).status, 400);
    assert.equal((await server.admin('GET', '/api/events?limit=0')).status, 400);
    assert.equal((await server.admin('GET', '/api/events?source=nope')).status, 400);
    assert.equal((await server.admin('GET', '/api/deliveries?status=dead')).status, 200);
    // Numbers are plain digits; a parameter given twice is refused rather than silently ignored.
    for (const query of ['/api/events?limit=1e3', '/api/events?limit=0x10', '/api/events?limit=1.0', '/api/events?limit=+5', '/api/events?source=github&source=stripe', '/api/deliveries?status=dead&status=failed', '/api/subscriptions?platform=slack&platform=discord']) {
      const res = await server.admin('GET', query);
      assert.equal(res.status, 400, query);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_query', query);
    }
    assert.equal((await server.admin('GET', '/api/events?limit=25')).status, 200);
  });

  it('is off (404 naming ADMIN_TOKEN) when no token is configured', async () => {
    const other = await startTestServer({ env: { ADMIN_TOKEN: '' } });
    try {
      const res = await fetch(`${other.url}/api/events`);
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /ADMIN_TOKEN/);
    } finally {
      await other.cleanup();
    }
  });
});
