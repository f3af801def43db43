import assert from 'node:assert/strict';
import { addSubscriptionFor } from '../helpers/temp-store.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { postSlashCommand, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { DISCORD_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startSiteServer, type SiteServer } from '../uptime/helpers/site-server.ts';
import { listMonitors, sleep } from '../uptime/helpers/uptime-server.ts';

type Embed = { title?: string; url?: string };
const titles = (discord: FakeDiscord) => discord.messages.map((m) => (m.body as { embeds: Embed[] }).embeds[0]!.title ?? '');

describe('uptime monitors in the server (scheduler end to end)', () => {
  let discord: FakeDiscord;
  let site: SiteServer;
  let server: TestServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    site = await startSiteServer();
  });
  afterEach(async () => {
    await server?.cleanup();
    await discord.close();
    await site.close();
  });

  const start = (env: Record<string, string> = {}) =>
    startTestServer({
      discordApiUrl: discord.apiUrl,
      env: { UPTIME_ALLOW_PRIVATE: '1', UPTIME_CHECK_INTERVAL: '0.2', UPTIME_FAILURES_BEFORE_DOWN: '3', SLACK_SIGNING_SECRET, ...env },
    });

  it('a subscribed site going down posts exactly one DOWN after 3 failures, then one UP with the downtime', async function () {
    this.timeout(30_000);
    server = await start();
    const url = `${site.url}/health`;
    const res = await server.admin('POST', '/api/subscriptions', { platform: 'discord', workspace: 'g1', channel: '111', source: 'uptime', target: url });
    assert.equal(res.status, 201, await res.clone().text());

    // The first state is established silently.
    await waitFor(async () => (await listMonitors(server)).some((m) => m.url === url && m.status === 'up'), 5000, 'the monitor to be up');
    await sleep(500);
    assert.equal(discord.messages.length, 0, 'no alert at start-up');

    site.mode = { kind: 'status', status: 503 };
    const failedAt = site.requests.length;
    await waitFor(() => discord.messages.length >= 1, 5000, 'the DOWN message');
    assert.ok(site.requests.length - failedAt >= 3, 'DOWN only after three failed checks');
    await sleep(1000);
    assert.equal(discord.messages.length, 1, 'no repeat while it stays down');
    const [downTitle] = titles(discord);
    assert.match(downTitle!, /^🔴 127\.0\.0\.1:\d+\/health is DOWN — HTTP 503 \(3 checks, since \d\d:\d\d UTC\)$/);
    assert.equal(discord.messages[0]!.channel, '111');

    site.mode = { kind: 'ok' };
    await waitFor(() => discord.messages.length >= 2, 5000, 'the UP message');
    await sleep(600);
    assert.equal(discord.messages.length, 2);
    assert.match(titles(discord)[1]!, /^🟢 127\.0\.0\.1:\d+\/health is UP after \d+ s — \d+ ms$/);

    const events = (await (await server.admin('GET', '/api/events?source=uptime')).json()) as Array<{ type: string; deliveryId: string }>;
    assert.deepEqual(events.map((e) => e.type), ['up', 'down']);
    assert.notEqual(events[0]!.deliveryId, events[1]!.deliveryId);
    const page = await (await fetch(`${server.url}/status`)).text();
    assert.match(page, /data-state="up"/);
  });

  it('checks the URL as given: path and query keep their case (a lower-cased /Health would be a 404)', async function () {
    this.timeout(20_000);
    site.mode = { kind: 'status', status: 404 };
    site.routes.set('/Status/Ping?key=AbC', { kind: 'ok' });
    server = await start();
    const url = `${site.url}/Status/Ping?key=AbC#frag`;
    const res = await server.admin('POST', '/api/subscriptions', { platform: 'discord', workspace: 'g1', channel: '111', source: 'uptime', target: url });
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(((await res.json()) as { target: string }).target, `${site.url}/Status/Ping?key=AbC`);
    await waitFor(async () => (await listMonitors(server)).some((m) => m.url === `${site.url}/Status/Ping?key=AbC` && m.status === 'up'), 5000, 'the monitor to be up');
    assert.ok(site.requests.every((r) => r.path === '/Status/Ping?key=AbC'), `requested ${site.requests.map((r) => r.path).join(', ')}`);
    site.routes.clear(); // now every path answers 404: the site is down, and the subscribed channel hears it
    await waitFor(() => discord.messages.length >= 1, 5000, 'the DOWN message');
    assert.match(titles(discord)[0]!, /\/Status\/Ping\?key=AbC is DOWN — HTTP 404/);
  });

  it('stops checking a site when its last subscription goes, and keeps admin-API monitors (pinned)', async function () {
    this.timeout(20_000);
    server = await start();
    const url = `${site.url}/a`;
    const created = (await (await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '111', source: 'uptime', target: url })).json()) as { id: string };
    const pinned = await server.admin('POST', '/api/monitors', { url: `${site.url}/pinned`, keyword: 'Welcome', timeoutMs: 1000 });
    assert.equal(pinned.status, 201, await pinned.clone().text());
    await waitFor(async () => (await listMonitors(server)).filter((m) => m.status === 'up').length === 2, 5000, 'two monitors up');
    assert.equal((await server.admin('DELETE', `/api/subscriptions/${created.id}`)).status, 204);
    await waitFor(async () => (await listMonitors(server)).length === 1, 5000, 'the unsubscribed monitor to go');
    await sleep(300);
    const before = site.requests.filter((r) => r.path === '/a').length;
    await sleep(600);
    assert.equal(site.requests.filter((r) => r.path === '/a').length, before, 'no more checks of /a');
    assert.ok(site.requests.some((r) => r.path === '/pinned'));
    assert.equal((await server.admin('DELETE', `/api/monitors?url=${encodeURIComponent(`${site.url}/pinned`)}`)).status, 204);
    assert.deepEqual(await listMonitors(server), [], 'gone at once, not at the next round');
  });

  it('DELETE /api/monitors of a site that is DOWN keeps checking it until the UP a * channel is owed, then drops it', async function () {
    this.timeout(20_000);
    server = await start();
    assert.equal((await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '111', source: 'uptime', target: '*' })).status, 201);
    site.routes.set('/pinned', { kind: 'status', status: 503 });
    const url = `${site.url}/pinned`;
    assert.equal((await server.admin('POST', '/api/monitors', { url, keyword: 'Welcome' })).status, 201);
    await waitFor(async () => (await listMonitors(server)).some((m) => m.url === url && m.status !== 'unknown'), 5000, 'the first check');
    // It was down from the start (recorded silently); make the channel hear a DOWN: up, then down.
    site.routes.delete('/pinned');
    await waitFor(async () => (await listMonitors(server)).some((m) => m.url === url && m.status === 'up'), 5000, 'up');
    site.routes.set('/pinned', { kind: 'status', status: 503 });
    await waitFor(() => titles(discord).some((t) => /pinned is DOWN/.test(t)), 5000, 'the DOWN message');
    assert.equal((await server.admin('DELETE', `/api/monitors?url=${encodeURIComponent(url)}`)).status, 204);
    assert.deepEqual((await listMonitors(server)).map((m) => m.url), [url], 'still checked: the * channel was told DOWN');
    const kept = (await (await server.admin('GET', '/api/monitors')).json()) as Array<{ settings: { keyword?: string; pinned?: boolean } | null }>;
    assert.deepEqual([kept[0]!.settings?.keyword, kept[0]!.settings?.pinned], ['Welcome', false], 'with its own check options until the UP');
    site.routes.delete('/pinned');
    await waitFor(() => titles(discord).some((t) => /pinned is UP/.test(t)), 5000, 'the UP message');
    await waitFor(async () => (await listMonitors(server)).length === 0, 5000, 'then it goes');
  });

  it('DELETE /api/monitors of a site a channel still subscribes to only drops its options; expectedStatus takes one code or a list', async function () {
    this.timeout(20_000);
    server = await start({ UPTIME_CHECK_INTERVAL: '60' });
    const url = `${site.url}/both`;
    assert.equal((await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '111', source: 'uptime', target: url })).status, 201);
    const one = await server.admin('POST', '/api/monitors', { url, expectedStatus: 200 });
    assert.equal(one.status, 201, await one.clone().text());
    assert.deepEqual(((await one.json()) as { settings: { expectedStatus: number[] } }).settings.expectedStatus, [200]);
    const list = await server.admin('POST', '/api/monitors', { url, expectedStatus: [200, 204] });
    assert.equal(list.status, 200);
    assert.equal((await server.admin('POST', '/api/monitors', { url, expectedStatus: [] })).status, 400);
    assert.equal((await server.admin('DELETE', `/api/monitors?url=${encodeURIComponent(url)}`)).status, 204);
    const monitors = (await (await server.admin('GET', '/api/monitors')).json()) as Array<{ url: string; settings: unknown }>;
    assert.deepEqual(monitors.map((m) => [m.url, m.settings]), [[url, null]], 'still monitored for the subscription, with default options');
  });

  it('without UPTIME_ALLOW_PRIVATE, /subscribe uptime http://127.0.0.1 and the admin API are refused', async () => {
    server = await start({ UPTIME_ALLOW_PRIVATE: '0' });
    const res = await postSlashCommand(server.url, { command: '/subscribe', text: 'uptime http://127.0.0.1', channel_id: 'C1' });
    assert.equal(res.status, 200);
    const reply = ((await res.json()) as { text: string }).text;
    assert.match(reply, /^Cannot monitor `http:\/\/127\.0\.0\.1`: 127\.0\.0\.1 is a loopback address/);
    assert.match(reply, /UPTIME_ALLOW_PRIVATE=1/);
    assert.deepEqual(await server.store.listSubscriptions({ source: 'uptime' }), []);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:127.0.0.1]/', 'http://10.0.0.1']) {
      const api = await server.admin('POST', '/api/monitors', { url });
      assert.equal(api.status, 400, url);
      assert.equal(((await api.json()) as { error: string }).error, 'refused_address');
    }
    const ok = await postSlashCommand(server.url, { command: '/subscribe', text: 'uptime *', channel_id: 'C1' });
    assert.match(((await ok.json()) as { text: string }).text, /^Subscribed/);
    const allowed = await start({ UPTIME_ALLOW_PRIVATE: '1' }).then(async (other) => {
      try {
        const res = await postSlashCommand(other.url, { command: '/subscribe', text: `uptime ${site.url}/health`, channel_id: 'C1' });
        return ((await res.json()) as { text: string }).text;
      } finally {
        await other.cleanup();
      }
    });
    assert.match(allowed, /^Subscribed .* to \*uptime http:\/\/127\.0\.0\.1:\d+\/health\*: down, up, tls\nhookbridge checks it every 0\.2 s; its current state is recorded quietly, then changes are posted here\.$/);
  });

  it('even a subscription made behind the guard\'s back is refused at connect time', async () => {
    server = await start({ UPTIME_ALLOW_PRIVATE: '0' });
    // The admin API refuses it too now (400 refused_address); written straight into the store instead.
    const refused = await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '111', source: 'uptime', target: `${site.url}/x` });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: string }).error, 'refused_address');
    await addSubscriptionFor(server.store, { platform: 'discord', workspace: '', channel: '111' }, 'uptime', `${site.url}/x`);
    await waitFor(async () => (await listMonitors(server)).some((m) => m.lastError?.startsWith('refused: 127.0.0.1 is a loopback address')), 5000, 'a refused check');
    assert.equal(site.requests.length, 0, 'the private address was never contacted');
  });
});
