import assert from 'node:assert/strict';
import { canManageChannels, ephemeralReply, flattenOptions } from '../../src/platforms/discord/discord-interactions-commands.ts';
import { commandInteraction, makeDiscordKeys, postInteraction, type CommandInteractionOptions } from '../helpers/sign-discord.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type DiscordReply = { type: number; data: { content: string; flags: number; allowed_mentions: unknown } };

const keys = makeDiscordKeys();
const NONE = '0';
const ADMINISTRATOR = String(1 << 3);
const SEND_MESSAGES = String(1 << 11);

describe('Discord slash commands through POST /discord/interactions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex } });
  });
  after(() => server.cleanup());

  async function run(options: CommandInteractionOptions): Promise<string> {
    const res = await postInteraction(server.url, keys.privateKey, commandInteraction(options));
    assert.equal(res.status, 200, await res.clone().text());
    const reply = (await res.json()) as DiscordReply;
    assert.equal(reply.type, 4);
    assert.equal(reply.data.flags, 64, 'ephemeral');
    assert.deepEqual(reply.data.allowed_mentions, { parse: [] });
    assert.ok(reply.data.content.length > 0 && reply.data.content.length <= 2000);
    return reply.data.content;
  }

  it('subscribe github stores a subscription for that guild and channel only', async () => {
    const text = await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'Acme/API', features: 'reviews -author:*[bot]' }, channelId: '111' });
    assert.match(text, /^Subscribed .*general.* to \*\*acme\/api\*\*/);
    assert.match(text, /reviews/);
    const subs = await server.store.listSubscriptions();
    assert.equal(subs.length, 1);
    const sub = subs[0]!;
    assert.deepEqual([sub.platform, sub.workspace, sub.channel, sub.source, sub.target], ['discord', '1001', '111', 'github', 'acme/api']);
    assert.ok(sub.features.includes('reviews'));
    assert.deepEqual(sub.filters.excludeAuthors, ['*[bot]']);
  });

  it('subscriptions lists this channel only', async () => {
    assert.match(await run({ name: 'subscriptions', channelId: '111' }), /acme\/api/);
    assert.doesNotMatch(await run({ name: 'subscriptions', channelId: '222' }), /acme\/api/);
    assert.doesNotMatch(await run({ name: 'subscriptions', channelId: '111', guildId: '1002' }), /acme\/api/);
  });

  it('the other subcommands map their options: stripe, paypal, uptime, custom', async () => {
    assert.match(await run({ name: 'subscribe', subcommand: 'stripe', options: { features: 'payouts' }, channelId: '333' }), /^Subscribed/);
    assert.match(await run({ name: 'subscribe', subcommand: 'paypal', options: { features: 'min:50EUR' }, channelId: '333' }), /^Subscribed/);
    assert.match(await run({ name: 'subscribe', subcommand: 'uptime', options: { url: 'https://example.com' }, channelId: '333' }), /^Subscribed/);
    assert.match(await run({ name: 'subscribe', subcommand: 'custom', options: { name: 'deploy-bot' }, channelId: '333' }), /There is no custom hook named/);
    assert.equal((await server.admin('POST', '/api/hooks', { name: 'deploy-bot' })).status, 201);
    assert.match(await run({ name: 'subscribe', subcommand: 'custom', options: { name: 'deploy-bot' }, channelId: '333' }), /^Subscribed/);
    const subs = await server.store.listSubscriptions({ platform: 'discord', channel: '333' });
    assert.deepEqual(subs.map((s) => s.source).sort(), ['custom', 'paypal', 'stripe', 'uptime']);
    assert.ok(subs.find((s) => s.source === 'stripe')!.features.includes('payouts'));
    assert.deepEqual(subs.find((s) => s.source === 'paypal')!.filters.minAmount, { amount: 5000, currency: 'EUR' }, 'PayPal takes features and min: on Discord too');
  });

  it('bad input answers with help and changes nothing', async () => {
    const before = (await server.store.listSubscriptions()).length;
    assert.match(await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'not a repo' }, channelId: '444' }), /owner\/repo/);
    assert.match(await run({ name: 'subscribe', subcommand: 'uptime', options: { url: 'ftp://x' }, channelId: '444' }), /http/i);
    assert.match(await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'a/b', features: 'reveiws' }, channelId: '444' }), /reviews/);
    assert.equal((await server.store.listSubscriptions()).length, before);
  });

  it('recent answers with count and source', async () => {
    assert.match(await run({ name: 'recent', options: { count: 5, source: 'github' }, channelId: '111' }), /No .*events/i);
    assert.match(await run({ name: 'recent', options: { count: 0 }, channelId: '111' }), /1 to 25/);
  });

  it('refuses changes politely without Manage Channels, and changes nothing', async () => {
    const before = await server.store.listSubscriptions();
    for (const permissions of [NONE, SEND_MESSAGES, 'garbage']) {
      const text = await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'acme/web' }, channelId: '111', permissions });
      assert.match(text, /Changing subscriptions needs the Manage Channels or Administrator permission in this server/);
    }
    assert.match(await run({ name: 'unsubscribe', subcommand: 'github', options: { repo: 'acme/api' }, channelId: '111', permissions: NONE }), /Manage Channels/);
    assert.deepEqual(await server.store.listSubscriptions(), before);
    assert.match(await run({ name: 'subscriptions', channelId: '111', permissions: NONE }), /acme\/api/, 'reading is open to everyone');
    assert.doesNotMatch(await run({ name: 'recent', channelId: '111', permissions: NONE }), /Manage Channels/);
  });

  it('Administrator may change subscriptions', async () => {
    const text = await run({ name: 'unsubscribe', subcommand: 'github', options: { repo: 'acme/api', features: 'reviews' }, channelId: '111', permissions: ADMINISTRATOR });
    assert.doesNotMatch(text, /Manage Channels/);
    const sub = (await server.store.listSubscriptions({ platform: 'discord', channel: '111' }))[0]!;
    assert.ok(!sub.features.includes('reviews'));
  });

  it('refuses commands in direct messages', async () => {
    const text = await run({ name: 'subscribe', subcommand: 'github', options: { repo: 'acme/dm' }, guildId: null });
    assert.match(text, /server channels, not in direct messages/);
    assert.equal((await server.store.listSubscriptions({ source: 'github' })).filter((s) => s.target === 'acme/dm').length, 0);
  });
});

