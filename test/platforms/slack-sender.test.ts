import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/delivery/errors.ts';
import type { PlatformPayload } from '../../src/delivery/message-sender.ts';
import type { SlackMessagePayload } from '../../src/rendering/message.ts';
import { createSlackSender } from '../../src/platforms/slack/slack-sender.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/fake-slack.ts';

const body: SlackMessagePayload = {
  text: 'acme/api: 2 new commits by &lt;octocat&gt;',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'acme/api' } },
    { type: 'section', text: { type: 'mrkdwn', text: '`abc1234` fix it' } },
  ],
  unfurl_links: false,
  unfurl_media: false,
};
const payload = (b: SlackMessagePayload = body): PlatformPayload => ({ platform: 'slack', body: b });

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => assert.fail('expected the send to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeliveryError, `expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('Slack sender against the fake Slack API', () => {
  let fake: FakeSlack;
  const start = async (options: FakeSlackOptions = {}, timeoutMs = 1000) => {
    fake = await startFakeSlack({ rateLimit: { perSecond: 100, burst: 100 }, ...options });
    return createSlackSender({ token: fake.token, apiUrl: fake.apiUrl, timeoutMs });
  };
  afterEach(() => fake?.close());

  it('posts exactly the payload to the channel and returns the ts', async () => {
    const sender = await start();
    const result = await sender.send('C111', payload(), 'evt-1:C111');
    assert.equal(fake.messages.length, 1);
    assert.equal(fake.messages[0]?.channel, 'C111');
    assert.deepEqual(fake.messages[0]?.body, { ...body, metadata: { event_type: 'hookbridge_delivery', event_payload: { key: 'evt-1:C111' } } });
    assert.equal(result.messageId, fake.messages[0]?.id);
    assert.match(result.messageId, /^\d+\.\d{6}$/);
  });

  it('finds a message it already posted by its idempotency key (for retries after a lost answer)', async () => {
    const sender = await start();
    const since = new Date(Date.now() - 1000);
    assert.equal(await sender.findSent!('C111', 'k-1', since), null);
    const posted = await sender.send('C111', payload(), 'k-1');
    await sender.send('C111', payload(), 'k-2');
    assert.deepEqual(await sender.findSent!('C111', 'k-1', since), { messageId: posted.messageId });
  });

  it('finds it on a later page of a busy channel\'s history', async () => {
    const sender = await start();
    const since = new Date(Date.now() - 1000);
    const posted = await sender.send('C111', payload(), 'k-early');
    // 450 newer messages: the history is newest first, 200 per page.
    for (let i = 1; i <= 450; i++) {
      fake.messages.push({ id: (Number(posted.messageId) + i / 1e6).toFixed(6), channel: 'C111', body: { text: `chatter ${i}` }, receivedAt: Date.now() });
    }
    assert.deepEqual(await sender.findSent!('C111', 'k-early', since), { messageId: posted.messageId });
    assert.equal(await sender.findSent!('C111', 'never-sent', since), null);
  });

  it('falls back to plain sending when the token lacks the history scope', async () => {
    const sender = await start({ historyScopeMissing: true });
    assert.equal(await sender.findSent!('C111', 'k-1', new Date()), null);
  });

  it('accepts an API URL without the trailing slash', async () => {
    await start();
    const sender = createSlackSender({ token: fake.token, apiUrl: fake.apiUrl.replace(/\/$/, '') });
    await sender.send('C111', payload(), 'k');
    assert.equal(fake.messages.length, 1);
  });

  it('a 429 is retryable with retryAfterMs from Retry-After, without waiting', async () => {
    const sender = await start({ faults: { rateLimitNext: 1, rateLimitRetryAfterSec: 3 } });
    const started = Date.now();
    const error = await rejection(sender.send('C111', payload(), 'k'));
    assert.ok(Date.now() - started < 1000);
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterMs, 3000);
    assert.equal(fake.requests, 1, 'not retried inside the client');
  });

  it('hits the per-channel limit after the burst and reports when to retry', async () => {
    fake = await startFakeSlack({ rateLimit: { perSecond: 1, burst: 2 } });
    const sender = createSlackSender({ token: fake.token, apiUrl: fake.apiUrl });
    await sender.send('C111', payload(), 'a');
    await sender.send('C111', payload(), 'b');
    const error = await rejection(sender.send('C111', payload(), 'c'));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterMs, 1000);
    await sender.send('C222', payload(), 'd');
    assert.equal(fake.messages.length, 3);
    assert.equal(fake.rateLimited, 1);
  });

  it('an HTTP 5xx is retryable and not retried inside the client', async () => {
    const sender = await start({ faults: { errorNext: 1, errorStatuses: [503] } });
    const error = await rejection(sender.send('C111', payload(), 'k'));
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'server_error');
    assert.equal(fake.requests, 1);
  });

  it('transient platform errors are retryable', async () => {
    const sender = await start();
    fake.failNextWith('internal_error', 'fatal_error', 'service_unavailable');
    for (let i = 0; i < 3; i++) {
      const error = await rejection(sender.send('C111', payload(), 'k'));
      assert.equal(error.retryable, true, error.message);
      assert.equal(error.code, 'server_error');
    }
  });

  const permanent: Array<[string, FakeSlackOptions, string, SlackMessagePayload?]> = [
    ['channel_not_found', { channels: ['C222'] }, 'unknown_channel'],
    ['not_in_channel', { notInChannel: ['C111'] }, 'missing_access'],
    ['is_archived', { archivedChannels: ['C111'] }, 'missing_access'],
    ['invalid_blocks', {}, 'invalid_body', { ...body, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] }],
    ['no_text', {}, 'invalid_body', { ...body, text: '', blocks: [] }],
    ['msg_too_long', {}, 'invalid_body', { ...body, text: 'x'.repeat(40001) }],
  ];
  for (const [slackError, options, code, custom] of permanent) {
    it(`${slackError} is permanent (${code})`, async () => {
      const sender = await start(options);
      const error = await rejection(sender.send('C111', payload(custom), 'k'));
      assert.equal(error.retryable, false);
      assert.equal(error.code, code);
      assert.match(error.message, new RegExp(slackError));
      assert.equal(fake.messages.length, 0);
    });
  }

  it('a bad token is permanent unauthorized naming SLACK_BOT_TOKEN', async () => {
    fake = await startFakeSlack();
    const sender = createSlackSender({ token: 'xoxb-wrong', apiUrl: fake.apiUrl });
    const error = await rejection(sender.send('C111', payload(), 'k'));
    assert.equal(error.retryable, false);
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /invalid_auth.*SLACK_BOT_TOKEN/);
  });

  it('a hanging API is a retryable timeout within timeoutMs', async () => {
    const sender = await start({ faults: { hangNext: 1 } }, 300);
    const started = Date.now();
    const error = await rejection(sender.send('C111', payload(), 'k'));
    const elapsed = Date.now() - started;
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'timeout');
    assert.ok(elapsed >= 280 && elapsed < 1500, `took ${elapsed} ms`);
  });

  it('an unreachable API is a retryable network error', async () => {
    fake = await startFakeSlack();
    const url = fake.apiUrl;
    await fake.close();
    const sender = createSlackSender({ token: 'xoxb-x', apiUrl: url });
    const error = await rejection(sender.send('C111', payload(), 'k'));
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'network');
  });
});
