import assert from 'node:assert/strict';
import { makeDelivery, makeEvent } from '../../helpers/factories.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

export function eventsContract(factory: () => StoreFactory): void {
  describe('events', () => {
    const ctx = useStores(factory);

    it('records an event with its deliveries durably: a reopened store has them', async () => {
      const event = makeEvent({ data: { text: 'zero \u0000 byte, emoji 🚀, quote "x"', n: 1.5, list: [1, null] } });
      const delivery = makeDelivery(event.id);
      const result = await ctx.s.store.recordEvent(event, [delivery]);
      assert.equal(result.stored, true);
      assert.deepEqual(result.deliveries, [delivery]);
      await ctx.s.close();
      ctx.s = await factory().reopen();
      assert.deepEqual(await ctx.s.store.getEvent(event.id), event);
      assert.deepEqual(await ctx.s.store.getDelivery(delivery.id), delivery);
      assert.equal((await ctx.s.store.listDueDeliveries(new Date(Date.now() + 1000), 10)).length, 1);
    });

    it('dedupes on (source, deliveryId), also when the duplicates arrive at once', async () => {
      const { store } = ctx.s;
      const event = makeEvent({ deliveryId: 'd-1' });
      assert.equal((await store.recordEvent(event, [makeDelivery(event.id)])).stored, true);
      const again = await store.recordEvent(makeEvent({ deliveryId: 'd-1' }), [makeDelivery(event.id)]);
      assert.deepEqual([again.stored, again.deliveries], [false, []]);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => {
          const e = makeEvent({ deliveryId: 'd-2' });
          return store.recordEvent(e, [makeDelivery(e.id)]);
        }),
      );
      assert.equal(results.filter((r) => r.stored).length, 1, 'exactly one of eight concurrent duplicates is stored');
      assert.equal((await store.listEvents({ limit: 10 })).length, 2);
      assert.equal((await store.listDeliveries({ limit: 10 })).length, 2);
      assert.equal(await store.hasEvent('github', 'd-1'), true);
      assert.equal(await store.hasEvent('stripe', 'd-1'), false);
      assert.equal(await store.getEvent('github:nope'), null);
      const found = await store.getEvents([event.id, 'github:nope', event.id]);
      assert.deepEqual([...found.keys()], [event.id], 'only stored events, once each');
      assert.deepEqual(found.get(event.id), event);
      assert.equal((await store.getEvents([])).size, 0);
    });

    it('lists events newest first, by source, up to the limit', async () => {
      const { store } = ctx.s;
      for (let i = 0; i < 5; i++) await store.recordEvent(makeEvent({ deliveryId: `g${i}` }), []);
      await store.recordEvent(makeEvent({ id: 'stripe:evt_1', source: 'stripe', deliveryId: 'evt_1' }), []);
      assert.deepEqual((await store.listEvents({ limit: 3 })).map((e) => e.deliveryId), ['evt_1', 'g4', 'g3']);
      assert.deepEqual((await store.listEvents({ limit: 2, source: 'github' })).map((e) => e.deliveryId), ['g4', 'g3']);
      assert.deepEqual((await store.listEvents({ limit: 10, source: 'paypal' })), []);
    });

    it('lists the events a channel received, newest first, without dead ones', async () => {
      const { store } = ctx.s;
      const e1 = makeEvent({ summary: 'one' });
      const e2 = makeEvent({ summary: 'two' });
      const e3 = makeEvent({ summary: 'elsewhere' });
      const e4 = makeEvent({ summary: 'dead' });
      const e5 = makeEvent({ id: 'stripe:evt_9', source: 'stripe', deliveryId: 'evt_9', summary: 'paid' });
      await store.recordEvent(e1, [makeDelivery(e1.id, { channel: 'c1' })]);
      await store.recordEvent(e2, [makeDelivery(e2.id, { channel: 'c1' })]);
      await store.recordEvent(e3, [makeDelivery(e3.id, { channel: 'c2' })]);
      await store.recordEvent(e4, [makeDelivery(e4.id, { channel: 'c1', status: 'dead' })]);
      await store.recordEvent(e5, [makeDelivery(e5.id, { channel: 'c1', status: 'delivered' })]);
      const c1 = { platform: 'discord' as const, workspace: 'g1', channel: 'c1' };
      const show = (list: Array<{ event: { summary: string }; status: string }>) => list.map((c) => `${c.event.summary}:${c.status}`);
      assert.deepEqual(show(await store.listChannelEvents(c1, { limit: 10 })), ['paid:delivered', 'dead:dead', 'two:pending', 'one:pending']);
      assert.deepEqual(show(await store.listChannelEvents(c1, { limit: 10, source: 'github' })), ['dead:dead', 'two:pending', 'one:pending']);
      assert.deepEqual(show(await store.listChannelEvents(c1, { limit: 1 })), ['paid:delivered']);
      assert.deepEqual(await store.listChannelEvents({ ...c1, workspace: 'other' }, { limit: 10 }), []);
    });
  });

  describe('event log cap', () => {
    const ctx = useStores(factory, { eventLimitPerSource: 10 });

    it('keeps the newest events per source, drops delivered deliveries of pruned events, keeps dead ones and dedupe', async () => {
      const { store } = ctx.s;
      const first = makeEvent({ deliveryId: 'first' });
      await store.recordEvent(first, [makeDelivery(first.id, { status: 'delivered' })]);
      const dead = makeEvent({ deliveryId: 'second' });
      await store.recordEvent(dead, [makeDelivery(dead.id, { status: 'dead' })]);
      for (let i = 0; i < 15; i++) await store.recordEvent(makeEvent({ deliveryId: `n${i}` }), []);
      await store.recordEvent(makeEvent({ id: 'stripe:evt_1', source: 'stripe', deliveryId: 'evt_1' }), []);
      const github = await store.listEvents({ limit: 100, source: 'github' });
      // The event of a dead delivery is kept (it can be retried); lowdb prunes in batches of 10%.
      assert.ok(github.length === 11 || github.length === 12, `10 (+1 kept) github events, got ${github.length}`);
      assert.ok(await store.getEvent(dead.id), 'the dead delivery keeps its event');
      assert.deepEqual(github.slice(0, 10).map((e) => e.deliveryId), Array.from({ length: 10 }, (_, i) => `n${14 - i}`));
      assert.equal((await store.listEvents({ limit: 100, source: 'stripe' })).length, 1);
      const deliveries = await store.listDeliveries({ limit: 10 });
      assert.deepEqual(deliveries.map((d) => d.status), ['dead'], 'dead deliveries stay visible, delivered ones go');
      assert.equal(await store.hasEvent('github', 'first'), true, 'dedupe outlives the event log');
      assert.equal(await store.getEvent(first.id), null);
    });

    it('keeps pending deliveries through pruning', async () => {
      const { store } = ctx.s;
      const waiting = makeEvent({ deliveryId: 'waiting' });
      await store.recordEvent(waiting, [makeDelivery(waiting.id, { nextAttemptAt: new Date(Date.now() + 3_600_000).toISOString() })]);
      for (let i = 0; i < 12; i++) await store.recordEvent(makeEvent({ deliveryId: `m${i}` }), []);
      // lowdb keeps the delivery (its run then marks it dead: "event no longer stored"); Postgres keeps both.
      assert.ok(await store.getDelivery((await store.listDeliveries({ limit: 1 }))[0]!.id));
    });
  });
}
