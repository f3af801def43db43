import assert from 'node:assert/strict';
import { connect } from 'node:net';
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

  it('answers a wrong method with 405 JSON naming the allowed ones (never a bare text or a 501)', async () => {
    for (const [method, path, allow] of [['PUT', '/webhooks/github', /POST/], ['DELETE', '/webhooks/stripe', /POST/], ['PATCH', '/healthz', /GET/], ['PROPFIND', '/healthz', /GET/]] as const) {
      const res = await fetch(`${server.url}${path}`, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'method_not_allowed');
      assert.match(body.message, allow);
    }
    const nowhere = await fetch(`${server.url}/nope`, { method: 'PROPFIND' });
    assert.equal(nowhere.status, 404, 'an unknown method on an unknown path is a 404');
    assert.equal(((await nowhere.json()) as { error: string }).error, 'not_found');
  });

  it("answers what Node's HTTP parser refuses (huge headers, a bad Content-Length) with JSON too", async () => {
    const huge = await fetch(`${server.url}/webhooks/github?${'a'.repeat(20_000)}`, { method: 'POST' }).catch((e: unknown) => e);
    assert.ok(huge instanceof Response, String(huge));
    assert.equal(huge.status, 431);
    assert.equal(((await huge.json()) as { error: string }).error, 'headers_too_large');
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('POST /webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(raw, /\{"error":"bad_request","message":"Malformed HTTP request \(HPE_/);
    assert.deepEqual(await (await server.admin('GET', '/api/events')).json(), [], 'nothing stored');
  });
});
