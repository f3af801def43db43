import assert from 'node:assert/strict';
import { slackHeaders, slashCommandBody, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const subscribeBody = slashCommandBody({ command: '/subscribe', text: 'github acme/api' });
const nowSec = () => Math.floor(Date.now() / 1000);

describe('POST /slack/events request verification', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { SLACK_SIGNING_SECRET } });
  });
  after(() => server.cleanup());

  const post = (headers: Record<string, string>, body: string = subscribeBody) =>
    fetch(`${server.url}/slack/events`, { method: 'POST', headers, body });

  async function expectRejected(headers: Record<string, string>, body?: string) {
    const res = await post(headers, body);
    assert.equal(res.status, 401);
    const json = (await res.json()) as { error: string; message: string };
    assert.equal(json.error, 'invalid_signature');
    assert.equal((await server.store.listSubscriptions()).length, 0, 'nothing may change');
  }

  const cases: Array<[string, () => Record<string, string>, string?]> = [
    ['a forged signature', () => ({ ...slackHeaders(subscribeBody), 'x-slack-signature': `v0=${'ab'.repeat(32)}` })],
    ['the wrong signing secret', () => slackHeaders(subscribeBody, { secret: 'not-the-secret' })],
    ['a stale timestamp (6 minutes old)', () => slackHeaders(subscribeBody, { timestamp: nowSec() - 360 })],
    ['a timestamp in the future', () => slackHeaders(subscribeBody, { timestamp: nowSec() + 360 })],
    ['a tampered body', () => slackHeaders(subscribeBody), subscribeBody.replace('acme%2Fapi', 'evil%2Fapi')],
    ['no signature headers', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    ['no timestamp header', () => {
      const { 'x-slack-request-timestamp': _ts, ...rest } = slackHeaders(subscribeBody);
      return rest;
    }],
    ['a signature without v0=', () => ({ ...slackHeaders(subscribeBody), 'x-slack-signature': 'ab'.repeat(32) })],
    ['a truncated signature', () => {
      const h = slackHeaders(subscribeBody);
      return { ...h, 'x-slack-signature': h['x-slack-signature']!.slice(0, 40) };
    }],
    ['garbled hex', () => ({ ...slackHeaders(subscribeBody), 'x-slack-signature': `v0=${'zz'.repeat(32)}` })],
    ['a non-numeric timestamp', () => ({ ...slackHeaders(subscribeBody), 'x-slack-request-timestamp': 'yesterday' })],
  ];
  for (const [what, headers, body] of cases) {
    it(`answers 401 and changes nothing for ${what}`, () => expectRejected(headers(), body));
  }

  it('accepts a timestamp just inside the 5-minute window', async () => {
    const res = await post(slackHeaders(subscribeBody, { timestamp: nowSec() - 280 }));
    assert.equal(res.status, 200);
    assert.equal((await server.store.listSubscriptions()).length, 1);
    await server.store.removeSubscription((await server.store.listSubscriptions())[0]!.id);
  });

  it('answers the Events API url_verification challenge (signed JSON)', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    const res = await post(slackHeaders(body, {}, 'application/json'), body);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { challenge: 'chal-123' });
  });

  it('refuses an unsigned url_verification', async () => {
    const body = JSON.stringify({ challenge: 'chal-123', type: 'url_verification' });
    const res = await post({ 'content-type': 'application/json' }, body);
    assert.equal(res.status, 401);
  });

  it('answers ssl_check probes with 200 and acts on nothing in them', async () => {
    const body = 'ssl_check=1&token=x&command=%2Fsubscribe&text=github+acme%2Fapi';
    const res = await post({ 'content-type': 'application/x-www-form-urlencoded' }, body);
    assert.equal(res.status, 200);
    assert.equal((await server.store.listSubscriptions()).length, 0);
  });

  it('acknowledges signed events it has no listener for with 200', async () => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event: { type: 'app_mention', user: 'U1', text: 'hi', ts: '1.1', channel: 'C1' }, event_id: 'Ev1', event_time: 1 });
    const res = await post(slackHeaders(body, {}, 'application/json'), body);
    assert.equal(res.status, 200);
  });

  const incomplete: Array<[string, string, string]> = [
    ['a slash command without channel_id', new URLSearchParams({ command: '/subscribe', text: 'github acme/orphan', team_id: 'T1', user_id: 'U1' }).toString(), 'application/x-www-form-urlencoded'],
    ['a slash command with an empty team_id', slashCommandBody({ command: '/subscribe', text: 'github acme/api' }).replace('team_id=T1', 'team_id='), 'application/x-www-form-urlencoded'],
    ['a slash command without user_id', new URLSearchParams({ command: '/subscribe', text: 'github acme/api', team_id: 'T1', channel_id: 'C1' }).toString(), 'application/x-www-form-urlencoded'],
    ['a JSON slash command whose text is a number', JSON.stringify({ command: '/subscribe', text: 5, team_id: 'T1', channel_id: 'C1', user_id: 'U1' }), 'application/json'],
    ['a shortcut payload without a team', `payload=${encodeURIComponent(JSON.stringify({ type: 'shortcut' }))}`, 'application/x-www-form-urlencoded'],
    ['a view_submission without a user', `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', team: { id: 'T1' } }))}`, 'application/x-www-form-urlencoded'],
    ['an event_callback with a null event', JSON.stringify({ type: 'event_callback', team_id: 'T1', event: null }), 'application/json'],
    ['a JSON body that is none of these', JSON.stringify({ hello: 'world' }), 'application/json'],
  ];
  for (const [what, body, type] of incomplete) {
    it(`answers 400 invalid_payload and stores nothing for ${what} (signed)`, async () => {
      const res = await post(slackHeaders(body, {}, type), body);
      assert.equal(res.status, 400, await res.clone().text());
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_payload');
      assert.equal((await server.store.listSubscriptions()).length, 0);
    });
  }

  it("accepts Slack's app_rate_limited notice (a team_id, no team or user object)", async () => {
    const body = JSON.stringify({ token: 't', type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1518467820, api_app_id: 'A1' });
    const res = await post(slackHeaders(body, {}, 'application/json'), body);
    assert.equal(res.status, 200);
  });

  it('answers 400 for a correctly signed body that is not JSON', async () => {
    const body = '{not json';
    const res = await post(slackHeaders(body, {}, 'application/json'), body);
    assert.equal(res.status, 400);
  });

  it('answers 413 above the body limit, before verifying anything', async () => {
    const body = 'a'.repeat(1024 * 1024 + 10);
    const res = await post({ ...slackHeaders(''), 'content-type': 'application/x-www-form-urlencoded' }, body);
    assert.equal(res.status, 413);
  });
});

describe('POST /slack/events without SLACK_SIGNING_SECRET', () => {
  it('answers 404 naming the variable', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: slackHeaders(subscribeBody), body: subscribeBody });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /SLACK_SIGNING_SECRET/);
      assert.equal((await server.store.listSubscriptions()).length, 0);
    } finally {
      await server.cleanup();
    }
  });
});
