import assert from 'node:assert/strict';
import type { Store } from '../../src/storage/store.ts';
import { addSubscriptionFor } from '../helpers/temp-store.ts';
import { run, slackCtx, tempStore } from './helpers.ts';

describe('/unsubscribe', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await tempStore()));
  afterEach(() => cleanup());

  const a = slackCtx({ channel: 'C111', channelName: 'a' });
  const b = slackCtx({ channel: 'C222', channelName: 'b' });

  it('without words removes this channel\'s subscription only', async () => {
    await run(a, '/subscribe github acme/api', { store });
    await run(b, '/subscribe github acme/api', { store });
    const r = await run(a, '/unsubscribe github https://github.com/Acme/API', { store });
    assert.equal(r.ok, true);
    assert.equal(r.text, 'Unsubscribed #a from acme/api.');
    const left = await store.listSubscriptions();
    assert.deepEqual(left.map((s) => s.channel), ['C222']);
  });

  it('finds a Stripe subscription stored lower-cased (before account ids kept their case)', async () => {
    await addSubscriptionFor(store, { platform: 'slack', workspace: a.workspace, channel: a.channel }, 'stripe', 'acct_1nx2y3');
    const again = await run(a, '/subscribe stripe acct_1Nx2Y3 payouts', { store });
    assert.equal(again.ok, true);
    assert.equal((await store.listSubscriptions()).length, 1, 'merged into the old one, not a second subscription');
    const r = await run(a, '/unsubscribe stripe acct_1Nx2Y3', { store });
    assert.equal(r.ok, true, r.text);
    assert.deepEqual(await store.listSubscriptions(), []);
  });

  it('with feature words turns only those off', async () => {
    await run(a, '/subscribe github acme/api reviews comments', { store });
    const r = await run(a, '/unsubscribe github acme/api reviews stars', { store });
    assert.equal(r.ok, true);
    assert.match(r.text, /^Turned off reviews for acme\/api in #a\. \(stars was not on\)\nStill on: issues, pulls, commits \(default branch\), releases, deployments, comments$/);
    const [sub] = await store.listSubscriptions();
    assert.deepEqual(sub!.features, ['issues', 'pulls', 'commits', 'releases', 'deployments', 'comments']);
  });

  it('takes "-reviews" to mean reviews, and suggests the word with its minus', async () => {
    await run(a, '/subscribe github acme/api reviews', { store });
    const r = await run(a, '/unsubscribe github acme/api -reviews', { store });
    assert.equal(r.ok, true, r.text);
    assert.ok(!(await store.listSubscriptions())[0]!.features.includes('reviews'));
    await run(a, '/subscribe stripe min:100USD', { store });
    const min = await run(a, '/unsubscribe stripe -min', { store });
    assert.equal(min.ok, true, min.text);
    assert.equal((await store.listSubscriptions({ source: 'stripe' }))[0]!.filters.minAmount, null, '"-min" drops the min: filter');
    const typo = await run(a, '/subscribe github acme/api -reveiws', { store });
    assert.equal(typo.ok, false);
    assert.match(typo.text, /Unknown feature "-reveiws" for github\. Did you mean "-reviews"\?/);
  });

  it('removes filters named like they were added', async () => {
    await run(a, '/subscribe github acme/api -author:*[bot] +label:"good first issue"', { store });
    const r = await run(a, '/unsubscribe github acme/api -author:*[bot]', { store });
    assert.match(r.text, /^Turned off -author:\*\[bot\] for acme\/api/);
    const [sub] = await store.listSubscriptions();
    assert.deepEqual(sub!.filters.excludeAuthors, []);
    assert.deepEqual(sub!.filters.includeLabels, ['good first issue']);
  });

  it('removes the subscription when no feature is left', async () => {
    await run(a, '/subscribe uptime https://example.com -tls -up', { store });
    const r = await run(a, '/unsubscribe uptime https://EXAMPLE.com/ down', { store });
    assert.equal(r.text, 'Unsubscribed #a from uptime https://example.com: no features were left.');
    assert.deepEqual(await store.listSubscriptions(), []);
  });

  it('says when nothing changed', async () => {
    await run(a, '/subscribe github acme/api', { store });
    const r = await run(a, '/unsubscribe github acme/api stars', { store });
    assert.equal(r.ok, false);
    assert.match(r.text, /^Nothing changed for acme\/api: stars is not on\./);
  });

  it('says so when the channel is not subscribed, even if another channel is', async () => {
    await run(b, '/subscribe github acme/api', { store });
    const r = await run(a, '/unsubscribe github acme/api', { store });
    assert.equal(r.ok, false);
    assert.equal(r.text, 'This channel is not subscribed to acme/api.');
    assert.equal((await store.listSubscriptions()).length, 1, 'the other channel keeps its subscription');
    await run(a, '/subscribe github acme/*', { store });
    const hint = await run(a, '/unsubscribe github acme/web', { store });
    assert.equal(hint.text, "This channel is not subscribed to acme/web.\nThis channel's github subscriptions: acme/*");
  });

  it('refuses without permission and changes nothing', async () => {
    await run(a, '/subscribe github acme/api', { store });
    const r = await run({ ...a, canManage: false }, '/unsubscribe github acme/api', { store });
    assert.equal(r.ok, false);
    assert.match(r.text, /SLACK_ADMIN_USER_IDS\) can change subscriptions/);
    assert.equal((await store.listSubscriptions()).length, 1);
  });

  it('answers bad input with usage help', async () => {
    await run(a, '/subscribe custom deploy-bot', { store });
    const cases: Array<[string, RegExp]> = [
      ['/unsubscribe', /^Usage: \/unsubscribe <source> <target> \[feature …\]/],
      ['/unsubscribe stirpe', /^Unknown source "stirpe"\. Did you mean "stripe"\?/],
      ['/unsubscribe github acme/api reveiws', /^Unknown feature "reveiws" for github\. Did you mean "reviews"\?/],
      ['/unsubscribe custom deploy-bot issues', /no features to turn off/],
    ];
    await run(a, '/subscribe github acme/api', { store });
    for (const [line, pattern] of cases) {
      const r = await run(a, line, { store });
      assert.equal(r.ok, false, line);
      assert.match(r.text, pattern, line);
    }
    assert.equal((await store.listSubscriptions()).length, 2);
  });
});
