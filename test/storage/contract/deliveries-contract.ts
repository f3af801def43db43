import assert from 'node:assert/strict';
import { makeDelivery, makeEvent } from '../../helpers/factories.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

const at = (offsetMs: number) => new Date(Date.parse('2030-01-01T00:00:00.000Z') + offsetMs).toISOString();

export function deliveriesContract(factory: () => StoreFactory): void {
  describe('deliveries (outbox)', () => {
    const ctx = useStores(factory);

    async function seed() {
      const { store } = ctx.s;
      const e = makeEvent();
      const due1 = makeDelivery(e.id, { channel: 'a', nextAttemptAt: at(0) });
      const later = makeDelivery(e.id, { channel: 'b', nextAttemptAt: at(60_000), status: 'failed', attempts: 1, lastError: 'boom' });
      const due2 = makeDelivery(e.id, { channel: 'c', nextAttemptAt: at(-1000) });
      const done = makeDelivery(e.id, { channel: 'd', nextAttemptAt: at(-5000), status: 'delivered', deliveredAt: at(-4000), messageId: 'm1' });
      const dead = makeDelivery(e.id, { channel: 'e', nextAttemptAt: at(-5000), status: 'dead', attempts: 5 });
      await store.recordEvent(e, [due1, later, due2, done, dead]);
      return { e, due1, later, due2, done, dead };
    }

    it('lists due pending/failed deliveries oldest first, and the next due time', async () => {
      const { store } = ctx.s;
      assert.equal(await store.nextDueAt(), null);
      const { due1, later, due2 } = await seed();
      assert.deepEqual((await store.listDueDeliveries(new Date(at(0)), 10)).map((d) => d.id), [due1.id, due2.id]);
      assert.deepEqual((await store.listDueDeliveries(new Date(at(0)), 1)).map((d) => d.id), [due1.id]);
      assert.deepEqual((await store.listDueDeliveries(new Date(at(60_000)), 10)).map((d) => d.id), [due1.id, later.id, due2.id]);
      assert.equal((await store.nextDueAt())?.toISOString(), at(-1000));
    });

    it('lists deliveries newest first, by status', async () => {
      const { store } = ctx.s;
      const { later, dead, done } = await seed();
      assert.equal((await store.listDeliveries({ limit: 10 })).length, 5);
      assert.deepEqual((await store.listDeliveries({ limit: 2 })).map((d) => d.id), [dead.id, done.id]);
      assert.deepEqual(await store.listDeliveries({ status: 'failed', limit: 10 }), [later]);
      assert.deepEqual((await store.listDeliveries({ status: 'delivered', limit: 10 })).map((d) => d.messageId), ['m1']);
    });

    it('updates one delivery and returns it; unknown ids give null', async () => {
      const { store } = ctx.s;
      const { due1 } = await seed();
      const patch = { status: 'failed' as const, attempts: 1, lastError: 'HTTP 503', nextAttemptAt: at(30_000) };
      assert.deepEqual(await store.updateDelivery(due1.id, patch), { ...due1, ...patch });
      assert.deepEqual(await store.getDelivery(due1.id), { ...due1, ...patch });
      assert.equal(await store.updateDelivery('nope', { attempts: 3 }), null);
      assert.equal(await store.getDelivery('nope'), null);
    });

    it('applies one patch to several deliveries (digest key, then delivered)', async () => {
      const { store } = ctx.s;
      const { due1, due2, later } = await seed();
      await store.updateDeliveries([due1.id, due2.id, 'missing'], { digestKey: 'k1' });
      assert.equal((await store.getDelivery(due1.id))?.digestKey, 'k1');
      assert.equal((await store.getDelivery(later.id))?.digestKey ?? null, null);
      await store.updateDeliveries([due1.id, due2.id], { status: 'delivered', attempts: 1, deliveredAt: at(1), messageId: null, lastError: null });
      const d = await store.getDelivery(due2.id);
      assert.deepEqual([d?.status, d?.attempts, d?.deliveredAt, d?.messageId, d?.digestKey], ['delivered', 1, at(1), null, 'k1']);
      assert.equal((await store.nextDueAt())?.toISOString(), at(60_000));
      await store.updateDeliveries([], { status: 'dead' });
      await store.updateDeliveries([later.id], { sendStartedAt: at(2) });
      assert.equal((await store.getDelivery(later.id))?.sendStartedAt, at(2));
      await store.updateDeliveries([later.id], { sendStartedAt: null });
      assert.equal((await store.getDelivery(later.id))?.sendStartedAt ?? null, null);
    });
  });
}
