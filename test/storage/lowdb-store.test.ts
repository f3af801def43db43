import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileError } from '../../src/storage/lowdb/data-file.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { makeDelivery, makeEvent } from '../helpers/factories.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

describe('lowdb store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const opened: LowdbStore[] = [];
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close().catch(() => {});
    await cleanup();
  });
  const open = async (...args: Parameters<typeof LowdbStore.open>) => {
    const store = await LowdbStore.open(...args);
    opened.push(store);
    return store;
  };

  it('makes an event and its deliveries durable before resolving (a crash right after loses nothing)', async () => {
    const file = join(dir, 'nested', 'db.json');
    const store = await open(file);
    const event = makeEvent();
    await store.recordEvent(event, [makeDelivery(event.id)]);
    // Open the files as a restarted process would, without closing the first store (a crash).
    const crashed = await open(file);
    assert.deepEqual(await crashed.getEvent(event.id), event);
    assert.equal((await crashed.listDueDeliveries(new Date(Date.now() + 1000), 10)).length, 1);
    await crashed.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(onDisk.events.length, 1, 'start-up and close compact the journal into the lowdb file');
    assert.equal(await readFile(`${file}.journal`, 'utf8'), '');
  });

  it('replays subscription, delivery and shared-key changes from the journal', async () => {
    const file = join(dir, 'db.json');
    const store = await open(file);
    const base = { platform: 'slack' as const, workspace: 'T', channel: 'C', source: 'github' as const, features: ['commits'], createdBy: null, filters: { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null } };
    const a = await store.addSubscription({ ...base, target: 'a/a' });
    const b = await store.addSubscription({ ...base, target: 'b/b' });
    await store.updateSubscription(a.id, { target: 'a/z' });
    await store.removeSubscription(b.id);
    const event = makeEvent();
    const delivery = makeDelivery(event.id);
    await store.recordEvent(event, [delivery]);
    await store.updateDelivery(delivery.id, { status: 'dead', lastError: 'gone' });
    store.shared.data.hooks = [];
    await store.shared.commit([['hooks']]);
    const replayed = await open(file);
    assert.deepEqual((await replayed.listSubscriptions()).map((s) => s.target), ['a/z']);
    assert.equal((await replayed.getDelivery(delivery.id))?.lastError, 'gone');
    assert.deepEqual(replayed.shared.data.hooks, []);
  });

  it('ignores a torn last journal line (a write cut off by a kill was never acknowledged)', async () => {
    const file = join(dir, 'db.json');
    const store = await open(file);
    await store.recordEvent(makeEvent({ deliveryId: 'kept' }), []);
    const { appendFile } = await import('node:fs/promises');
    await appendFile(`${file}.journal`, '{"t":"event","event":{"id":"github:torn"');
    const reopened = await open(file);
    assert.equal(await reopened.hasEvent('github', 'kept'), true);
    assert.equal((await reopened.listEvents({ limit: 10 })).length, 1);
  });

  it('replays a journal left aside by a compaction a crash interrupted, then removes it', async () => {
    const file = join(dir, 'db.json');
    const first = await LowdbStore.open(file);
    await first.recordEvent(makeEvent({ deliveryId: 'in-file' }), []);
    await first.close();
    const aside = makeEvent({ deliveryId: 'only-in-old-journal' });
    const { writeFile: write, stat } = await import('node:fs/promises');
    await write(`${file}.journal.old`, `${JSON.stringify({ t: 'event', event: aside, deliveries: [makeDelivery(aside.id)] })}\n`);
    const reopened = await open(file);
    assert.equal(await reopened.hasEvent('github', 'in-file'), true);
    assert.equal(await reopened.hasEvent('github', 'only-in-old-journal'), true);
    assert.equal((await reopened.listDueDeliveries(new Date(Date.now() + 1000), 10)).length, 1);
    await assert.rejects(stat(`${file}.journal.old`), /ENOENT/);
  });

  it('loses nothing when killed while a background compaction runs', async () => {
    const file = join(dir, 'db.json');
    const store = await open(file, { compactBytes: 5_000 });
    const writes = Array.from({ length: 300 }, (_, i) => store.recordEvent(makeEvent({ deliveryId: `c${i}`, data: { text: 'y'.repeat(300) } }), []));
    await Promise.all(writes);
    // No close(): open the files as a restarted process would, whatever compaction was doing.
    const crashed = await LowdbStore.open(file);
    for (let i = 0; i < 300; i++) assert.equal(await crashed.hasEvent('github', `c${i}`), true, `c${i}`);
    await crashed.close();
  });

  it('loses no event recorded while a background compaction is serializing the store', async () => {
    const file = join(dir, 'db.json');
    const store = await open(file, { compactBytes: 50_000 });
    // Enough events that serializing them takes several event-loop turns.
    for (let i = 0; i < 1500; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => store.recordEvent(makeEvent({ deliveryId: `old-${i + j}` }), [])));
    }
    await store.whenCompacted();
    // Keep recording, one event per turn, until a compaction has started and finished meanwhile.
    const before = store.snapshots;
    const during: string[] = [];
    for (let i = 0; store.snapshots === before && i < 20_000; i++) {
      const e = makeEvent({ deliveryId: `during-${i}` });
      await store.recordEvent(e, [makeDelivery(e.id)]);
      during.push(e.deliveryId);
    }
    assert.ok(store.snapshots > before, 'a compaction ran while events were recorded');
    // A crash now (no close): a restart reads the compacted file and the journal written since.
    const restarted = await LowdbStore.open(file);
    try {
      for (const id of during) assert.ok(await restarted.getEvent(`github:${id}`), `${id} survives`);
      assert.equal((await restarted.listDueDeliveries(new Date(Date.now() + 60_000), 10_000)).length, during.length);
    } finally {
      await restarted.close();
    }
  });

  it('compacts the journal into the lowdb file when it grows', async () => {
    const file = join(dir, 'db.json');
    const store = await open(file, { compactBytes: 20_000 });
    for (let i = 0; i < 300; i++) {
      await store.recordEvent(makeEvent({ data: { text: 'x'.repeat(500) } }), []);
      // Compaction runs in the background (its file is flushed to disk): let each one finish, as
      // a server's would while requests keep coming, instead of outrunning it in a tight loop.
      await store.whenCompacted();
    }
    assert.ok(store.snapshots >= 3, `compacted ${store.snapshots} times`);
    const { stat } = await import('node:fs/promises');
    const appended = 300 * JSON.stringify(makeEvent({ data: { text: 'x'.repeat(500) } })).length;
    assert.ok((await stat(`${file}.journal`)).size < appended / 2, 'the journal was folded into the file and restarted');
    await store.close(); // one process per file: a second reader could race a background compaction
    assert.equal((await stat(`${file}.journal`)).size, 0, 'closing leaves everything in the lowdb file');
    const reopened = await open(file);
    assert.equal((await reopened.listEvents({ limit: 1000 })).length, 300);
  });

  it('dedupes on (source, deliveryId)', async () => {
    const store = await open(join(dir, 'db.json'));
    const event = makeEvent({ deliveryId: 'd-1' });
    assert.equal((await store.recordEvent(event, [makeDelivery(event.id)])).stored, true);
    const again = await store.recordEvent(makeEvent({ deliveryId: 'd-1' }), [makeDelivery(event.id)]);
    assert.equal(again.stored, false);
    assert.equal((await store.listEvents({ limit: 10 })).length, 1);
    assert.equal((await store.listDeliveries({ limit: 10 })).length, 1);
    assert.equal(await store.hasEvent('github', 'd-1'), true);
    assert.equal(await store.hasEvent('stripe', 'd-1'), false);
  });

  it('remembers dedupe ids per source: a flood on one source cannot push out another\'s (replay after a flood)', async () => {
    const store = await open(join(dir, 'db.json'), { seenLimit: 100 });
    await store.recordEvent(makeEvent({ deliveryId: 'github-delivery-A' }), []);
    // A generic hook's URL in the wrong hands: far more ids than the cap, on another source.
    for (let i = 0; i < 500; i++) await store.recordEvent(makeEvent({ source: 'custom', deliveryId: `flood-${i}` }), []);
    assert.equal(await store.hasEvent('github', 'github-delivery-A'), true, 'the GitHub id is still known');
    const replay = await store.recordEvent(makeEvent({ deliveryId: 'github-delivery-A' }), []);
    assert.equal(replay.stored, false, 'so its replay is a duplicate');
    assert.equal(await store.hasEvent('custom', 'flood-0'), false, 'the flooded source forgets its own oldest ids');
    assert.equal(await store.hasEvent('custom', 'flood-499'), true);
    // Generic hooks are capped one by one: a flood on one hook keeps another hook's ids.
    await store.recordEvent(makeEvent({ source: 'custom', deliveryId: 'orders:g1:msg_1' }), []);
    for (let i = 0; i < 300; i++) await store.recordEvent(makeEvent({ source: 'custom', deliveryId: `leaked:g1:${i}` }), []);
    assert.equal(await store.hasEvent('custom', 'orders:g1:msg_1'), true);
    assert.equal(await store.hasEvent('custom', 'leaked:g1:0'), false);
    await store.close();
    const reopened = await open(join(dir, 'db.json'), { seenLimit: 100 });
    assert.equal(await reopened.hasEvent('github', 'github-delivery-A'), true, 'and after a restart');
    assert.ok([...reopened.seenEntries()].filter(([k]) => k.startsWith('custom:leaked:')).length <= 110, 'each hook capped');
  });

  it('shares one file write among many concurrent requests (group commit)', async () => {
    const store = await open(join(dir, 'db.json'));
    const before = store.writeCount;
    await Promise.all(Array.from({ length: 200 }, () => store.recordEvent(makeEvent(), [])));
    const writes = store.writeCount - before;
    assert.ok(writes >= 1 && writes <= 5, `expected a handful of writes for 200 events, got ${writes}`);
    assert.equal((await store.listEvents({ limit: 500 })).length, 200);
  });

  it('caps the event log per source, newest kept, and prunes delivered deliveries of dropped events', async () => {
    const store = await open(join(dir, 'db.json'), { eventLimitPerSource: 10 });
    const first = makeEvent({ deliveryId: 'first' });
    await store.recordEvent(first, [makeDelivery(first.id, { status: 'delivered' })]);
    const dead = makeEvent({ deliveryId: 'second' });
    await store.recordEvent(dead, [makeDelivery(dead.id, { status: 'dead' })]);
    const waiting = makeEvent({ deliveryId: 'third' });
    await store.recordEvent(waiting, [makeDelivery(waiting.id, { status: 'pending' })]);
    for (let i = 0; i < 40; i++) await store.recordEvent(makeEvent({ deliveryId: `n${i}` }), []);
    await store.recordEvent(makeEvent({ source: 'stripe', deliveryId: 'evt_1' }), []);
    const github = await store.listEvents({ limit: 100, source: 'github' });
    assert.ok(github.length >= 12 && github.length <= 14, `the limit plus the two kept, plus up to one batch: ${github.length}`);
    assert.equal(github[0]!.deliveryId, 'n39', 'newest first');
    assert.equal((await store.listEvents({ limit: 100, source: 'stripe' })).length, 1);
    assert.equal(await store.getEvent(first.id), null, 'an event whose delivery is done is pruned');
    assert.ok(await store.getEvent(waiting.id), 'an event still waiting to be delivered is never pruned');
    assert.ok(await store.getEvent(dead.id), 'a dead delivery keeps its event, so it can be retried');
    const deliveries = await store.listDeliveries({ limit: 10 });
    assert.deepEqual(deliveries.map((d) => d.status).sort(), ['dead', 'pending'], 'delivered ones go with their event');
    assert.equal(await store.hasEvent('github', 'first'), true, 'dedupe outlives the event log');
    // Once delivered, the kept event goes at once (not at a later pass: no re-walking kept events).
    await store.updateDelivery((await store.listDeliveries({ limit: 10, status: 'pending' }))[0]!.id, { status: 'delivered' });
    assert.equal(await store.getEvent(waiting.id), null);
    assert.deepEqual((await store.listDeliveries({ limit: 10 })).map((d) => d.status), ['dead']);
    await store.close();
    const reopened = await open(join(dir, 'db.json'), { eventLimitPerSource: 10 });
    assert.ok(await reopened.getEvent(dead.id), 'the kept event is in the file too');
    assert.equal(await reopened.getEvent(waiting.id), null);
    await reopened.close();
  });

  it('indexes subscriptions by source and target', async () => {
    const store = await open(join(dir, 'db.json'));
    const base = { platform: 'discord' as const, workspace: 'g', features: ['commits'], createdBy: null, filters: { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null } };
    const a = await store.addSubscription({ ...base, channel: 'c1', source: 'github', target: 'acme/api' });
    await store.addSubscription({ ...base, channel: 'c2', source: 'github', target: 'acme/*' });
    await store.addSubscription({ ...base, channel: 'c3', source: 'github', target: 'other/x' });
    const found = await store.findSubscriptionsByTargets('github', ['acme/api', 'acme/*']);
    assert.deepEqual(found.map((s) => s.channel).sort(), ['c1', 'c2']);
    await store.updateSubscription(a.id, { target: 'acme/web' });
    assert.deepEqual((await store.findSubscriptionsByTargets('github', ['acme/api'])).length, 0);
    assert.equal(await store.removeSubscription(a.id), true);
    assert.equal(await store.removeSubscription(a.id), false);
    assert.equal((await store.listSubscriptions({ channel: 'c2' })).length, 1);
  });

  it('lists the events a channel received, newest first', async () => {
    const store = await open(join(dir, 'db.json'));
    const e1 = makeEvent({ summary: 'one' });
    const e2 = makeEvent({ summary: 'two' });
    const e3 = makeEvent({ summary: 'elsewhere' });
    await store.recordEvent(e1, [makeDelivery(e1.id, { channel: 'c1' })]);
    await store.recordEvent(e2, [makeDelivery(e2.id, { channel: 'c1' })]);
    await store.recordEvent(e3, [makeDelivery(e3.id, { channel: 'c2' })]);
    const events = await store.listChannelEvents({ platform: 'discord', workspace: 'g1', channel: 'c1' }, { limit: 10 });
    assert.deepEqual(events.map((c) => c.event.summary), ['two', 'one']);
  });

  it('refuses a corrupt data file with a clear error and leaves it untouched', async () => {
    const file = join(dir, 'db.json');
    await writeFile(file, '{"version":1, "events": [');
    await assert.rejects(LowdbStore.open(file), (err: Error) => err instanceof DataFileError && /not valid JSON/.test(err.message));
    assert.equal(await readFile(file, 'utf8'), '{"version":1, "events": [');
    await writeFile(file, '{"hello":"world"}');
    await assert.rejects(LowdbStore.open(file), /not a hookbridge data file/);
  });

  it('does not switch to memory under NODE_ENV=test', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'test';
    try {
      const file = join(dir, 'db.json');
      const store = await open(file);
      await store.recordEvent(makeEvent({ deliveryId: 'x' }), []);
      assert.match(await readFile(`${file}.journal`, 'utf8'), /"deliveryId":"x"/);
      await store.close();
      assert.match(await readFile(file, 'utf8'), /"deliveryId":"x"/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
