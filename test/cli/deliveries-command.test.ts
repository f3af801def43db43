import assert from 'node:assert/strict';
import { deliveriesCommand } from '../../src/cli/deliveries-command.ts';
import { loadConfig } from '../../src/config/config.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';

describe('hookbridge deliveries', () => {
  let discord: FakeDiscord;
  let server: TestServer;
  const lines: string[] = [];
  const original = { log: console.log, error: console.error };

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, forbiddenChannels: ['555'] });
    server = await startTestServer({ discordApiUrl: discord.apiUrl });
    lines.length = 0;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  });
  afterEach(async () => {
    Object.assign(console, original);
    await server.cleanup();
    await discord.close();
  });

  it('lists dead deliveries and queues one again', async () => {
    const sub = await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '555', source: 'github', target: 'acme/api' });
    assert.equal(sub.status, 201);
    await server.postGithub('push', pushPayload());
    await waitFor(async () => ((await (await server.admin('GET', '/api/deliveries?status=dead')).json()) as unknown[]).length === 1, 5000, 'dead');
    const config = loadConfig({ ADMIN_TOKEN });
    assert.equal(await deliveriesCommand(['list', '--status', 'dead', '--url', server.url], config), 0);
    const row = lines.find((l) => / dead /.test(l));
    assert.ok(row, lines.join('\n'));
    assert.match(row, /discord:555/);
    const id = row.split(' ')[0]!;
    assert.equal(await deliveriesCommand(['retry', id, '--url', server.url], config), 0);
    assert.match(lines.at(-1)!, /queued again/);
    assert.equal(await deliveriesCommand(['retry', '--url', server.url], config), 2, 'usage without an id or --all-dead');
    assert.equal(await deliveriesCommand(['list'], loadConfig({})), 2, 'needs ADMIN_TOKEN');
    assert.equal(await deliveriesCommand(['list', '--bogus'], config), 2, 'an unknown option is a usage error, not a crash');
    assert.match(lines.at(-1)!, /Usage: hookbridge deliveries/);
    assert.equal(await deliveriesCommand(['--help'], config), 0);
  });

  it('shows what delivery did since start: messages, 429s, failures by cause, dead', async () => {
    await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '555', source: 'github', target: 'acme/api' });
    await server.admin('POST', '/api/subscriptions', { platform: 'discord', channel: '111', source: 'github', target: 'acme/api' });
    await server.postGithub('push', pushPayload());
    await waitFor(async () => ((await (await server.admin('GET', '/api/deliveries?status=dead')).json()) as unknown[]).length === 1 && discord.messages.length === 1, 5000, 'one dead, one posted');
    assert.equal(await deliveriesCommand(['stats', '--url', server.url], loadConfig({ ADMIN_TOKEN })), 0);
    const row = lines.find((l) => l.startsWith('discord'));
    assert.ok(row, lines.join('\n'));
    assert.match(row, /1 messages \(0 digests\) carrying 1 deliveries; 429s received: 0; failed attempts: missing_access 1; dead: 1/);
    assert.match(lines.join('\n'), /^Since \d{4}-/m);
  });
});
