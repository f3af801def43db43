import assert from 'node:assert/strict';
import type { Source } from '../../src/events/normalized-event.ts';
import { planDeliveries } from '../../src/pipeline/fan-out-event.ts';
import { makeEvent } from '../helpers/factories.ts';
import { addSubscriptionFor, useTempLowdbStore } from '../helpers/temp-store.ts';

describe('planDeliveries: which subscriptions an event reaches', () => {
  const t = useTempLowdbStore();
  const subscribe = (channel: string, source: Source, target: string, words: string[] = []) =>
    addSubscriptionFor(t.store, { platform: 'slack', workspace: 'T1', channel }, source, target, words);
  const issue = (target: string, actor: string) => makeEvent({ type: 'issues', action: 'opened', feature: 'issues', target, actor });

  it("a channel's subscription to a repository decides over its owner/* one: its filters are not undone", async () => {
    await subscribe('C1', 'github', 'acme/*');
    await subscribe('C1', 'github', 'acme/api', ['-author:*[bot]']);
    await subscribe('C2', 'github', 'acme/*'); // another channel: only the wildcard
    const now = new Date();
    const bot = await planDeliveries(t.store, issue('acme/api', 'dependabot[bot]'), now);
    assert.deepEqual(bot.map((d) => d.channel), ['C2'], "C1's acme/api subscription filters the bot out");
    const human = await planDeliveries(t.store, issue('acme/api', 'alice'), now);
    assert.deepEqual(human.map((d) => d.channel).sort(), ['C1', 'C2']);
    const otherRepo = await planDeliveries(t.store, issue('acme/web', 'dependabot[bot]'), now);
    assert.deepEqual(otherRepo.map((d) => d.channel).sort(), ['C1', 'C2'], 'acme/* still covers the other repositories');
  });

  it("a feature only the channel's wider subscription has still comes through it", async () => {
    await subscribe('C1', 'github', 'acme/*', ['reviews']);
    await subscribe('C1', 'github', 'acme/api'); // defaults: no reviews
    const review = makeEvent({ type: 'pull_request_review', action: 'submitted', feature: 'reviews', target: 'acme/api', actor: 'alice' });
    assert.deepEqual((await planDeliveries(t.store, review, new Date())).map((d) => d.channel), ['C1']);
  });

  it('a Stripe account subscription decides over * for its features (min:), * covers the rest', async () => {
    await subscribe('C1', 'stripe', '*');
    await subscribe('C1', 'stripe', 'acct_1Shop', ['min:100USD']);
    const small = makeEvent({ source: 'stripe', type: 'payment_intent.succeeded', feature: 'payments', target: 'acct_1Shop', actor: null, data: { amount: 500, currency: 'USD' } });
    assert.deepEqual(await planDeliveries(t.store, small, new Date()), [], "the account's min: applies, * does not undo it");
    const platform = makeEvent({ source: 'stripe', type: 'payment_intent.succeeded', feature: 'payments', target: '*', actor: null, data: { amount: 500, currency: 'USD' } });
    assert.equal((await planDeliveries(t.store, platform, new Date())).length, 1);
  });

  it('uptime: a site subscription without slow does not hide the * subscription\'s slow alerts; paused ones do not count', async () => {
    await subscribe('C1', 'uptime', '*', ['slow']);
    await subscribe('C1', 'uptime', 'https://x.example');
    const slow = makeEvent({ source: 'uptime', type: 'slow', feature: 'slow', target: 'https://x.example', actor: null });
    assert.deepEqual((await planDeliveries(t.store, slow, new Date())).map((d) => d.channel), ['C1']);
    const down = makeEvent({ source: 'uptime', type: 'down', feature: 'down', target: 'https://x.example', actor: null });
    const site = (await t.store.listSubscriptions()).find((s) => s.target === 'https://x.example')!;
    await t.store.updateSubscription(site.id, { pausedReason: 'gone' });
    const planned = await planDeliveries(t.store, down, new Date());
    assert.equal(planned.length, 1);
    assert.notEqual(planned[0]!.subscriptionId, site.id, 'the paused one does not decide; * delivers');
  });
});
