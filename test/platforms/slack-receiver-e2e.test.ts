import assert from 'node:assert/strict';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { postSlashCommand, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

describe('end to end: Slack /subscribe → signed GitHub push → Slack message', () => {
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let server: TestServer;

  beforeEach(async () => {
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({
      slackApiUrl: slack.apiUrl,
      discordApiUrl: discord.apiUrl,
      env: { SLACK_SIGNING_SECRET },
    });
  });
  afterEach(async () => {
    await server.cleanup();
    await slack.close();
    await discord.close();
  });

  const slackCommand = async (command: string, text: string, channel: string) => {
    const res = await postSlashCommand(server.url, { command, text, channel_id: channel });
    assert.equal(res.status, 200);
    return ((await res.json()) as { text: string }).text;
  };

  it('/subscribe in C1 → the push is posted in C1 only, and /recent in C1 shows it', async () => {
    assert.match(await slackCommand('/subscribe', 'github acme/api', 'C1'), /^Subscribed/);
    assert.match(await slackCommand('/subscribe', 'github other/repo', 'C2'), /^Subscribed/);
    assert.equal((await server.postGithub('push', pushPayload({ commits: 2 }))).status, 202);

    await waitFor(() => slack.messages.length >= 1, 5000, 'the Slack message');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(slack.messages.map((m) => m.channel), ['C1']);
    assert.match(JSON.stringify(slack.messages[0]!.body), /Commit number 1/);
    assert.equal(discord.messages.length, 0, 'nothing on the other platform');

    await waitFor(async () => (await server.store.listDeliveries({ status: 'delivered', limit: 10 })).length === 1, 5000, 'delivered');
    const recent = await slackCommand('/recent', '', 'C1');
    assert.match(recent, /latest event/);
    assert.match(recent, /acme\/api/i);
    assert.match(await slackCommand('/recent', '', 'C2'), /No events/);
  });
});
