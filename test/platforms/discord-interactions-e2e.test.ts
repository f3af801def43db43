import assert from 'node:assert/strict';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { commandInteraction, makeDiscordKeys, postInteraction } from '../helpers/sign-discord.ts';
import { DISCORD_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';

describe('end to end: Discord /subscribe → signed GitHub push → Discord message', () => {
  const keys = makeDiscordKeys();
  let discord: FakeDiscord;
  let server: TestServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({ discordApiUrl: discord.apiUrl, env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex } });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
  });

  const run = async (options: Parameters<typeof commandInteraction>[0]) => {
    const res = await postInteraction(server.url, keys.privateKey, commandInteraction(options));
    assert.equal(res.status, 200);
    return ((await res.json()) as { data: { content: string } }).data.content;
  };

  it('subscribe in channel 111 → the push is posted in 111 only, and /recent there shows it', async () => {
    assert.match(await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'acme/api' }, channelId: '111' }), /^Subscribed/);
    assert.match(await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'other/repo' }, channelId: '222' }), /^Subscribed/);
    assert.equal((await server.postGithub('push', pushPayload({ commits: 1 }))).status, 202);

    await waitFor(() => discord.messages.length >= 1, 5000, 'the Discord message');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(discord.messages.map((m) => m.channel), ['111']);

    await waitFor(async () => (await server.store.listDeliveries({ status: 'delivered', limit: 10 })).length === 1, 5000, 'delivered');
    assert.match(await run({ name: 'recent', options: { count: 5 }, channelId: '111' }), /acme\/api/i);
    assert.match(await run({ name: 'recent', channelId: '222' }), /No events/);
  });
});