describe('Discord interaction helpers', () => {
  it('reads the permission bitfield as a big integer', () => {
    assert.equal(canManageChannels('16'), true);
    assert.equal(canManageChannels('8'), true);
    assert.equal(canManageChannels('2048'), false);
    assert.equal(canManageChannels(((1n << 50n) | (1n << 4n)).toString()), true, 'beyond 2^32');
    assert.equal(canManageChannels((1n << 50n).toString()), false);
    for (const bad of [undefined, 16, '-16', '1e3', '', 'x']) assert.equal(canManageChannels(bad), false);
  });

  it('truncates content to 2000 characters', () => {
    const reply = ephemeralReply('x'.repeat(5000));
    assert.equal(reply.data.content.length, 2000);
    assert.ok(reply.data.content.endsWith('…'));
  });

  it('flattens subcommand options and ignores malformed ones', () => {
    assert.deepEqual(
      flattenOptions({ options: [{ name: 'github', type: 1, options: [{ name: 'repo', type: 3, value: 'a/b' }, { name: 'x' }, null] }] }),
      { subcommand: 'github', values: { repo: 'a/b' } },
    );
    assert.deepEqual(flattenOptions({ options: [{ name: 'count', type: 4, value: 3 }] }), { subcommand: null, values: { count: 3 } });
    assert.deepEqual(flattenOptions({}), { subcommand: null, values: {} });
  });
});
