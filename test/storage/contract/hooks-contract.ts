import assert from 'node:assert/strict';
import type { Hook } from '../../../src/storage/hook-store.ts';
import { type StoreFactory, useStores } from './store-factory.ts';

const hook = (name: string, extra: Partial<Hook> = {}): Hook => ({
  name, secret: `whsec_${name}`, tokenHash: `hash-${name}`, template: null,
  createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, lastError: null, ...extra,
});

export function hooksContract(factory: () => StoreFactory): void {
  describe('hooks (HookStore)', () => {
    const ctx = useStores(factory);

    it('creates once, lists by name, gets copies', async () => {
      const { hooks } = ctx.s;
      assert.deepEqual(await hooks.create(hook('b')), hook('b'));
      assert.ok(await hooks.create(hook('a')));
      assert.equal(await hooks.create(hook('a', { secret: 'other' })), null, 'no overwrite');
      assert.deepEqual((await hooks.list()).map((h) => h.name), ['a', 'b']);
      const got = await hooks.get('a');
      assert.equal(got?.secret, 'whsec_a');
      got!.secret = 'mutated';
      assert.equal((await hooks.get('a'))?.secret, 'whsec_a');
      assert.ok(await hooks.exists('b'));
      assert.ok(!(await hooks.exists('c')));
    });

    it('lets exactly one of several concurrent creates of a name win', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => ctx.s.hooks.create(hook('race', { secret: `whsec_${i}` }))));
      assert.equal(results.filter((r) => r !== null).length, 1);
    });

    it('rotates and records template errors durably', async () => {
      await ctx.s.hooks.create(hook('deploys', { template: 'title: x' }));
      await ctx.s.hooks.rotate('deploys', { secret: 'whsec_new', tokenHash: 'hash-new' }, new Date('2026-02-01T00:00:00Z'));
      await ctx.s.hooks.setLastError('deploys', { message: 'boom', at: '2026-02-02T00:00:00.000Z' });
      await ctx.s.close();
      ctx.s = await factory().reopen();
      assert.deepEqual(await ctx.s.hooks.get('deploys'), {
        ...hook('deploys', { template: 'title: x' }),
        secret: 'whsec_new', tokenHash: 'hash-new', rotatedAt: '2026-02-01T00:00:00.000Z',
        lastError: { message: 'boom', at: '2026-02-02T00:00:00.000Z' },
      });
      await ctx.s.hooks.setLastError('deploys', null);
      assert.equal((await ctx.s.hooks.get('deploys'))?.lastError, null);
    });

    it('saves, removes and rotates only existing hooks', async () => {
      const { hooks } = ctx.s;
      await hooks.save(hook('x'));
      assert.deepEqual(await hooks.save(hook('x', { template: 'title: y' })), hook('x', { template: 'title: y' }));
      assert.equal((await hooks.list()).length, 1);
      assert.equal((await hooks.get('x'))?.template, 'title: y');
      assert.equal(await hooks.rotate('nope', { secret: 's', tokenHash: 't' }, new Date()), null);
      assert.ok(await hooks.remove('x'));
      assert.ok(!(await hooks.remove('x')));
      await hooks.setLastError('x', { message: 'ignored', at: 'now' });
      assert.equal(await hooks.get('x'), null);
    });

    it('keeps a hook named __proto__ as a hook', async () => {
      await ctx.s.hooks.create(hook('__proto__'));
      assert.equal((await ctx.s.hooks.get('__proto__'))?.name, '__proto__');
      assert.equal(({} as Record<string, unknown>).secret, undefined);
    });
  });
}
