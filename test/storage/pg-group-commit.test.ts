/** Postgres group commit (EventBatcher) and same-turn read coalescing, on a throwaway database. */
import assert from 'node:assert/strict';
import pg from 'pg';
import { runMigrations } from '../../src/storage/postgres/migrations.ts';
import { EventBatcher } from '../../src/storage/postgres/pg-event-batcher.ts';
import { SameTurnReads } from '../../src/storage/postgres/same-turn.ts';
import { makeDelivery, makeEvent } from '../helpers/factories.ts';
import { createThrowawayDatabase, describePostgres, truncateAll, type ThrowawayDatabase } from './contract/postgres-database.ts';

/** A pool that counts the statements sent through it. */
function countingPool(pool: pg.Pool): { db: pg.Pool; statements: () => number } {
  let n = 0;
  const db = new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (...args: Parameters<pg.Pool['query']>) => {
          n += 1;
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db, statements: () => n };
}

describePostgres('Postgres group commit', function () {
  this.timeout(30_000);
  let database: ThrowawayDatabase;
  let pool: pg.Pool;
  before(async () => {
    database = await createThrowawayDatabase();
    pool = new pg.Pool({ connectionString: database.url });
    await runMigrations(pool);
  });
  beforeEach(() => truncateAll(database.url));
  after(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('records a burst of webhooks in a few statements, each with its deliveries', async () => {
    const { db, statements } = countingPool(pool);
    const batcher = new EventBatcher(db);
    const events = Array.from({ length: 100 }, (_, i) => makeEvent({ deliveryId: `burst-${i}` }));
    const stored = await Promise.all(events.map((e) => batcher.record(e, [makeDelivery(e.id, { channel: `c${e.deliveryId}` })])));
    assert.deepEqual(stored, events.map(() => true));
    assert.ok(statements() <= 3, `one statement per event-loop turn, not per webhook: ${statements()}`);
    const { rows } = await pool.query<{ events: number; deliveries: number; leases: number }>(
      'SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM deliveries)::int AS deliveries, (SELECT count(*) FROM channel_leases)::int AS leases',
    );
    assert.deepEqual(rows[0], { events: 100, deliveries: 100, leases: 100 });
  });

  it('stores exactly one of the copies of a delivery id sent in one burst, and none again later', async () => {
    const batcher = new EventBatcher(pool);
    const copies = Array.from({ length: 6 }, () => makeEvent({ deliveryId: 'same-id' }));
    const others = Array.from({ length: 4 }, (_, i) => makeEvent({ deliveryId: `other-${i}` }));
    const results = await Promise.all([...copies, ...others].map((e) => batcher.record(e, [makeDelivery(e.id)])));
    assert.equal(results.slice(0, 6).filter(Boolean).length, 1, 'one copy stored');
    assert.deepEqual(results.slice(6), [true, true, true, true]);
    assert.equal(await batcher.record(makeEvent({ deliveryId: 'same-id' }), [makeDelivery('x')]), false);
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries WHERE event_id = 'github:same-id'");
    assert.equal(rows[0]!.n, 1, 'one delivery for the stored copy');
  });

  it('fails every caller of a statement that fails, and stores none of them', async () => {
    const batcher = new EventBatcher(pool);
    const good = makeEvent({ deliveryId: 'good' });
    const bad = makeEvent({ deliveryId: 'bad' });
    // A delivery row that violates NOT NULL (no channel) makes the whole statement fail.
    const results = await Promise.allSettled([
      batcher.record(good, [makeDelivery(good.id)]),
      batcher.record(bad, [{ ...makeDelivery(bad.id), channel: null as unknown as string }]),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    assert.equal(rows[0]!.n, 0, 'one transaction: nothing half-stored');
    assert.equal(await batcher.record(good, [makeDelivery(good.id)]), true, "the provider's retry is stored");
  });
});

describe('SameTurnReads', () => {
  it('shares one query among identical reads of one event-loop turn', async () => {
    const reads = new SameTurnReads<number>();
    let queries = 0;
    const query = async () => ++queries;
    const results = await Promise.all([reads.read('k', query), reads.read('k', query), reads.read('k', query)]);
    assert.deepEqual(results, [1, 1, 1]);
    assert.equal(queries, 1);
    assert.equal(await reads.read('other', query), 2, 'another key, another query');
  });

  it('never hands a later read the result of a query that started before it', async () => {
    const reads = new SameTurnReads<string>();
    let value = 'before';
    let release!: () => void;
    const slow = () => new Promise<string>((resolve) => {
      const seen = value;
      release = () => resolve(seen);
    });
    const first = reads.read('k', slow);
    await new Promise((r) => setImmediate(r)); // the first query has been sent
    await new Promise((r) => setImmediate(r));
    value = 'after'; // e.g. a subscription committed now
    const second = reads.read('k', async () => value);
    release();
    assert.equal(await first, 'before');
    assert.equal(await second, 'after', 'a read issued after the change sees it');
  });
});
