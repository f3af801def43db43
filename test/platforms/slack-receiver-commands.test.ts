import assert from 'node:assert/strict';
import { postSlashCommand, slackHeaders, slashCommandBody, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type SlackReply = { response_type: string; text: string };

describe('Slack slash commands through POST /slack/events', () => {
  let server: TestServer;
  const run = async (fields: Parameters<typeof postSlashCommand>[1]): Promise<SlackReply> => {
    const res = await postSlashCommand(server.url, fields);
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const reply = (await res.json()) as SlackReply;
    assert.equal(reply.response_type, 'ephemeral');
    return reply;
  };

  describe('with anyone allowed to manage', () => {
    before(async () => {
      server = await startTestServer({ env: { SLACK_SIGNING_SECRET } });
    });
    after(() => server.cleanup());

    it('/subscribe stores a subscription for that workspace and channel only, and says what it did', async () => {
      const reply = await run({ command: '/subscribe', text: 'github Acme/API reviews', channel_id: 'C1', channel_name: 'general' });
      assert.match(reply.text, /^Subscribed #general to \*acme\/api\*: issues, pulls, commits \(default branch\), releases, deployments, reviews$/);
      const subs = await server.store.listSubscriptions({ source: 'github' });
      assert.equal(subs.length, 1);
      assert.deepEqual(
        { platform: subs[0]!.platform, workspace: subs[0]!.workspace, channel: subs[0]!.channel, target: subs[0]!.target },
        { platform: 'slack', workspace: 'T1', channel: 'C1', target: 'acme/api' },
      );
      assert.ok(subs[0]!.features.includes('reviews'));
    });

    it('/subscriptions lists this channel only', async () => {
      const here = await run({ command: '/subscriptions', channel_id: 'C1' });
      assert.match(here.text, /acme\/api/);
      assert.match(here.text, /reviews/);
      const elsewhere = await run({ command: '/subscriptions', channel_id: 'C2', channel_name: 'random' });
      assert.doesNotMatch(elsewhere.text, /acme\/api/);
      const otherTeam = await run({ command: '/subscriptions', team_id: 'T2', channel_id: 'C1' });
      assert.doesNotMatch(otherTeam.text, /acme\/api/);
    });

    it('a replayed signed /subscribe (Slack retries) changes nothing the second time', async () => {
      const body = slashCommandBody({ command: '/subscribe', text: 'github acme/web comments', channel_id: 'C3' });
      const headers = slackHeaders(body);
      const first = await fetch(`${server.url}/slack/events`, { method: 'POST', headers, body });
      const second = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: { ...headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, body });
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.match(((await second.json()) as SlackReply).text, /already subscribed/);
      const subs = await server.store.listSubscriptions({ platform: 'slack', channel: 'C3' });
      assert.equal(subs.length, 1);
    });

    it('/subscribe alone and bad input answer with usage help and store nothing', async () => {
      const before = (await server.store.listSubscriptions()).length;
      const empty = await run({ command: '/subscribe', text: '', channel_id: 'C9' });
      assert.match(empty.text, /Usage/);
      assert.match(empty.text, /\/subscribe github acme\/api/);
      const typo = await run({ command: '/subscribe', text: 'gihub acme/api', channel_id: 'C9' });
      assert.match(typo.text, /Did you mean "github"/);
      const feature = await run({ command: '/subscribe', text: 'github acme/api reveiws', channel_id: 'C9' });
      assert.match(feature.text, /reviews/);
      const repo = await run({ command: '/subscribe', text: 'github not-a-repo', channel_id: 'C9' });
      assert.match(repo.text, /owner\/repo/);
      const recent = await run({ command: '/recent', text: 'lots', channel_id: 'C9' });
      assert.match(recent.text, /not a count or a source/);
      assert.equal((await server.store.listSubscriptions()).length, before);
    });

    it('/recent answers for a channel that has seen nothing', async () => {
      const reply = await run({ command: '/recent', text: '5 github', channel_id: 'C1', channel_name: 'general' });
      assert.match(reply.text, /No .*events/i);
    });

    it('/unsubscribe removes it, and says so when there is nothing to remove', async () => {
      const done = await run({ command: '/unsubscribe', text: 'github acme/api', channel_id: 'C1', channel_name: 'general' });
      assert.match(done.text, /Unsubscribed #general from \*acme\/api\*/);
      assert.equal((await server.store.listSubscriptions({ platform: 'slack', channel: 'C1' })).length, 0);
      const again = await run({ command: '/unsubscribe', text: 'github acme/api', channel_id: 'C1' });
      assert.match(again.text, /not subscribed/i);
    });

    it('an unknown command gets a polite answer, not an error', async () => {
      const reply = await run({ command: '/deploy', text: 'now' });
      assert.match(reply.text, /does not handle \/deploy/);
    });
  });

  describe('with SLACK_ADMIN_USER_IDS', () => {
    before(async () => {
      server = await startTestServer({ env: { SLACK_SIGNING_SECRET, SLACK_ADMIN_USER_IDS: 'UADMIN, UOTHER' } });
    });
    after(() => server.cleanup());

    it('refuses changes by users not on the list and changes nothing', async () => {
      const reply = await run({ command: '/subscribe', text: 'github acme/api', user_id: 'U1' });
      assert.match(reply.text, /Only the people hookbridge's operator listed \(SLACK_ADMIN_USER_IDS\) can change subscriptions/);
      assert.equal((await server.store.listSubscriptions()).length, 0);
      const unsub = await run({ command: '/unsubscribe', text: 'github acme/api', user_id: 'U1' });
      assert.match(unsub.text, /SLACK_ADMIN_USER_IDS/);
    });

    it('lets listed users change subscriptions and everyone read them', async () => {
      const reply = await run({ command: '/subscribe', text: 'github acme/api', user_id: 'UADMIN' });
      assert.match(reply.text, /^Subscribed/);
      const list = await run({ command: '/subscriptions', user_id: 'U1' });
      assert.match(list.text, /acme\/api/);
      const recent = await run({ command: '/recent', user_id: 'U1' });
      assert.doesNotMatch(recent.text, /SLACK_ADMIN_USER_IDS/);
    });
  });
});
