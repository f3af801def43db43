import assert from 'node:assert/strict';
import { cli } from '../helpers/capture-cli.ts';
import { registerDiscordCommands } from '../../src/platforms/discord/register-commands.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';

type Option = { name: string; type: number; required?: boolean; options?: Option[]; choices?: Array<{ value: string }>; min_value?: number; max_value?: number };
type Command = { name: string; options?: Option[]; default_member_permissions?: string | null };

const APP_ID = '123456789012345678';
const SUBCOMMAND = 1;
const STRING = 3;
const INTEGER = 4;

describe('hookbridge register-commands', () => {
  let discord: FakeDiscord;
  beforeEach(async () => {
    discord = await startFakeDiscord();
  });
  afterEach(() => discord.close());

  const env = () => ({ DISCORD_BOT_TOKEN: discord.token, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: discord.apiUrl });

  it('puts subscribe, unsubscribe, subscriptions and recent with their subcommands and options', async () => {
    const run = await cli(['register-commands'], env());
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Registered 4 Discord commands globally/);
    assert.equal(discord.commands.length, 1);
    const put = discord.commands[0]!;
    assert.equal(put.applicationId, APP_ID);
    assert.equal(put.guildId, null);
    const commands = put.commands as unknown as Command[];
    assert.deepEqual(commands.map((c) => c.name), ['subscribe', 'unsubscribe', 'subscriptions', 'recent']);

    for (const verb of ['subscribe', 'unsubscribe']) {
      const command = commands.find((c) => c.name === verb)!;
      assert.equal(command.default_member_permissions, String(1 << 4), 'Manage Channels by default');
      const subs = command.options!;
      assert.ok(subs.every((s) => s.type === SUBCOMMAND));
      const shape = Object.fromEntries(subs.map((s) => [s.name, (s.options ?? []).map((o) => `${o.name}${o.required ? '!' : '?'}`)]));
      assert.deepEqual(shape, {
        github: ['repo!', 'features?'],
        stripe: ['features?'],
        paypal: ['features?'],
        uptime: ['url!', 'features?'],
        custom: ['name!'],
      });
      assert.ok(subs.flatMap((s) => s.options ?? []).every((o) => o.type === STRING));
    }
    const listSource = commands.find((c) => c.name === 'subscriptions')!.options!;
    assert.deepEqual(listSource.map((o) => [o.name, o.type, o.required ?? false]), [['source', STRING, false]]);
    assert.deepEqual(listSource[0]!.choices!.map((c) => c.value), ['github', 'stripe', 'paypal', 'uptime', 'custom']);
    const recent = commands.find((c) => c.name === 'recent')!.options!;
    const count = recent.find((o) => o.name === 'count')!;
    assert.deepEqual([count.type, count.required ?? false, count.min_value, count.max_value], [INTEGER, false, 1, 25]);
    const source = recent.find((o) => o.name === 'source')!;
    assert.deepEqual(source.choices!.map((c) => c.value), ['github', 'stripe', 'paypal', 'uptime', 'custom']);
  });

  it('--guild registers in one server', async () => {
    const run = await cli(['register-commands', '--guild', '987654321098765432'], env());
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /in server 987654321098765432/);
    assert.equal(discord.commands[0]!.guildId, '987654321098765432');
  });

  it('is idempotent: registering twice overwrites, it does not add', async () => {
    const options = { token: discord.token, applicationId: APP_ID, apiUrl: discord.apiUrl };
    assert.equal(await registerDiscordCommands(options), 4);
    assert.equal(await registerDiscordCommands(options), 4);
    assert.equal(discord.commands.at(-1)!.commands.length, 4);
  });

  it('exits 2 naming DISCORD_BOT_TOKEN / DISCORD_APPLICATION_ID when they are missing', async () => {
    // DISCORD_API_URL points at the fake so that a developer's .env can never reach the real Discord.
    const none = await cli(['register-commands'], { DISCORD_BOT_TOKEN: undefined, DISCORD_APPLICATION_ID: undefined, DISCORD_API_URL: discord.apiUrl });
    assert.equal(none.code, 2);
    assert.match(none.err, /DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID are not set/);
    const noApp = await cli(['register-commands'], { DISCORD_BOT_TOKEN: 'x', DISCORD_APPLICATION_ID: undefined, DISCORD_API_URL: discord.apiUrl });
    assert.equal(noApp.code, 2);
    assert.match(noApp.err, /^DISCORD_APPLICATION_ID is not set/);
    assert.equal(discord.commands.length, 0);
  });

  it('rejects a bad --guild and unknown options with exit code 2', async () => {
    assert.equal((await cli(['register-commands', '--guild', 'abc'], env())).code, 2);
    assert.equal((await cli(['register-commands', '--force'], env())).code, 2);
    assert.equal(discord.commands.length, 0);
  });

  it('reports a refused token with exit code 1 and a reason', async () => {
    const run = await cli(['register-commands'], { ...env(), DISCORD_BOT_TOKEN: 'wrong-token' });
    assert.equal(run.code, 1);
    assert.match(run.err, /Could not register the Discord commands/);
  });
});
