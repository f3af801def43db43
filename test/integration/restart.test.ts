import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startChildServer } from '../helpers/child-server.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { githubHeaders } from '../helpers/sign-github.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, GITHUB_SECRET, waitFor } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack } from '../fakes/fake-slack.ts';

describe('crash safety (child process, SIGKILL)', function () {
  this.timeout(60_000);
  let discord: FakeDiscord;
  let temp: { dir: string; cleanup: () => Promise<void> };

  beforeEach(async () => {
    temp = await makeTempDir();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 100, windowMs: 1000 }, globalRateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterEach(async () => {
    await discord.close();
    await temp.cleanup();
  });

  const env = () => ({
    DATA_FILE: join(temp.dir, 'hookbridge.json'),
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    ADMIN_TOKEN,
    DISCORD_BOT_TOKEN: DISCORD_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
  });

  async function sendPushes(url: string, count: number, prefix: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      const body = JSON.stringify(pushPayload({ message: `${prefix} commit n${i}x`, compare: `https://github.com/Acme/API/compare/${prefix}-n${i}x` }));
      const res = await fetch(`${url}/webhooks/github`, { method: 'POST', headers: githubHeaders(GITHUB_SECRET, 'push', body), body });
      assert.equal(res.status, 202);
    }
  }

  async function subscribe(url: string, channel: string) {
    const res = await fetch(`${url}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'discord', workspace: 'g', channel, source: 'github', target: 'acme/api' }),
    });
    assert.equal(res.status, 201);
  }

  /** How often each push (identified by its unique compare link) appears in a channel's messages. */
  function appearances(prefix: string, count: number, channel?: string): number[] {
    const texts = discord.messages.filter((m) => !channel || m.channel === channel).map((m) => JSON.stringify(m.body));
    return Array.from({ length: count }, (_, i) => texts.filter((t) => t.includes(`compare/${prefix}-n${i}x`)).length);
  }

  it('delivers every acknowledged webhook after a kill with deliveries pending or in flight', async () => {
    discord.setFault({ hangRate: 1 });
    const first = await startChildServer(env());
    await subscribe(first.url, '111');
    await sendPushes(first.url, 5, 'hung');
    await waitFor(() => discord.requests > 0, 10_000, 'an in-flight request');
    await first.kill('SIGKILL');

    discord.setFault({ hangRate: 0 });
    const second = await startChildServer(env());
    try {
      await waitFor(() => discord.messages.length >= 5, 20_000, 'five messages after restart');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(appearances('hung', 5), [1, 1, 1, 1, 1]);
    } finally {
      await second.kill('SIGKILL');
    }
  });

  it('posts nothing twice when killed in the middle of a burst of successful deliveries', async () => {
    const first = await startChildServer(env());
    await subscribe(first.url, '111');
    await subscribe(first.url, '222');
    await subscribe(first.url, '333');
    await sendPushes(first.url, 20, 'burst');
    await waitFor(() => discord.messages.length >= 10, 20_000, 'some messages');
    await first.kill('SIGKILL');
    const second = await startChildServer(env());
    try {
      const channels = ['111', '222', '333'];
      await waitFor(() => channels.every((c) => appearances('burst', 20, c).every((n) => n >= 1)), 30_000, 'every push in every channel');
      await new Promise((r) => setTimeout(r, 1000));
      for (const channel of channels) {
        assert.deepEqual(appearances('burst', 20, channel), Array(20).fill(1), `channel ${channel}: each push exactly once`);
      }
    } finally {
      await second.kill('SIGKILL');
    }
  });

  it('does not post twice to Slack when killed after Slack posted but before it answered', async () => {
    const slack = await startFakeSlack({ token: 'xoxb-restart', rateLimit: { limit: 100, windowMs: 1000 } });
    try {
      const slackEnv = { ...env(), SLACK_BOT_TOKEN: 'xoxb-restart', SLACK_API_URL: slack.apiUrl, STORM_THRESHOLD: '0' };
      slack.dropResponseNext = 3; // Slack posts these, but its answers never arrive
      const first = await startChildServer(slackEnv);
      const res = await fetch(`${first.url}/api/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'slack', workspace: 'T1', channel: 'C1', source: 'github', target: 'acme/api' }),
      });
      assert.equal(res.status, 201);
      await sendPushes(first.url, 3, 'slack');
      await waitFor(() => slack.messages.length >= 1, 10_000, 'a message posted without an answer');
      await first.kill('SIGKILL');
      const second = await startChildServer(slackEnv);
      try {
        const counts = () =>
          Array.from({ length: 3 }, (_, i) => slack.messages.filter((m) => JSON.stringify(m.body).includes(`compare/slack-n${i}x`)).length);
        await waitFor(() => counts().every((n) => n >= 1), 20_000, 'all three in Slack');
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual(counts(), [1, 1, 1]);
      } finally {
        await second.kill('SIGKILL');
      }
    } finally {
      await slack.close();
    }
  });
});
