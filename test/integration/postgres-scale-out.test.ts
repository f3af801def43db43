import assert from 'node:assert/strict';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, waitFor } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { createThrowawayDatabase, describePostgres, type ThrowawayDatabase } from '../storage/contract/postgres-database.ts';
import { appearances, instanceEnv, push, subscribe } from './postgres-cluster.ts';

describePostgres('two instances on one Postgres database (child processes)', function () {
  this.timeout(90_000);
  let db: ThrowawayDatabase;
  let discord: FakeDiscord;
  const servers: ChildServer[] = [];

  beforeEach(async () => {
    db = await createThrowawayDatabase();
  });
  afterEach(async () => {
    // (kill() of a process that already died of a signal would wait for an exit that came.)
    await Promise.all(servers.splice(0).filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.kill('SIGKILL')));
    await discord?.close();
    await db.drop();
  });

  async function start(extra: Record<string, string> = {}): Promise<ChildServer> {
    const server = await startChildServer(instanceEnv(db.url, discord.apiUrl, extra));
    servers.push(server);
    return server;
  }

  it('delivers every webhook exactly once when they are spread over both and one is SIGKILLed mid-burst', async () => {
    discord = await startFakeDiscord({
      token: DISCORD_TOKEN, latencyMs: 40, rateLimit: { limit: 100, windowMs: 1000 }, globalRateLimit: { limit: 1000, windowMs: 1000 },
    });
    const [a, b] = await Promise.all([start(), start()]);
    const channels = ['111', '222', '333'];
    for (const c of channels) await subscribe(a!.url, c);
    const total = 40;
    // First half alternates between the instances, as a load balancer would.
    for (let i = 0; i < total / 2; i++) await push(i % 2 === 0 ? a!.url : b!.url, 'burst', i);
    await waitFor(() => discord.messages.length >= 6, 20_000, 'deliveries under way');
    assert.equal(await a!.kill('SIGKILL'), null, 'killed, not exited');
    const atKill = channels.flatMap((c) => appearances(discord.messages, c, 'burst', total / 2));
    assert.ok(atKill.some((n) => n === 0), 'killed while deliveries of the first half were still pending');
    // The balancer notices; the rest goes to the survivor.
    for (let i = total / 2; i < total; i++) await push(b!.url, 'burst', i);
    await waitFor(
      () => channels.every((c) => appearances(discord.messages, c, 'burst', total).every((n) => n >= 1)),
      30_000,
      'every push in every channel',
    );
    await new Promise((r) => setTimeout(r, 1500));
    for (const c of channels) {
      assert.deepEqual(appearances(discord.messages, c, 'burst', total), Array(total).fill(1), `channel ${c}: each push exactly once`);
    }
  });

  it('keeps per-channel pacing across instances: real Discord limits (5 / 5 s), no 429', async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    const [a, b] = await Promise.all([start(), start()]);
    await subscribe(a!.url, '444'); // storm digests allowed
    await subscribe(b!.url, '555', { digest: false }); // every event its own message: paced
    const total = 14;
    await Promise.all(Array.from({ length: total }, (_, i) => push(i % 2 === 0 ? a!.url : b!.url, 'paced', i)));
    await waitFor(
      () => ['444', '555'].every((c) => appearances(discord.messages, c, 'paced', total).every((n) => n >= 1)),
      40_000,
      'every push in both channels',
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(appearances(discord.messages, '444', 'paced', total), Array(total).fill(1));
    assert.deepEqual(appearances(discord.messages, '555', 'paced', total), Array(total).fill(1));
    const single = discord.messages.filter((m) => m.channel === '555').map((m) => m.receivedAt).sort((x, y) => x - y);
    assert.equal(single.length, total);
    for (let i = 5; i < single.length; i++) {
      assert.ok(single[i]! - single[i - 5]! >= 5000, `no 6 messages within 5 s (message ${i})`);
    }
    assert.equal(discord.rateLimited, 0, 'Discord never answered 429');
  });

  it("shares the bot's 50 requests/s between instances: a fan-out delivered by both, no global 429", async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN }); // global limit: 50 requests per second per bot
    const [a, b] = await Promise.all([start({ DELIVERY_CONCURRENCY: '32' }), start({ DELIVERY_CONCURRENCY: '32' })]);
    const channels = Array.from({ length: 150 }, (_, i) => String(9000 + i));
    for (const c of channels) await subscribe(a!.url, c);
    const started = Date.now();
    await push(a!.url, 'fanout', 0); // A stores it; its NOTIFY wakes B, and both take channels
    await waitFor(() => channels.every((c) => appearances(discord.messages, c, 'fanout', 1)[0]! >= 1), 30_000, 'every channel');
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    for (const c of channels) assert.deepEqual(appearances(discord.messages, c, 'fanout', 1), [1], `channel ${c}: exactly once`);
    assert.equal(discord.rateLimited, 0, 'Discord never answered 429');
    const times = discord.messages.map((m) => m.receivedAt).sort((x, y) => x - y);
    for (let i = 50; i < times.length; i++) assert.ok(times[i]! - times[i - 50]! >= 1000, `no 51 requests within a second (request ${i})`);
    assert.ok(seconds < 150 / 45 + 3, `${seconds} s for 150 channels at 45/s`);
    const sent = await Promise.all([a!, b!].map(async (s) => {
      const res = await fetch(`${s.url}/api/stats`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      return ((await res.json()) as { delivery: { platforms: { discord: { messages: number } } } }).delivery.platforms.discord.messages;
    }));
    assert.equal(sent[0]! + sent[1]!, 150);
    assert.ok(sent.every((n) => n > 0), `both instances sent (${sent.join(' + ')})`);
  });
});
