import { openPostgresStores } from '../../../src/storage/postgres/open-postgres.ts';
import { createThrowawayDatabase, describePostgres, truncateAll, type ThrowawayDatabase } from './postgres-database.ts';
import { storeContract } from './store-contract.ts';
import type { OpenedStores, OpenOptions, StoreFactory } from './store-factory.ts';

describePostgres('store contract: Postgres', function () {
  this.timeout(30_000);
  let db: ThrowawayDatabase;
  before(async () => {
    db = await createThrowawayDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  async function openDb(options: OpenOptions = {}): Promise<OpenedStores> {
    const opened = await openPostgresStores(db.url, { ...options, pruneEvery: 1, pollMs: 0 });
    return { store: opened.store, hooks: opened.hooks, monitors: opened.monitors, close: () => opened.close() };
  }

  const factory: StoreFactory = {
    async open(options) {
      await truncateAll(db.url);
      return openDb(options);
    },
    reopen: openDb,
  };

  storeContract(() => factory);
});
