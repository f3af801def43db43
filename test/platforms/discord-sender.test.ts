import assert from 'node:assert/strict';
import type { DiscordMessagePayload } from '../../src/rendering/message.ts';
import { DeliveryError } from '../../src/delivery/errors.ts';
import type { PlatformPayload } from '../../src/delivery/message-sender.ts';
import { createDiscordSender, toDiscordNonce } from '../../src/platforms/discord/discord-sender.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/fake-discord.ts';

const body: DiscordMessagePayload = {
  embeds: [{ title: 'acme/api: 2 new commits', description: '`abc1234` fix it', color: 0x2ecc71, footer: { text: 'GitHub' } }],
  allowed_mentions: { parse: [] },
};
const payload = (b: DiscordMessagePayload = body): PlatformPayload => ({ platform: 'discord', body: b });

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => assert.fail('expected the send to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof DeliveryError, `expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('Discord sender against the fake Discord API', () => {
  let fake: FakeDiscord;
  const start = async (options: FakeDiscordOptions = {}) => {
    fake = await startFakeDiscord({ rateLimit: { limit: 100, windowMs: 1000 }, ...options });
    return createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, timeoutMs: 1000 });
  };
  afterEach(() => fake?.close());

  it('posts exactly the payload plus nonce and enforce_nonce, and returns the message id', async () => {
    const sender = await start();
    const result = await sender.send('111', payload(), 'evt-1:111');
    assert.equal(fake.messages.length, 1);
    const [message] = fake.messages;
    assert.equal(message?.channel, '111');
    assert.deepEqual(message?.body, { ...body, nonce: 'evt-1:111', enforce_nonce: true });
    assert.equal(result.messageId, message?.id);
  });

  it('shortens a long idempotency key to a stable 25-character nonce', async () => {
    const key = 'github:delivery-0b6c6c4e-8b1f-11ee-9e4a-1234567890ab:discord:123456789012345678';
    assert.equal(toDiscordNonce(key).length, 25);
    assert.equal(toDiscordNonce(key), toDiscordNonce(key));
    assert.notEqual(toDiscordNonce(key), toDiscordNonce(`${key}x`));
    const sender = await start();
    await sender.send('111', payload(), key);
    assert.equal(fake.messages[0]?.body.nonce, toDiscordNonce(key));
  });

  it('sending twice with the same key stores one message (enforce_nonce)', async () => {
    const sender = await start();
    const first = await sender.send('111', payload(), 'evt-2:111');
    const second = await sender.send('111', payload(), 'evt-2:111');
    assert.equal(second.messageId, first.messageId);
    assert.equal(fake.messages.length, 1);
    assert.equal(fake.deduplicated, 1);
  });

  it('a 5xx is a retryable error and is not retried inside the client', async () => {
    const sender = await start({ faults: { errorNext: 1, errorStatuses: [502] } });
    const error = await rejection(sender.send('111', payload(), 'k'));
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'server_error');
    assert.equal(fake.requests, 1);
    await sender.send('111', payload(), 'k');
    assert.equal(fake.messages.length, 1);
  });

  it('a 429 is retryable with retryAfterMs from retry_after, at once', async () => {
    const sender = await start({ faults: { rateLimitNext: 1, rateLimitRetryAfterSec: 2.5 } });
    const started = Date.now();
    const error = await rejection(sender.send('111', payload(), 'k'));
    assert.ok(Date.now() - started < 1000, 'the client must not sleep through the 429');
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterMs, 2500);
    assert.equal(fake.rateLimited, 1);
  });

  it('a bucket wait longer than maxQueueMs fails as retryable instead of sleeping', async () => {
    fake = await startFakeDiscord({ rateLimit: { limit: 1, windowMs: 5000 } });
    const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, maxQueueMs: 200 });
    const started = Date.now();
    const [first, second] = await Promise.allSettled([sender.send('111', payload(), 'a'), sender.send('111', payload(), 'b')]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'rejected');
    const error = (second as PromiseRejectedResult).reason as DeliveryError;
    assert.equal(error.code, 'rate_limited');
    assert.ok(error.retryable);
    assert.ok(error.retryAfterMs !== null && error.retryAfterMs > 4000 && error.retryAfterMs <= 5200, `retryAfterMs ${error.retryAfterMs}`);
    assert.ok(Date.now() - started < 1500);
    assert.equal(fake.rateLimited, 0, 'discord.js knew the bucket was empty and did not ask');
  });

  const permanent: Array<[string, FakeDiscordOptions, string]> = [
    ['unknown channel', { channels: ['222'] }, 'unknown_channel'],
    ['missing access', { forbiddenChannels: ['111'] }, 'missing_access'],
    ['missing permissions', { noPermissionChannels: ['111'] }, 'missing_permissions'],
  ];
  for (const [name, options, code] of permanent) {
    it(`${name} is permanent (${code})`, async () => {
      const sender = await start(options);
      const error = await rejection(sender.send('111', payload(), 'k'));
      assert.equal(error.retryable, false);
      assert.equal(error.code, code);
      assert.equal(fake.messages.length, 0);
    });
  }

  it('a body over Discord limits is permanent invalid_body naming the field', async () => {
    const sender = await start();
    const error = await rejection(sender.send('111', payload({ ...body, embeds: [{ title: 'x'.repeat(257) }] }), 'k'));
    assert.equal(error.retryable, false);
    assert.equal(error.code, 'invalid_body');
    assert.match(error.message, /embeds\[0\]\.title/);
  });

  it('a bad token is permanent unauthorized, and the sender keeps its token afterwards', async () => {
    fake = await startFakeDiscord();
    const bad = createDiscordSender({ token: 'wrong', apiUrl: fake.apiUrl });
    const error = await rejection(bad.send('111', payload(), 'k'));
    assert.equal(error.retryable, false);
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /DISCORD_BOT_TOKEN/);
    // discord.js drops the token after a 401; the sender sets it again on the next send.
    const second = await rejection(bad.send('111', payload(), 'k'));
    assert.equal(second.code, 'unauthorized');
    assert.equal(fake.requests, 2);
  });

  it('rejects a channel id that is not a snowflake without calling Discord', async () => {
    const sender = await start();
    const error = await rejection(sender.send('../../users/@me', payload(), 'k'));
    assert.equal(error.retryable, false);
    assert.equal(fake.requests, 0);
  });

  it('a hanging API is a retryable timeout within timeoutMs', async () => {
    fake = await startFakeDiscord({ faults: { hangNext: 1 } });
    const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(sender.send('111', payload(), 'k'));
    const elapsed = Date.now() - started;
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'timeout');
    assert.ok(elapsed >= 280 && elapsed < 1500, `took ${elapsed} ms`);
  });

  it('an unreachable API is a retryable network error', async () => {
    fake = await startFakeDiscord();
    const url = fake.apiUrl;
    await fake.close();
    const sender = createDiscordSender({ token: 't', apiUrl: url, timeoutMs: 1000 });
    const error = await rejection(sender.send('111', payload(), 'k'));
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'network');
  });

  describe("with the bot's request slots shared between instances", () => {
    it('waits for its slot before posting, and names the bot by a digest, never the token', async () => {
      fake = await startFakeDiscord();
      const asked: string[] = [];
      const pacer = { wait: async (bot: string) => { asked.push(bot); await new Promise((r) => setTimeout(r, 150)); } };
      const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, sharedPacer: pacer });
      const started = Date.now();
      await sender.send('111', payload(), 'k1');
      assert.ok(fake.messages[0]!.receivedAt - started >= 140, 'posted after the slot came');
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, /^[0-9a-f]{16}$/);
      assert.ok(!asked[0]!.includes(fake.token));
    });

    it('a store that cannot hand out a slot fails the send as retryable, and nothing is posted', async () => {
      fake = await startFakeDiscord();
      const pacer = { wait: () => Promise.reject(new Error('connection terminated')) };
      const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, sharedPacer: pacer });
      const error = await rejection(sender.send('111', payload(), 'k'));
      assert.equal(error.retryable, true);
      assert.equal(error.code, 'store_unavailable');
      assert.match(error.message, /connection terminated/);
      assert.equal(fake.messages.length, 0);
    });

    it('a slot further away than maxQueueMs fails as a retryable timeout', async () => {
      fake = await startFakeDiscord();
      const pacer = {
        wait: (_bot: string, signal?: AbortSignal) =>
          new Promise<void>((resolve, reject) => {
            const t = setTimeout(resolve, 60_000);
            signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)));
          }),
      };
      const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl, sharedPacer: pacer, maxQueueMs: 100, timeoutMs: 100 });
      const started = Date.now();
      const error = await rejection(sender.send('111', payload(), 'k'));
      assert.equal(error.code, 'timeout');
      assert.equal(error.retryable, true);
      assert.ok(Date.now() - started < 2000);
      assert.equal(fake.messages.length, 0);
    });
  });

  it('paces a burst of 10 on one channel from the rate-limit headers: no 429, all arrive', async () => {
    fake = await startFakeDiscord({ rateLimit: { limit: 5, windowMs: 400 } });
    const sender = createDiscordSender({ token: fake.token, apiUrl: fake.apiUrl });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => sender.send('111', payload(), `burst-${i}`)));
    assert.equal(fake.rateLimited, 0);
    assert.equal(fake.messages.length, 10);
    assert.equal(new Set(results.map((r) => r.messageId)).size, 10);
    assert.ok(Date.now() - started >= 400, 'the second half waited for the bucket to reset');
  });
});
