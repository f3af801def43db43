/** What only the Postgres store has: several processes' worth of stores on one database. */
import assert from 'node:assert/strict';
import pg from 'pg';
import { MIGRATIONS, runMigrations } from '../../../src/storage/postgres/migrations.ts';
import { openPostgresStores, type PostgresStores } from '../../../src/storage/postgres/open-postgres.ts';
import { inFlightFirst } from '../../../src/storage/postgres/pg-leases.ts';
import { makeDelivery, makeEvent } from '../../helpers/factories.ts';
import { waitFor } from '../../helpers/test-server.ts';
import { createThrowawayDatabase, describePostgres, truncateAll, type ThrowawayDatabase } from './postgres-database.ts';

const ref = { platform: 'discord' as const, workspace: 'g1', channel: 'c1' };

describePostgres('Postgres store: several instances on one database', function () {
  this.timeout(30_000);
  let db: ThrowawayDatabase;
  const opened: PostgresStores[] = [];
  const open = async () => {
    const s = await openPostgresStores(db.url, { pollMs: 0 });
    opened.push(s);
    return s;
  };
  before(async () => {
    db = await createThrowawayDatabase();
  });
  beforeEach(() => truncateAll(db.url));
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  after(() => db?.drop());

  it('runs each migration once when several pools migrate a fresh database at once', async () => {
    const fresh = await createThrowawayDatabase();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: fresh.url }));
    try {
      const applied = (await Promise.all(pools.map((p) => runMigrations(p)))).map((r) => r.applied);
      assert.deepEqual(applied.flat().sort(), MIGRATIONS.map((m) => m.version), 'each version applied by exactly one');
      assert.deepEqual((await runMigrations(pools[0]!)).applied, [], 'nothing left to do');
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await fresh.drop();
    }
  });

  it('wakes the other instances when one queues deliveries (LISTEN/NOTIFY)', async () => {
    const [a, b] = [await open(), await open()];
    let woken = 0;
    b.onDeliveriesQueued(() => woken++);
    const e = makeEvent();
    await a.store.recordEvent(e, []);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(woken, 0, 'no deliveries, no wake-up');
    const e2 = makeEvent();
    await a.store.recordEvent(e2, [makeDelivery(e2.id)]);
    await waitFor(() => woken > 0, 3000, 'a notification');
  });

  it('frees the channels of an instance whose connections are gone, before its lease expires', async () => {
    const [a, b] = [await open(), await open()];
    const e = makeEvent();
    await a.store.recordEvent(e, [makeDelivery(e.id)]);
    assert.equal((await a.store.claimDueChannels(new Date(), 10, 'a-worker', 60_000)).length, 1);
    assert.deepEqual(await b.store.claimDueChannels(new Date(), 10, 'b-worker', 60_000), []);
    assert.equal(await b.store.nextDueAt(), null, 'held by a live instance');
    await a.close(); // as a SIGKILL would: its connections end
    await waitFor(async () => (await b.store.nextDueAt()) !== null, 3000, 'the channel to count as free');
    const taken = await b.store.claimDueChannels(new Date(), 10, 'b-worker', 60_000);
    assert.deepEqual(taken.map((t) => t.channel), [ref]);
  });

  it('after a takeover, hands over only what the crashed owner may have been sending', async () => {
    const [a, b] = [await open(), await open()];
    const e = makeEvent();
    const list = Array.from({ length: 4 }, () => makeDelivery(e.id));
    await a.store.recordEvent(e, list);
    await a.store.claimDueChannels(new Date(), 10, 'a-worker', 60_000);
    await a.store.updateDeliveries([list[0]!.id], { status: 'delivered', deliveredAt: new Date().toISOString(), messageId: 'm1' });
    await a.close();
    const [first] = await b.store.claimDueChannels(new Date(), 10, 'b-worker', 60_000);
    assert.deepEqual(first?.deliveries.map((d) => d.id), [list[1]!.id], 'the oldest due one alone');
    assert.equal(first?.recentSends.length, 1, 'pacing rebuilt from the delivered one');
    const next = await b.store.claimChannel(ref, new Date(), 'b-worker', 60_000);
    assert.deepEqual(next?.deliveries.map((d) => d.id), list.slice(1).map((d) => d.id), 'then everything, as usual');
    const digest = [makeDelivery('x', { digestKey: 'k' }), makeDelivery('x'), makeDelivery('x', { digestKey: 'k' })];
    assert.deepEqual(inFlightFirst(digest), [digest[0], digest[2]], 'a planned digest is re-sent whole');
  });

  it('elects one uptime leader, and another when it goes away', async () => {
    const [a, b] = [await open(), await open()];
    assert.equal(await a.isMonitorLeader(), true);
    assert.equal(await b.isMonitorLeader(), false);
    assert.equal(await a.isMonitorLeader(), true, 'stays leader');
    await a.close();
    await waitFor(() => b.isMonitorLeader(), 3000, 'b to lead');
  });

  it("spaces one bot's requests across instances: every slot at least 1/45 s after the previous one", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const reserve = (s: PostgresStores, bot: string) => s.discordPacer.reserve(bot);
    // Two instances asking at once, 30 requests each, and another bot alongside.
    const slots = await Promise.all(Array.from({ length: 60 }, (_, i) => reserve(i % 2 === 0 ? a : b, 'bot1')));
    const other = await reserve(b, 'bot2');
    assert.equal(other.waitMs, 0, "another bot's budget is its own");
    const times = slots.map((s) => s.slotAt).sort((x, y) => x - y);
    const interval = 1000 / 45;
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= interval - 0.01, `slot ${i} is ${times[i]! - times[i - 1]!} ms after the previous one`);
    for (let i = 45; i < times.length; i++) assert.ok(times[i]! - times[i - 45]! >= 990, 'never 46 slots within a second');
    const waits = slots.map((s) => s.waitMs).sort((x, y) => x - y);
    assert.equal(waits[0], 0, 'the first request goes at once');
    // (Less than 59 intervals: the reservations themselves take some milliseconds.)
    assert.ok(waits[59]! >= 900, `the last of 60 waits about a second (${waits[59]} ms)`);
    await assert.rejects(a.discordPacer.reserve('bot1', AbortSignal.abort()), 'an aborted send does not wait for the database');
    // wait() resolves when the slot has come: the next free one is ~1.3 s ahead now.
    const started = Date.now();
    await b.discordPacer.wait('bot1');
    assert.ok(Date.now() - started >= 59 * interval - 100, `waited ${Date.now() - started} ms`);
  });

  it('stores provider text that jsonb would refuse (\\u0000)', async () => {
    const s = await open();
    const e = makeEvent({ summary: 'nul \u0000 inside', data: { body: 'a\u0000b' } });
    assert.equal((await s.store.recordEvent(e, [])).stored, true);
    assert.equal((await s.store.getEvent(e.id))?.summary, 'nul \u0000 inside');
  });
});
