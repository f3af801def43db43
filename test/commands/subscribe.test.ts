import assert from 'node:assert/strict';
import type { Store } from '../../src/storage/store.ts';
import { executeCommand } from '../../src/commands/execute.ts';
import { DEFAULT_BRANCH } from '../../src/subscriptions/parse-features.ts';
import { discordCtx, run, slackCtx, tempStore } from './helpers.ts';

describe('/subscribe', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await tempStore()));
  afterEach(() => cleanup());

  it('creates a subscription with the default features and says so', async () => {
    const r = await run(slackCtx(), '/subscribe github Acme/API', { store });
    assert.equal(r.ok, true);
    assert.equal(r.text, 'Subscribed #general to acme/api: issues, pulls, commits (default branch), releases, deployments');
    assert.match(r.slack, /^Subscribed <#C111> to \*acme\/api\*/);
    const [sub, ...more] = await store.listSubscriptions();
    assert.equal(more.length, 0);
    assert.deepEqual(
      { platform: sub!.platform, workspace: sub!.workspace, channel: sub!.channel, source: sub!.source, target: sub!.target, createdBy: sub!.createdBy },
      { platform: 'slack', workspace: 'T1', channel: 'C111', source: 'github', target: 'acme/api', createdBy: 'U1' },
    );
    assert.deepEqual(sub!.features, ['issues', 'pulls', 'commits', 'releases', 'deployments']);
  });

  it('says "this channel" when the channel name is unknown', async () => {
    const r = await run(slackCtx({ channelName: undefined }), '/subscribe paypal', { store });
    assert.match(r.text, /^Subscribed this channel to paypal: payments, refunds, disputes, subscriptions$/);
  });

  it('stores features and filters from the words', async () => {
    const r = await run(slackCtx(), '/subscribe github acme/api reviews commits:* -author:dependabot* +label:"good first issue"', { store });
    assert.ok(r.ok, r.text);
    const [sub] = await store.listSubscriptions();
    assert.ok(sub!.features.includes('reviews'));
    assert.deepEqual(sub!.filters, { branches: ['*'], includeLabels: ['good first issue'], excludeLabels: [], excludeAuthors: ['dependabot*'], minAmount: null });
    assert.match(r.text, /commits \(all branches\).*\+label:"good first issue" -author:dependabot\*/);
  });

  it('stripe without a target subscribes to * (all accounts); with acct_ to that account', async () => {
    await run(slackCtx(), '/subscribe stripe payouts min:100USD', { store });
    await run(slackCtx(), '/subscribe stripe acct_1ABC', { store });
    const subs = (await store.listSubscriptions()).sort((a, b) => a.target.localeCompare(b.target));
    assert.deepEqual(subs.map((s) => s.target), ['*', 'acct_1ABC']);
    assert.deepEqual(subs[0]!.filters.minAmount, { amount: 10000, currency: 'USD' });
    assert.ok(subs[0]!.features.includes('payouts'));
  });

  it('refuses a subscription that would post nothing, and two min: amounts', async () => {
    const none = await run(slackCtx(), '/subscribe github acme/web -issues -pulls -commits -releases -deployments', { store });
    assert.equal(none.ok, false);
    assert.match(none.text, /turns every feature off, so nothing would be posted.*\/unsubscribe github acme\/web/);
    assert.deepEqual(await store.listSubscriptions(), []);
    await run(slackCtx(), '/subscribe github acme/api reviews', { store });
    const off = await run(slackCtx(), '/subscribe github acme/api -issues -pulls -commits -releases -deployments -reviews', { store });
    assert.equal(off.ok, false, 'turning the last feature off by /subscribe is refused too');
    assert.ok((await store.listSubscriptions())[0]!.features.includes('reviews'), 'unchanged');
    const twoMins = await run(slackCtx(), '/subscribe stripe payouts min:100USD min:50EUR', { store });
    assert.equal(twoMins.ok, false);
    assert.match(twoMins.text, /One min: per subscription/);
  });

  it('subscribing twice merges into the same subscription and says what changed', async () => {
    await run(slackCtx(), '/subscribe github acme/api', { store });
    const r = await run(slackCtx(), '/subscribe github acme/api reviews commits:release/*', { store });
    assert.ok(r.ok);
    assert.match(r.text, /^Updated acme\/api in #general: turned on reviews, commits:release\/\*\.\nNow: issues, pulls, commits \(default branch, release\/\*\), releases, deployments, reviews$/);
    const subs = await store.listSubscriptions();
    assert.equal(subs.length, 1);
    assert.deepEqual(subs[0]!.filters.branches, [DEFAULT_BRANCH, 'release/*']);
    const again = await run(slackCtx(), '/subscribe github acme/api reviews', { store });
    assert.match(again.text, /^#general is already subscribed to acme\/api: /);
  });

  it('keeps two channels isolated', async () => {
    const a = slackCtx({ channel: 'C111', channelName: 'a' });
    const b = slackCtx({ channel: 'C222', channelName: 'b' });
    await run(a, '/subscribe github acme/api', { store });
    await run(b, '/subscribe github acme/api reviews', { store });
    const subs = await store.listSubscriptions({ source: 'github' });
    assert.equal(subs.length, 2);
    const inA = subs.find((s) => s.channel === 'C111')!;
    const inB = subs.find((s) => s.channel === 'C222')!;
    assert.ok(!inA.features.includes('reviews'), 'channel a must not get b\'s reviews');
    assert.ok(inB.features.includes('reviews'));
    // Same channel id on the other platform / workspace is another channel too.
    await run(discordCtx({ channel: 'C111' }), '/subscribe github acme/api stars', { store });
    await run(slackCtx({ workspace: 'T2', channel: 'C111' }), '/subscribe github acme/api forks', { store });
    const again = await store.listSubscriptions({ platform: 'slack', workspace: 'T1', channel: 'C111' });
    assert.equal(again.length, 1);
    assert.deepEqual(again[0]!.features, inA.features);
  });

  it('refuses politely without permission and changes nothing', async () => {
    await run(slackCtx(), '/subscribe github acme/api', { store });
    const before = JSON.stringify(await store.listSubscriptions());
    const r = await run(slackCtx({ canManage: false }), '/subscribe github acme/api reviews', { store });
    assert.equal(r.ok, false);
    assert.match(r.text, /^Only the people hookbridge's operator listed \(SLACK_ADMIN_USER_IDS\) can change subscriptions/);
    const d = await executeCommand(discordCtx({ canManage: false }), { kind: 'subscribe', source: 'github', target: 'acme/web', words: [] }, { store });
    assert.match(d.text, /Manage Channels/);
    assert.equal(JSON.stringify(await store.listSubscriptions()), before);
  });

  it('answers empty or bad input with usage help and stores nothing', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/subscribe', /^Usage: \/subscribe <source> <target> \[feature\|filter …\]\nSources: github, stripe, paypal, uptime, custom\nExamples:/],
      ['/subscribe githb acme/api', /^Unknown source "githb"\. Did you mean "github"\?/],
      ['/subscribe acme/api', /Did you mean "\/subscribe github acme\/api"\?/],
      ['/subscribe github', /^Which repository\? .*\nGitHub: target is owner\/repo or owner\/\*\./],
      ['/subscribe github acme', /^"acme" is not a repository\./],
      ['/subscribe github acme/api reveiws', /^Unknown feature "reveiws" for github\. Did you mean "reviews"\? Features: /],
      ['/subscribe github acme/api min:100USD', /^min: filters do not apply to github/],
      ['/subscribe stripe min:10.5JPY', /^JPY has no minor unit/],
      ['/subscribe uptime', /^Which site\?/],
      ['/subscribe uptime ftp://x.org', /is not a site URL/],
      ['/subscribe custom', /^Which hook\?/],
      ['/subscribe custom my-hook issues', /take no feature words/],
    ];
    for (const [line, pattern] of cases) {
      const r = await run(slackCtx(), line, { store });
      assert.equal(r.ok, false, line);
      assert.match(r.text, pattern, line);
      assert.match(r.text, /Examples:\n• \/subscribe /, `${line} shows examples`);
      assert.doesNotMatch(r.text, /\bat .*\.ts:\d+/, 'no stack traces');
    }
    assert.deepEqual(await store.listSubscriptions(), []);
  });

  it('shows Discord syntax in Discord help', async () => {
    const r = await executeCommand(discordCtx(), { kind: 'usage', command: 'subscribe', error: null }, { store });
    assert.match(r.discord, /`\/subscribe github repo:acme\/api features:reviews comments`/);
  });

  it('checks that a custom hook exists when the operator told us the hooks', async () => {
    const hooks = { exists: async (name: string) => name === 'deploy-bot' };
    const missing = await run(slackCtx(), '/subscribe custom nope', { store, hooks });
    assert.equal(missing.ok, false);
    assert.match(missing.text, /There is no custom hook named nope/);
    const ok = await run(slackCtx(), '/subscribe custom Deploy-Bot', { store, hooks });
    assert.equal(ok.text, 'Subscribed #general to custom hook deploy-bot: all events');
  });

  it('resumes a paused subscription when subscribing again', async () => {
    await run(slackCtx(), '/subscribe github acme/api', { store });
    const [sub] = await store.listSubscriptions();
    await store.updateSubscription(sub!.id, { pausedReason: 'missing access' });
    const r = await run(slackCtx(), '/subscribe github acme/api', { store });
    assert.match(r.text, /^Resumed acme\/api in #general \(it was paused: missing access\)\./);
    assert.equal((await store.getSubscription(sub!.id))!.pausedReason, null);
  });

  it('never throws: store failures become an apology and are reported', async () => {
    const broken = { ...store, listSubscriptions: async () => { throw new Error('disk on fire'); } } as Store;
    const seen: unknown[] = [];
    const r = await run(slackCtx(), '/subscribe github acme/api', { store: broken, onError: (e) => seen.push(e) });
    assert.equal(r.ok, false);
    assert.match(r.text, /^Sorry, something went wrong while handling \/subscribe\./);
    assert.doesNotMatch(r.text, /disk on fire/);
    assert.equal(seen.length, 1);
  });
});
