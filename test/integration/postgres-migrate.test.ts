import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LowdbMonitorStore } from '../../src/storage/lowdb-monitor-store.ts';
import { LowdbStore } from '../../src/storage/lowdb-store.ts';
import { advanceMonitor } from '../../src/uptime/monitor-state.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { githubHeaders } from '../helpers/sign-github.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, GITHUB_SECRET, waitFor } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { ok } from '../uptime/monitor-state-helpers.ts';
import { createThrowawayDatabase, describePostgres, type ThrowawayDatabase } from '../storage/contract/postgres-database.ts';
import { appearances, instanceEnv, push, runHookbridge, subscribe } from './postgres-cluster.ts';

const SITE = 'https://shop.example.com';

describePostgres('hookbridge migrate --from <lowdb file> (child processes)', function () {
  this.timeout(90_000);
  let db: ThrowawayDatabase;
  let discord: FakeDiscord;
  let temp: { dir: string; cleanup: () => Promise<void> };
  const servers: ChildServer[] = [];

  before(async () => {
    db = await createThrowawayDatabase();
    temp = await makeTempDir();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 100, windowMs: 1000 }, globalRateLimit: { limit: 1000, windowMs: 1000 } });
  });
  after(async () => {
    await Promise.all(servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.kill('SIGKILL')));
    await discord.close();
    await temp.cleanup();
    await db.drop();
  });

  it('explains what it needs', async () => {
    const noUrl = await runHookbridge(['migrate', '--from', 'x.json'], {});
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.output, /DATABASE_URL is not set/);
    const noFile = await runHookbridge(['migrate', '--from', join(temp.dir, 'missing.json')], { DATABASE_URL: db.url });
    assert.equal(noFile.code, 2);
    assert.match(noFile.output, /missing\.json: no such file/);
    const unreachable = await runHookbridge(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.output, /^DATABASE_URL postgres:\/\/postgres@127\.0\.0\.1:1\/x: cannot use the Postgres store/m);
  });

  it('copies a lowdb store idempotently; what lowdb acknowledged is delivered once from Postgres', async () => {
    const dataFile = join(temp.dir, 'hookbridge.json');
    // A lowdb instance acknowledges pushes while Discord hangs, and is killed with them pending.
    discord.setFault({ hangRate: 1 });
    const lowdb = await startChildServer({ DATA_FILE: dataFile, GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, ADMIN_TOKEN, DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl });
    servers.push(lowdb);
    await subscribe(lowdb.url, '111');
    await subscribe(lowdb.url, '222', { target: 'acme/*' });
    const hook = await fetch(`${lowdb.url}/api/hooks`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'deploys' }),
    });
    assert.equal(hook.status, 201);
    for (let i = 0; i < 3; i++) await push(lowdb.url, 'moved', i);
    const dupBody = JSON.stringify(pushPayload({ compare: 'https://github.com/Acme/API/compare/dup-n0x' }));
    const first = await fetch(`${lowdb.url}/webhooks/github`, { method: 'POST', headers: githubHeaders(GITHUB_SECRET, 'push', dupBody, 'delivery-seen-by-lowdb'), body: dupBody });
    assert.equal(first.status, 202);
    await lowdb.kill('SIGKILL');
    const file = await LowdbStore.open(dataFile);
    const { state } = advanceMonitor(null, ok(), new Date());
    await new LowdbMonitorStore(file.shared).recordChecks([{ origin: 'report', url: SITE, state, sample: { at: new Date().toISOString(), up: true, latencyMs: 5, status: 200 } }], { reportId: 'report-1' });
    await file.close();

    const run1 = await runHookbridge(['migrate', '--from', dataFile], { DATABASE_URL: db.url });
    assert.equal(run1.code, 0, run1.output);
    assert.match(run1.output, /subscriptions\s+2 copied,\s+0 already there/);
    assert.match(run1.output, /hooks\s+1 copied/);
    assert.match(run1.output, /monitors\s+1 copied/);
    assert.match(run1.output, /report ids\s+1 copied/);
    assert.match(run1.output, /events\s+4 copied/);
    assert.match(run1.output, /deliveries\s+8 copied/);
    assert.match(run1.output, /Open deliveries: 8 pending/);
    const run2 = await runHookbridge(['migrate', '--from', dataFile], { DATABASE_URL: db.url });
    assert.equal(run2.code, 0, run2.output);
    for (const what of ['subscriptions', 'hooks', 'monitors', 'dedupe ids', 'events', 'deliveries']) {
      assert.match(run2.output, new RegExp(`${what}\\s+0 copied`), `second run copies no ${what}`);
    }

    discord.setFault({ hangRate: 0 });
    const pgServer = await startChildServer(instanceEnv(db.url, discord.apiUrl, { UPTIME_WEBHOOK_SECRET: 'uptime-secret' }));
    servers.push(pgServer);
    await waitFor(() => ['111', '222'].every((c) => appearances(discord.messages, c, 'moved', 3).every((n) => n >= 1)), 20_000, 'the migrated pushes');
    await new Promise((r) => setTimeout(r, 1000));
    for (const c of ['111', '222']) assert.deepEqual(appearances(discord.messages, c, 'moved', 3), [1, 1, 1], `channel ${c}`);
    const get = (path: string) => fetch(`${pgServer.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.json());
    assert.equal(((await get('/api/subscriptions')) as unknown[]).length, 2);
    assert.deepEqual(((await get('/api/hooks')) as Array<{ name: string }>).map((h) => h.name), ['deploys']);
    assert.match(await (await fetch(`${pgServer.url}/status`)).text(), /shop\.example\.com/);
    const again = await fetch(`${pgServer.url}/webhooks/github`, { method: 'POST', headers: githubHeaders(GITHUB_SECRET, 'push', dupBody, 'delivery-seen-by-lowdb'), body: dupBody });
    assert.equal(again.status, 200, 'a redelivery of what lowdb saw is still a duplicate');
  });
});
