import assert from 'node:assert/strict';
import type { DeliveryStatsSnapshot } from '../../src/delivery/delivery-stats.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';

const FAST_RETRIES = [50, 100, 200, 300, 400, 500, 500, 500, 500, 500, 500, 500, 500, 500];

describe('delivery under faults', function () {
  this.timeout(60_000);
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: TestServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, channels: ['111', '222', '333', '444'], rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, channels: ['C1'], rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({
      discordApiUrl: discord.apiUrl,
      slackApiUrl: slack.apiUrl,
      env: { STORM_THRESHOLD: '0' },
      delivery: {
        retrySchedule: FAST_RETRIES,
        senderTimeoutMs: 300,
        rates: { discord: { limit: 50, windowMs: 1000 }, slack: { limit: 50, windowMs: 1000 } },
      },
    });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
  });

  async function subscribe(platform: 'discord' | 'slack', channel: string) {
    const res = await server.admin('POST', '/api/subscriptions', { platform, workspace: 'w', channel, source: 'github', target: 'acme/api' });
    assert.equal(res.status, 201);
  }

  it('delivers every message exactly once through 30% 5xx, timeouts and 429 bursts', async () => {
    await subscribe('discord', '111');
    await subscribe('discord', '222');
    await subscribe('slack', 'C1');
    discord.setFault({ seed: 7, errorRate: 0.3, hangRate: 0.05, rateLimitNext: 3, rateLimitRetryAfterSec: 0.2 });
    slack.setFault({ seed: 11, errorRate: 0.3, hangRate: 0.05, rateLimitNext: 3, rateLimitRetryAfterSec: 0.2 });
    slack.dropResponseNext = 3; // posted, but the answer never comes back: the retry must not post again
    for (let i = 0; i < 25; i++) {
      const res = await server.postGithub('push', pushPayload({ compare: `https://github.com/Acme/API/compare/f-${i}x` }));
      assert.equal(res.status, 202);
    }
    const count = (channel: string, all: Array<{ channel: string; body: unknown }>) =>
      Array.from({ length: 25 }, (_, i) => all.filter((m) => m.channel === channel && JSON.stringify(m.body).includes(`compare/f-${i}x`)).length);
    await waitFor(
      () => [count('111', discord.messages), count('222', discord.messages), count('C1', slack.messages)].every((c) => c.every((n) => n >= 1)),
      40_000,
      'every message despite faults',
    );
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(count('111', discord.messages), Array(25).fill(1));
    assert.deepEqual(count('222', discord.messages), Array(25).fill(1));
    assert.ok(discord.faults.injected.error > 0 && discord.faults.injected.rateLimit > 0, 'faults were injected');
    // Slack has no idempotency key: the key travels as message metadata and a retry after an
    // unanswered request looks it up in the channel's history first.
    assert.deepEqual(count('C1', slack.messages), Array(25).fill(1));
    assert.equal(slack.dropResponseNext, 0, 'lost responses were injected');
    const deliveries = (await (await server.admin('GET', '/api/deliveries?limit=1000')).json()) as Array<{ status: string }>;
    assert.equal(deliveries.length, 75);
    assert.ok(deliveries.every((d) => d.status === 'delivered'), 'all delivered, none dead');
    // The operator sees what happened: every 429 counted, failures by cause, nothing dead.
    const stats = (await (await server.admin('GET', '/api/stats')).json()) as { delivery: DeliveryStatsSnapshot };
    const d = stats.delivery.platforms.discord;
    assert.equal(d.rateLimited, discord.rateLimited, 'each 429 the fake Discord sent is counted');
    assert.deepEqual([d.messages, d.digests, d.deliveries, d.dead], [50, 0, 50, 0]);
    assert.ok((d.failures.server_error ?? 0) > 0 && (d.failures.timeout ?? 0) > 0, JSON.stringify(d.failures));
    const s = stats.delivery.platforms.slack;
    assert.ok(s.rateLimited > 0 && s.rateLimited <= slack.rateLimited, `Slack 429s counted: ${s.rateLimited} of ${slack.rateLimited}`);
    assert.deepEqual([s.deliveries, s.dead], [25, 0]);
  });

  it('retries a Slack message refused with 429 without searching the channel history (it was not posted)', async () => {
    await subscribe('slack', 'C1');
    slack.faults.set({ rateLimitNext: 2, rateLimitRetryAfterSec: 0.1 });
    const res = await server.postGithub('push', pushPayload({ compare: 'https://github.com/Acme/API/compare/refused-429x' }));
    assert.equal(res.status, 202);
    await waitFor(() => slack.messages.some((m) => JSON.stringify(m.body).includes('refused-429x')), 10_000, 'the message after two 429s');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(slack.messages.filter((m) => JSON.stringify(m.body).includes('refused-429x')).length, 1);
    assert.equal(slack.rateLimited, 2);
    assert.equal(slack.historyCalls, 0, 'a 429 says the message was not posted: no history lookup');
  });

  it('pauses a channel that is gone, says why, and stops sending to it', async () => {
    await subscribe('discord', '999'); // not a channel the fake knows: 404 Unknown Channel
    await subscribe('discord', '111');
    await server.postGithub('push', pushPayload());
    const paused = await waitFor(async () => {
      const subs = (await (await server.admin('GET', '/api/subscriptions?channel=999')).json()) as Array<{ id: string; pausedReason: string | null }>;
      return subs[0]?.pausedReason ? subs[0] : null;
    }, 5000, 'a paused subscription');
    assert.ok(paused);
    assert.match(paused.pausedReason!, /Unknown Channel|unknown_channel/i);
    const requestsBefore = discord.requests;
    await server.postGithub('push', pushPayload());
    await waitFor(() => discord.messages.length === 2, 5000, 'channel 111 still served');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(discord.requests - requestsBefore, 1, 'no request to the paused channel');

    const resumed = await server.admin('POST', `/api/subscriptions/${paused.id}/resume`);
    assert.equal(resumed.status, 200);
    assert.equal(((await resumed.json()) as { pausedReason: string | null }).pausedReason, null);
  });

  it('lists dead deliveries and retries them all after the cause is fixed', async () => {
    await subscribe('discord', '333');
    discord.setFault({ errorNext: 100, errorStatuses: [500] });
    await server.postGithub('push', pushPayload());
    await waitFor(async () => ((await (await server.admin('GET', '/api/deliveries?status=dead')).json()) as unknown[]).length === 1, 15_000, 'dead after all retries');
    discord.clearFaults();
    const res = await server.admin('POST', '/api/deliveries/retry', { status: 'dead' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { requeued: 1 });
    await waitFor(() => discord.messages.length === 1, 5000, 'the retried message');
  });
});
