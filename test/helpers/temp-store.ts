/** A fresh lowdb store per test (mocha hooks), and subscriptions made the way commands make them. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Source } from '../../src/events/normalized-event.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import type { ChannelRef, Store } from '../../src/storage/store.ts';
import { parseFeatureWords } from '../../src/subscriptions/parse.ts';
import type { Subscription } from '../../src/subscriptions/subscription.ts';
import { makeTempDir } from './temp-dir.ts';

/** Call inside a describe(): `store` is a new LowdbStore in a temporary directory for each test. */
export function useTempLowdbStore(): { readonly store: LowdbStore } {
  let temp: { dir: string; cleanup: () => Promise<void> } | undefined;
  let store: LowdbStore | undefined;
  beforeEach(async () => {
    temp = await makeTempDir();
    store = await LowdbStore.open(join(temp.dir, 'data.json'));
  });
  afterEach(async () => {
    await store?.close();
    await temp?.cleanup();
  });
  return {
    get store() {
      assert.ok(store, 'store used outside a test');
      return store;
    },
  };
}

/** Adds a subscription with the features and filters that `/subscribe <source> <target> <words>` would give. */
export async function addSubscriptionFor(store: Store, ref: ChannelRef, source: Source, target: string, words: string[] = []): Promise<Subscription> {
  const parsed = parseFeatureWords(source, words);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return store.addSubscription({ ...ref, source, target, features: parsed.features, filters: parsed.filters, createdBy: 'test' });
}
