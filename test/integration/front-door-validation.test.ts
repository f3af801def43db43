import assert from 'node:assert/strict';
import { pullRequestPayload, pushPayload } from '../helpers/github-payloads.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('front door: payload validation', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.cleanup());

  it('answers 400 with the field for a signed GitHub payload that is not what GitHub sends; nothing stored', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['push', { ...pushPayload(), ref: ['refs/heads/main'] }, /^push payload: ref: /],
      ['push', { ...pushPayload(), commits: 'three' }, /^push payload: commits: /],
      ['pull_request', { ...pullRequestPayload(), pull_request: { title: 'no number' } }, /^pull_request payload: pull_request\.number: /],
      ['issues', { ...pullRequestPayload(), issue: null }, /^issues payload: issue: /],
    ];
    for (const [event, payload, message] of cases) {
      const res = await server.postGithub(event, payload);
      assert.equal(res.status, 400, event);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'invalid_payload');
      assert.match(body.message, message);
    }
    const events = (await (await server.admin('GET', '/api/events')).json()) as unknown[];
    assert.deepEqual(events, []);
    assert.equal((await server.postGithub('push', pushPayload())).status, 202, 'a real payload still passes');
  });
});
