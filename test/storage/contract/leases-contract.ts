import assert from 'node:assert/strict';
import type { ChannelRef } from '../../../src/storage/store.ts';
import { makeDelivery, makeEvent } from '../../helpers/factories.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const ref = (channel: string): ChannelRef => ({ platform: 'discord', workspace: 'g1', channel });

export function leasesContract(factory: () => StoreFactory): void {
  describe('channel leases', () => {
    const ctx = useStores(factory);

    /** One event with a delivery due at T0 to each channel (in this order). */
    async function queue(channels: string[], dueAt = at(0)) {
      const e = makeEvent();
      const list = channels.map((channel) => makeDelivery(e.id, { channel, nextAttemptAt: dueAt.toISOString() }));
      await ctx.s.store.recordEvent(e, list);
      return list;
    }

    it('claims channels with due deliveries, oldest first, each with all its due deliveries in order', async () => {
      const { store } = ctx.s;
      const [a1, b1] = await queue(['a', 'b']);
      const [a2] = await queue(['a']);
      await queue(['c'], at(10_000)); // not due yet
      const batches = await store.claimDueChannels(at(0), 10, 'w1', 60_000);
      assert.deepEqual(batches.map((b) => b.channel), [ref('a'), ref('b')]);
      assert.deepEqual(batches[0]!.deliveries.map((d) => d.id), [a1!.id, a2!.id]);
      assert.deepEqual(batches[1]!.deliveries.map((d) => d.id), [b1!.id]);
      assert.deepEqual(batches[0]!.recentSends, []);
      assert.equal((await store.claimDueChannels(at(0), 1, 'w2', 60_000)).length, 0, 'held by w1');
    });

    it('claims at most maxChannels and leaves the rest to others', async () => {
      const { store } = ctx.s;
      await queue(['a', 'b', 'c']);
      const first = await store.claimDueChannels(at(0), 2, 'w1', 60_000);
      const second = await store.claimDueChannels(at(0), 2, 'w2', 60_000);
      assert.deepEqual(first.map((b) => b.channel.channel), ['a', 'b']);
      assert.deepEqual(second.map((b) => b.channel.channel), ['c']);
      assert.deepEqual(await store.claimDueChannels(at(0), 0, 'w3', 60_000), []);
    });

    it('never gives one channel to two owners claiming at once', async () => {
      const { store } = ctx.s;
      await queue(Array.from({ length: 12 }, (_, i) => `ch${i}`));
      const owners = Array.from({ length: 6 }, (_, i) => `w${i}`);
      const results = await Promise.all(owners.map((o) => store.claimDueChannels(at(0), 3, o, 60_000)));
      const claimed = results.flat().map((b) => b.channel.channel);
      assert.equal(new Set(claimed).size, claimed.length, `a channel claimed twice: ${claimed.join(',')}`);
      assert.equal(claimed.length, 12);
    });

    it('lets the owner re-claim and extend; others get null until the lease expires', async () => {
      const { store } = ctx.s;
      const [d] = await queue(['a']);
      await store.claimDueChannels(at(0), 10, 'w1', 1000);
      assert.equal(await store.claimChannel(ref('a'), at(500), 'w2', 1000), null);
      const again = await store.claimChannel(ref('a'), at(900), 'w1', 1000); // extends to 1900
      assert.deepEqual(again?.deliveries.map((x) => x.id), [d!.id]);
      assert.equal(await store.claimChannel(ref('a'), at(1500), 'w2', 1000), null);
      assert.deepEqual(await store.claimDueChannels(at(1500), 10, 'w1', 1000), [], 'a held channel is left to its run, even by its owner');
      // w1 "crashed": its lease runs out and w2 takes the channel.
      const taken = await store.claimDueChannels(at(2000), 10, 'w2', 1000);
      assert.deepEqual(taken.map((b) => b.deliveries.map((x) => x.id)), [[d!.id]]);
      assert.equal(await store.claimChannel(ref('a'), at(2100), 'w1', 1000), null, 'the old owner lost it');
    });

    it('claimChannel returns only due deliveries, and an empty batch when none are due', async () => {
      const { store } = ctx.s;
      await queue(['a'], at(5000));
      const batch = await store.claimChannel(ref('a'), at(0), 'w1', 60_000);
      assert.deepEqual(batch, { channel: ref('a'), deliveries: [], recentSends: [] });
      assert.equal((await store.claimChannel(ref('a'), at(6000), 'w1', 60_000))?.deliveries.length, 1);
    });

    it('hands the pacing history to the next owner on release', async () => {
      const { store } = ctx.s;
      await queue(['a']);
      await store.claimDueChannels(at(0), 10, 'w1', 60_000);
      const sends = [Date.now() - 120_000, Date.now() - 2000, Date.now() - 1000];
      await store.releaseChannel(ref('a'), 'w1', sends);
      const next = await store.claimDueChannels(at(0), 10, 'w2', 60_000);
      assert.deepEqual(next[0]?.recentSends, sends.slice(1), 'recent sends handed over (older than a minute dropped)');
      await store.releaseChannel(ref('a'), 'w2', []);
      assert.deepEqual((await store.claimChannel(ref('a'), at(0), 'w3', 60_000))?.recentSends, []);
    });

    it('does not let a non-owner end a lease', async () => {
      const { store } = ctx.s;
      await queue(['a']);
      await store.claimDueChannels(at(0), 10, 'w1', 60_000);
      await store.releaseChannel(ref('a'), 'w2', []);
      assert.equal(await store.claimChannel(ref('a'), at(0), 'w3', 60_000), null);
    });

    it('leaves held channels out of the next due time', async () => {
      const { store } = ctx.s;
      await queue(['a'], new Date(Date.now() - 1000));
      await queue(['b'], new Date(Date.now() + 60_000));
      const soon = Date.now() - 1000;
      assert.ok(Math.abs((await store.nextDueAt())!.getTime() - soon) < 200);
      await store.claimDueChannels(new Date(), 1, 'w1', 60_000);
      assert.ok((await store.nextDueAt())!.getTime() > Date.now() + 50_000, 'only the unheld, later channel');
      await store.releaseChannel(ref('a'), 'w1', []);
      assert.ok((await store.nextDueAt())!.getTime() < Date.now());
    });

    it('skips delivered and dead deliveries', async () => {
      const { store } = ctx.s;
      const [a, b] = await queue(['a', 'b']);
      await store.updateDeliveries([a!.id], { status: 'delivered' });
      await store.updateDeliveries([b!.id], { status: 'dead' });
      assert.deepEqual(await store.claimDueChannels(at(0), 10, 'w1', 60_000), []);
    });
  });
}
