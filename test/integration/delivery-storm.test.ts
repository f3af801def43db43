import assert from 'node:assert/strict';
import { pushPayload } from '../helpers/github-payloads.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';

/** How often each push (unique compare link) appears across a channel's messages. */
function appearances(messages: Array<{ channel: string; body: unknown }>, channel: string, prefix: string, n: number): number[] {
  const texts = messages.filter((m) => m.channel === channel).map((m) => JSON.stringify(m.body));
  return Array.from({ length: n }, (_, i) => texts.filter((t) => t.includes(`compare/${prefix}-${i}x`)).length);
}

describe('delivery under pressure: pacing and storm digests', function () {
  this.timeout(60_000);
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: TestServer;

  beforeEach(async () => {
    // Real platform limits: Discord 5 messages / 5 s per channel, Slack 1 / s.
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { perSecond: 1, burst: 1 } });
    server = await startTestServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
  });

  async function subscribe(platform: 'discord' | 'slack', channel: string, extra: Record<string, unknown> = {}) {
    const res = await server.admin('POST', '/api/subscriptions', { platform, workspace: 'w', channel, source: 'github', target: 'acme/api', ...extra });
    assert.equal(res.status, 201);
  }

  async function burst(prefix: string, n: number) {
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        server.postGithub('push', pushPayload({ compare: `https://github.com/Acme/API/compare/${prefix}-${i}x` })).then((r) => assert.equal(r.status, 202)),
      ),
    );
  }

  it('combines a burst into digests: every event once, no 429 from Discord or Slack', async () => {
    await subscribe('discord', '111');
    await subscribe('slack', 'C1');
    await burst('storm', 60);
    await waitFor(
      () => appearances(discord.messages, '111', 'storm', 60).every((n) => n > 0) && appearances(slack.messages, 'C1', 'storm', 60).every((n) => n > 0),
      20_000,
      'every event in some message',
    );
    await new Promise((r) => setTimeout(r, 1200));
    assert.deepEqual(appearances(discord.messages, '111', 'storm', 60), Array(60).fill(1));
    assert.deepEqual(appearances(slack.messages, 'C1', 'storm', 60), Array(60).fill(1));
    assert.equal(discord.rateLimited, 0, 'Discord never answered 429');
    assert.equal(slack.rateLimited, 0, 'Slack never answered 429');
    assert.ok(discord.messages.length < 20, `a digest instead of 60 messages (got ${discord.messages.length})`);
    const digest = discord.messages.map((m) => JSON.stringify(m.body)).find((t) => /storm digest/.test(t));
    assert.ok(digest, 'a digest message');
    assert.match(digest, /pushes to acme\/api in the last/);
    const deliveries = (await (await server.admin('GET', '/api/deliveries?limit=1000')).json()) as Array<{ status: string }>;
    assert.equal(deliveries.filter((d) => d.status === 'delivered').length, 120);
  });

  it('delivers a storm larger than the event log cap: no acknowledged event is pruned before it is delivered', async () => {
    await server.cleanup();
    server = await startTestServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl, env: { EVENT_LOG_LIMIT: '10' } });
    await subscribe('discord', '333');
    await burst('flood', 80); // 8× the cap, far faster than the channel's 5 messages per 5 s
    await waitFor(() => appearances(discord.messages, '333', 'flood', 80).every((n) => n > 0), 20_000, 'every event in some message');
    assert.deepEqual(appearances(discord.messages, '333', 'flood', 80), Array(80).fill(1));
    const deliveries = (await (await server.admin('GET', '/api/deliveries?limit=1000')).json()) as Array<{ status: string; lastError: string | null }>;
    assert.deepEqual(deliveries.filter((d) => d.status !== 'delivered'), [], 'none dead with "event no longer stored"');
    const events = (await (await server.admin('GET', '/api/events?limit=1000')).json()) as unknown[];
    assert.ok(events.length < 40, `delivered events were pruned meanwhile (about the cap plus what a pass had to keep): ${events.length}`);
  });

  it('never digests a subscription that switched digests off; paces it instead', async () => {
    await subscribe('discord', '222', { digest: false });
    await burst('paced', 12);
    await waitFor(() => discord.messages.length >= 12, 25_000, '12 single messages');
    assert.deepEqual(appearances(discord.messages, '222', 'paced', 12), Array(12).fill(1));
    assert.equal(discord.rateLimited, 0);
    assert.ok(!discord.messages.some((m) => /storm digest/.test(JSON.stringify(m.body))));
  });
});
