import { join } from 'node:path';
import { LowdbHookStore } from '../../../src/storage/lowdb-hook-store.ts';
import { LowdbMonitorStore } from '../../../src/storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../../../src/storage/lowdb-store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { storeContract } from './store-contract.ts';
import type { OpenedStores, OpenOptions, StoreFactory } from './store-factory.ts';

describe('store contract: lowdb', () => {
  let file = '';
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  async function openFile(options: OpenOptions = {}): Promise<OpenedStores> {
    const store = await LowdbStore.open(file, options);
    return { store, hooks: new LowdbHookStore(store.shared), monitors: new LowdbMonitorStore(store.shared), close: () => store.close() };
  }

  const factory: StoreFactory = {
    async open(options) {
      const temp = await makeTempDir();
      cleanups.push(temp.cleanup);
      file = join(temp.dir, 'hookbridge.json');
      return openFile(options);
    },
    reopen: openFile,
  };

  storeContract(() => factory);
});
