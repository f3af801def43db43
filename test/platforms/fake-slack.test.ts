import assert from 'node:assert/strict';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/fake-slack.ts';

/** The fake's own behaviour, over raw HTTP: the other suites rely on it acting like Slack. */
describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  const start = async (options: FakeSlackOptions = {}) =>
    (fake = await startFakeSlack({ rateLimit: { perSecond: 100, burst: 100 }, ...options }));
  afterEach(() => fake?.close());

  async function callJson(method: string, args: Record<string, unknown>, token: string | null = fake.token) {
    const res = await fetch(`${fake.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(args),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  }
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('accepts JSON and form-encoded posts and stores the same decoded body', async () => {
    await start();
    const args = { text: 'hi', blocks: [section('hi')], unfurl_links: false, unfurl_media: true };
    const viaJson = await callJson('chat.postMessage', { channel: 'C1', ...args });
    assert.equal(viaJson.json.ok, true);
    assert.equal(viaJson.json.channel, 'C1');
    const form = new URLSearchParams({ token: fake.token, channel: 'C1', text: 'hi', blocks: JSON.stringify(args.blocks), unfurl_links: 'false', unfurl_media: 'true' });
    const viaForm = (await (await fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', body: form })).json()) as Record<string, unknown>;
    assert.equal(viaForm.ok, true);
    assert.notEqual(viaForm.ts, viaJson.json.ts);
    assert.deepEqual(fake.messages.map((m) => m.body), [args, args]);
    assert.deepEqual((viaJson.json.message as Record<string, unknown>).blocks, args.blocks);
  });

  it('checks the token', async () => {
    await start();
    assert.equal((await callJson('chat.postMessage', { channel: 'C1', text: 'x' }, null)).json.error, 'not_authed');
    const wrong = await callJson('chat.postMessage', { channel: 'C1', text: 'x' }, 'xoxb-wrong');
    assert.deepEqual([wrong.status, wrong.json.ok, wrong.json.error], [200, false, 'invalid_auth']);
  });

  it('reports channel problems by name', async () => {
    await start({ channels: ['C1', 'C2', 'C3'], notInChannel: ['C2'], archivedChannels: ['C3'] });
    const error = async (channel: string) => (await callJson('chat.postMessage', { channel, text: 'x' })).json.error;
    assert.equal(await error('C9'), 'channel_not_found');
    assert.equal(await error('C2'), 'not_in_channel');
    assert.equal(await error('C3'), 'is_archived');
    assert.equal(await error('C1'), undefined);
  });

  it('validates like Slack: no_text, msg_too_long, invalid_blocks with json-pointers', async () => {
    await start();
    const post = async (args: Record<string, unknown>) => (await callJson('chat.postMessage', { channel: 'C1', ...args })).json;
    assert.equal((await post({ text: '' })).error, 'no_text');
    assert.equal((await post({ text: 'x'.repeat(40001) })).error, 'msg_too_long');
    assert.equal((await post({ text: 'x', attachments: Array.from({ length: 101 }, () => ({})) })).error, 'too_many_attachments');
    const tooMany = await post({ text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) });
    assert.equal(tooMany.error, 'invalid_blocks');
    assert.match(String(tooMany.errors), /no more than 50 items allowed \[json-pointer:\/blocks\]/);
    const longSection = await post({ text: 'x', blocks: [section('x'.repeat(3001))] });
    assert.match(String(longSection.errors), /must be less than 3001 characters \[json-pointer:\/blocks\/0\/text\/text\]/);
    const longHeader = await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    assert.equal(longHeader.error, 'invalid_blocks');
    const mrkdwnHeader = await post({ text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] });
    assert.equal(mrkdwnHeader.error, 'invalid_blocks');
    assert.equal((await post({ text: 'x', blocks: [section('x'.repeat(3000)), { type: 'divider' }] })).ok, true);
    assert.equal((await post({ blocks: [section('only blocks')] })).ok, true);
    assert.equal(fake.messages.length, 2);
  });

  it('rate-limits chat.postMessage per channel with HTTP 429 and Retry-After', async () => {
    await start({ rateLimit: { perSecond: 1, burst: 2 } });
    const post = (channel: string) => callJson('chat.postMessage', { channel, text: 'x' });
    assert.equal((await post('C1')).status, 200);
    assert.equal((await post('C1')).status, 200);
    const limited = await post('C1');
    assert.deepEqual([limited.status, limited.json.ok, limited.json.error], [429, false, 'ratelimited']);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await post('C2')).status, 200);
    assert.equal(fake.rateLimited, 1);
  });

  it('accepts the fake Discord {limit, windowMs} rate-limit shape', async () => {
    fake = await startFakeSlack({ rateLimit: { limit: 3, windowMs: 1000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await callJson('chat.postMessage', { channel: 'C1', text: 'x' })).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  });

  it('answers chat.update and auth.test', async () => {
    await start();
    const posted = await callJson('chat.postMessage', { channel: 'C1', text: 'before' });
    const updated = await callJson('chat.update', { channel: 'C1', ts: posted.json.ts, text: 'after' });
    assert.equal(updated.json.ok, true);
    assert.equal(fake.messages[0]?.body.text, 'after');
    assert.equal(fake.updates.length, 1);
    assert.equal((await callJson('chat.update', { channel: 'C1', ts: '1.2', text: 'x' })).json.error, 'message_not_found');
    const auth = await callJson('auth.test', {});
    assert.equal(auth.json.ok, true);
    assert.ok(auth.json.team_id && auth.json.user_id && auth.json.bot_id);
  });

  it('injects forced and seeded faults', async () => {
    await start({ faults: { errorNext: 1, errorStatuses: [503], rateLimitNext: 1, rateLimitRetryAfterSec: 7 } });
    const limited = await callJson('chat.postMessage', { channel: 'C1', text: 'x' });
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
    const failed = await fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', body: '' });
    assert.equal(failed.status, 503);
    fake.setFault({ seed: 7, errorRate: 0.5 });
    const first: number[] = [];
    for (let i = 0; i < 10; i++) first.push((await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' })).status);
    fake.setFault({ seed: 7 });
    const second: number[] = [];
    for (let i = 0; i < 10; i++) second.push((await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' })).status);
    assert.deepEqual(first, second);
    assert.ok(first.some((s) => s >= 500) && first.some((s) => s === 200));
  });
});
