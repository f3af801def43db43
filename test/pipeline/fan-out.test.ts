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

  it('a Stripe account subscription decides over * in the same channel', async () => {
    await subscribe('C1', 'stripe', '*');
    await subscribe('C1', 'stripe', 'acct_1Shop', ['-payments']);
    const payment = makeEvent({ source: 'stripe', type: 'payment_intent.succeeded', feature: 'payments', target: 'acct_1Shop', actor: null });
    assert.deepEqual(await planDeliveries(t.store, payment, new Date()), []);
    const platform = makeEvent({ source: 'stripe', type: 'payment_intent.succeeded', feature: 'payments', target: '*', actor: null });
    assert.equal((await planDeliveries(t.store, platform, new Date())).length, 1);
  });
});
