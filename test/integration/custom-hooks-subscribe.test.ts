import assert from 'node:assert/strict';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { postSlashCommand, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { createHook, postStandard } from '../sources/custom/hook-client.ts';

describe('generic hooks: /subscribe custom <name> in chat', () => {
  let slack: FakeSlack;
  let server: TestServer;
  beforeEach(async () => {
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({ slackApiUrl: slack.apiUrl, env: { SLACK_SIGNING_SECRET } });
  });
  afterEach(async () => {
    await server.cleanup();
    await slack.close();
  });

  const slash = async (text: string) => {
    const res = await postSlashCommand(server.url, { command: '/subscribe', text, channel_id: 'C9' });
    assert.equal(res.status, 200);
    return ((await res.json()) as { text: string }).text;
  };

  it('refuses a hook that does not exist, subscribes to one that does, and posts its events there', async () => {
    assert.match(await slash('custom deploys'), /There is no custom hook named `deploys`/);
    const hook = await createHook(server, 'deploys');
    assert.match(await slash('custom Deploys'), /^Subscribed .*custom hook deploys/);
    assert.equal((await postStandard(server, hook, { title: 'Deployed v2', env: 'prod' })).status, 202);
    await waitFor(() => slack.messages.length === 1, 5000, 'the Slack message');
    assert.equal(slack.messages[0]!.channel, 'C9');
    assert.match(JSON.stringify(slack.messages[0]!.body), /\[deploys\] Deployed v2/);
  });
});
