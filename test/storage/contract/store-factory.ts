/** What each contract suite is given: a way to open the stores fresh, and to reopen the same data. */
import type { HookStore } from '../../../src/storage/hook-store.ts';
import type { MonitorStore } from '../../../src/storage/monitor-store.ts';
import type { Store } from '../../../src/storage/store.ts';

export interface OpenedStores {
  store: Store;
  hooks: HookStore;
  monitors: MonitorStore;
  close(): Promise<void>;
}

export interface OpenOptions {
  eventLimitPerSource?: number;
}

export interface StoreFactory {
  /** Empty stores. */
  open(options?: OpenOptions): Promise<OpenedStores>;
  /** The same data again, as after a restart (close the previous stores first). */
  reopen(options?: OpenOptions): Promise<OpenedStores>;
}

/** Opens fresh stores before each test and closes them after; `ctx.s` is the current set. */
export function useStores(factory: () => StoreFactory, options?: OpenOptions): { s: OpenedStores } {
  const ctx = { s: null as unknown as OpenedStores };
  beforeEach(async () => {
    ctx.s = await factory().open(options);
  });
  afterEach(async () => {
    await ctx.s.close();
  });
  return ctx;
}
