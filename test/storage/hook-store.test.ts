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

/**
 * The HookStore behaviour is the store contract (test/storage/contract/hooks-contract.ts, run on
 * lowdb and Postgres); this is what only lowdb has: hooks live in the main store's data file.
 */
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
});
