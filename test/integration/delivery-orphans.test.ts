import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { makeDelivery, makeEvent } from '../helpers/factories.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { addSubscriptionFor } from '../helpers/temp-store.ts';
import { DISCORD_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

describe('a storm whose events are partly gone from the store (e.g. an old or hand-edited data file)', function () {
  this.timeout(30_000);
  let temp: { dir: string; cleanup: () => Promise<void> };
  let discord: FakeDiscord;
  let server: TestServer | undefined;

  beforeEach(async () => {
    temp = await makeTempDir();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  });
  afterEach(async () => {
    await server?.cleanup();
    await discord.close();
    await temp.cleanup();
  });

  it('marks the orphaned deliveries dead, and delivers the rest in a digest', async () => {
    const file = join(temp.dir, 'hookbridge.json');
    const store = await LowdbStore.open(file);
    const sub = await addSubscriptionFor(store, { platform: 'discord', workspace: 'g1', channel: '111' }, 'github', 'acme/api');
    const events = Array.from({ length: 15 }, (_, i) => makeEvent({ summary: `[acme/api] octocat pushed orphan-test-${i}x`, receivedAt: new Date(Date.now() - 60_000 + i).toISOString() }));
    for (const e of events) await store.recordEvent(e, [makeDelivery(e.id, { subscriptionId: sub.id, channel: '111', workspace: 'g1' })]);
    await store.close();
    // Ten of the events disappear from the file; their deliveries stay pending.
    const data = JSON.parse(await readFile(file, 'utf8')) as { events: Array<{ id: string }> };
    const gone = new Set(events.slice(0, 10).map((e) => e.id));
    data.events = data.events.filter((e) => !gone.has(e.id));
    await writeFile(file, JSON.stringify(data));

    server = await startTestServer({ dataDir: temp.dir, discordApiUrl: discord.apiUrl });
    await waitFor(async () => {
      const res = await server!.admin('GET', '/api/deliveries?status=pending');
      return ((await res.json()) as unknown[]).length === 0;
    }, 10_000, 'no delivery left pending');
    const dead = (await (await server.admin('GET', '/api/deliveries?status=dead')).json()) as Array<{ eventId: string; lastError: string }>;
    assert.deepEqual(new Set(dead.map((d) => d.eventId)), gone);
    assert.ok(dead.every((d) => d.lastError === 'event no longer stored'));
    const text = discord.messages.map((m) => JSON.stringify(m.body)).join('\n');
    for (let i = 0; i < 15; i++) assert.equal(text.includes(`orphan-test-${i}x`), i >= 10, `event ${i} ${i >= 10 ? 'posted' : 'not posted'}`);
    assert.equal(discord.messages.length, 1, 'the five stored events in one digest');
  });
});
