import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Hook } from '../../src/storage/hook-store.ts';
import { LowdbHookStore, hookStoreFor } from '../../src/storage/lowdb-hook-store.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const hook = (name: string, extra: Partial<Hook> = {}): Hook => ({
  name, secret: `whsec_${name}`, tokenHash: `hash-${name}`, template: null,
  createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null, lastError: null, ...extra,
});

describe('LowdbHookStore', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let file: string;
  let store: LowdbStore;
  let hooks: LowdbHookStore;
  beforeEach(async () => {
    temp = await makeTempDir();
    file = join(temp.dir, 'db.json');
    store = await LowdbStore.open(file);
    hooks = new LowdbHookStore(store.shared);
  });
  afterEach(async () => {
    await store.close();
    await temp.cleanup();
  });

  it('creates once, lists by name, gets copies', async () => {
    assert.ok(await hooks.create(hook('b')));
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

  it('survives a restart in the same data file as the rest', async () => {
    await hooks.create(hook('deploys', { template: 'title: x' }));
    await hooks.rotate('deploys', { secret: 'whsec_new', tokenHash: 'hash-new' }, new Date('2026-02-01T00:00:00Z'));
    await hooks.setLastError('deploys', { message: 'boom', at: '2026-02-02T00:00:00.000Z' });
    await store.close();
    store = await LowdbStore.open(file);
    const reopened = hookStoreFor(store);
    const stored = await reopened.get('deploys');
    assert.deepEqual(stored, {
      ...hook('deploys', { template: 'title: x' }),
      secret: 'whsec_new', tokenHash: 'hash-new', rotatedAt: '2026-02-01T00:00:00.000Z',
      lastError: { message: 'boom', at: '2026-02-02T00:00:00.000Z' },
    });
  });

  it('saves, removes and rotates only existing hooks', async () => {
    await hooks.save(hook('x'));
    await hooks.save(hook('x', { template: 'title: y' }));
    assert.equal((await hooks.list()).length, 1);
    assert.equal((await hooks.get('x'))?.template, 'title: y');
    assert.equal(await hooks.rotate('nope', { secret: 's', tokenHash: 't' }, new Date()), null);
    assert.ok(await hooks.remove('x'));
    assert.ok(!(await hooks.remove('x')));
    await hooks.setLastError('x', { message: 'ignored', at: 'now' });
    assert.equal(await hooks.get('x'), null);
  });

  it('keeps a hook named __proto__ as a hook', async () => {
    await hooks.create(hook('__proto__'));
    assert.equal((await hooks.get('__proto__'))?.name, '__proto__');
    assert.equal(({} as Record<string, unknown>).secret, undefined);
  });
});
