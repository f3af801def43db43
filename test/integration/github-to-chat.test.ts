import assert from 'node:assert/strict';
import { pullRequestPayload, pushPayload } from '../helpers/github-payloads.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';

type Embed = { title?: string; url?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } };

describe('GitHub webhook → Discord and Slack', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: TestServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, forbiddenChannels: ['999'], rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
  });

  async function subscribe(platform: 'discord' | 'slack', channel: string, target: string, features?: string[]) {
    const res = await server.admin('POST', '/api/subscriptions', { platform, workspace: 'w1', channel, source: 'github', target, features });
    assert.equal(res.status, 201, await res.clone().text());
  }

  it('posts a push to every subscribed channel, once, and nowhere else', async () => {
    await subscribe('discord', '111', 'acme/api');
    await subscribe('discord', '222', 'acme/*');
    await subscribe('discord', '333', 'other/repo');
    await subscribe('slack', 'C111', 'acme/api');
    const res = await server.postGithub('push', pushPayload({ commits: 3 }));
    assert.equal(res.status, 202);

    await waitFor(() => discord.messages.length === 2 && slack.messages.length === 1, 5000, 'messages');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(discord.messages.map((m) => m.channel).sort(), ['111', '222']);
    assert.equal(slack.messages[0]!.channel, 'C111');

    const body = discord.messages[0]!.body as { embeds: Embed[]; allowed_mentions: unknown; nonce: string; enforce_nonce: boolean };
    assert.deepEqual(body.allowed_mentions, { parse: [] });
    assert.equal(body.enforce_nonce, true);
    assert.ok(body.nonce.length <= 25);
    const embed = body.embeds[0]!;
    const everything = JSON.stringify(embed);
    assert.match(everything, /acme\/api/i);
    assert.match(everything, /main/);
    assert.match(everything, /0000001/, 'short SHA of the first commit');
    assert.match(everything, /Commit number 3/);
    assert.doesNotMatch(everything, /\n\nbody/, 'only the first line of each commit');

    const slackBody = slack.messages[0]!.body as { text: string; blocks: unknown[] };
    assert.ok(slackBody.text.length > 0, 'plain text fallback');
    assert.ok(Array.isArray(slackBody.blocks) && slackBody.blocks.length > 0);

    const deliveries = (await (await server.admin('GET', '/api/deliveries')).json()) as Array<{ status: string }>;
    assert.deepEqual(deliveries.map((d) => d.status), ['delivered', 'delivered', 'delivered']);
  });

  it('applies feature words and filters', async () => {
    await subscribe('discord', '111', 'acme/api', ['-author:*[bot]', '-label:wip']);
    await subscribe('discord', '222', 'acme/api', ['commits:release/*']);
    await server.postGithub('pull_request', pullRequestPayload({ author: 'dependabot[bot]', title: 'Bump lodash' }));
    await server.postGithub('pull_request', pullRequestPayload({ labels: ['WIP'], title: 'Draft thing' }));
    await server.postGithub('push', pushPayload({ branch: 'feature/x', message: 'On a feature branch' }));
    await server.postGithub('push', pushPayload({ branch: 'release/1.0', message: 'On a release branch' }));
    await server.postGithub('pull_request', pullRequestPayload({ title: 'Real change' }));
    await waitFor(() => discord.messages.length >= 5, 5000, 'five messages');
    await new Promise((r) => setTimeout(r, 300));
    const inChannel = (c: string) => discord.messages.filter((m) => m.channel === c).map((m) => JSON.stringify(m.body));
    const c111 = inChannel('111');
    assert.equal(c111.length, 1, 'bots, WIP label and non-default branches are filtered');
    assert.match(c111[0]!, /Real change/);
    const c222 = inChannel('222');
    assert.equal(c222.length, 4);
    assert.ok(c222.some((m) => /On a release branch/.test(m)));
    assert.ok(!c222.some((m) => /On a feature branch/.test(m)), 'commits:release/* excludes other branches');
  });

  it('dead-letters a delivery the platform refuses permanently and shows it in /api/deliveries', async () => {
    await subscribe('discord', '999', 'acme/api');
    await server.postGithub('push', pushPayload());
    const dead = await waitFor(async () => {
      const list = (await (await server.admin('GET', '/api/deliveries?status=dead')).json()) as Array<{ lastError: string; attempts: number }>;
      return list[0];
    }, 5000, 'a dead delivery');
    assert.ok(dead);
    assert.equal(dead.attempts, 1, 'no retries for a permanent error');
    assert.match(dead.lastError, /access/i);
  });

  it('retries 5xx answers and posts the message exactly once', async () => {
    await subscribe('discord', '111', 'acme/api');
    discord.setFault({ errorNext: 2, errorStatuses: [503] });
    await server.postGithub('push', pushPayload());
    await waitFor(() => discord.messages.length === 1, 15000, 'message after retries');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(discord.messages.length, 1);
    const [delivery] = (await (await server.admin('GET', '/api/deliveries')).json()) as Array<{ attempts: number; status: string }>;
    assert.equal(delivery!.status, 'delivered');
    assert.equal(delivery!.attempts, 3);
  });
});
