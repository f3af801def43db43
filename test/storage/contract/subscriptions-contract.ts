import assert from 'node:assert/strict';
import type { NewSubscription } from '../../../src/storage/store.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

const base: Omit<NewSubscription, 'channel' | 'target'> = {
  platform: 'discord',
  workspace: 'g',
  source: 'github',
  features: ['commits'],
  createdBy: null,
  filters: { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null },
};

export function subscriptionsContract(factory: () => StoreFactory): void {
  describe('subscriptions', () => {
    const ctx = useStores(factory);

    it('adds with an id and time, gets, and keeps them across a restart', async () => {
      const added = await ctx.s.store.addSubscription({ ...base, channel: 'c1', target: 'acme/api', digest: false });
      assert.match(added.id, /^[0-9a-f-]{36}$/);
      assert.ok(Date.parse(added.createdAt) > 0);
      assert.deepEqual(await ctx.s.store.getSubscription(added.id), added);
      await ctx.s.close();
      ctx.s = await factory().reopen();
      assert.deepEqual(await ctx.s.store.getSubscription(added.id), added);
      assert.equal(await ctx.s.store.getSubscription('nope'), null);
    });

    it('finds by source and exact targets, filters lists by channel and source', async () => {
      const { store } = ctx.s;
      const a = await store.addSubscription({ ...base, channel: 'c1', target: 'acme/api' });
      await store.addSubscription({ ...base, channel: 'c2', target: 'acme/*' });
      await store.addSubscription({ ...base, channel: 'c3', target: 'other/x' });
      await store.addSubscription({ ...base, platform: 'slack', workspace: 'T1', channel: 'c2', source: 'stripe', target: '*' });
      const found = await store.findSubscriptionsByTargets('github', ['acme/api', 'acme/*', 'acme/api']);
      assert.deepEqual(found.map((s) => s.channel).sort(), ['c1', 'c2']);
      assert.deepEqual(await store.findSubscriptionsByTargets('stripe', ['acme/api']), []);
      assert.deepEqual(await store.findSubscriptionsByTargets('github', []), []);
      assert.equal((await store.listSubscriptions()).length, 4);
      assert.equal((await store.listSubscriptions({ channel: 'c2' })).length, 2);
      assert.equal((await store.listSubscriptions({ channel: 'c2', platform: 'slack' })).length, 1);
      assert.equal((await store.listSubscriptions({ source: 'github', workspace: 'g' })).length, 3);
      assert.deepEqual((await store.listSubscriptions({ platform: 'discord', workspace: 'g', channel: 'c1' })).map((s) => s.id), [a.id]);
    });

    it('updates (re-indexing the target) and removes', async () => {
      const { store } = ctx.s;
      const a = await store.addSubscription({ ...base, channel: 'c1', target: 'acme/api' });
      const updated = await store.updateSubscription(a.id, { target: 'acme/web', pausedReason: 'gone', features: ['commits', 'reviews'] });
      assert.deepEqual(updated, { ...a, target: 'acme/web', pausedReason: 'gone', features: ['commits', 'reviews'] });
      assert.deepEqual(await store.getSubscription(a.id), updated);
      assert.deepEqual(await store.findSubscriptionsByTargets('github', ['acme/api']), []);
      assert.equal((await store.findSubscriptionsByTargets('github', ['acme/web'])).length, 1);
      assert.equal((await store.updateSubscription(a.id, { pausedReason: null }))?.pausedReason, null);
      assert.equal(await store.updateSubscription('nope', { target: 'x' }), null);
      assert.equal(await store.removeSubscription(a.id), true);
      assert.equal(await store.removeSubscription(a.id), false);
      assert.equal(await store.getSubscription(a.id), null);
    });
  });
}
