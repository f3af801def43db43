import assert from 'node:assert/strict';
import { commandInteraction, discordHeaders, makeDiscordKeys } from '../helpers/sign-discord.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const keys = makeDiscordKeys();
const otherKeys = makeDiscordKeys();
const subscribe = JSON.stringify(commandInteraction({ name: 'subscribe', subcommand: 'github', options: { repo: 'acme/api' } }));
const nowSec = () => Math.floor(Date.now() / 1000);

describe('POST /discord/interactions request verification', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { DISCORD_PUBLIC_KEY: keys.publicKeyHex } });
  });
  after(() => server.cleanup());

  const post = (headers: Record<string, string>, body: string = subscribe) =>
    fetch(`${server.url}/discord/interactions`, { method: 'POST', headers, body });

  it('answers PING with PONG', async () => {
    const body = JSON.stringify({ id: '1', application_id: '2', type: 1, token: 't', version: 1 });
    const res = await post(discordHeaders(keys.privateKey, body), body);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { type: 1 });
  });

  const sig = () => discordHeaders(keys.privateKey, subscribe);
  const cases: Array<[string, () => Record<string, string>, string?]> = [
    ['a signature by another key', () => discordHeaders(otherKeys.privateKey, subscribe)],
    ['a forged signature of the right length', () => ({ ...sig(), 'x-signature-ed25519': 'ab'.repeat(64) })],
    ['a stale timestamp (6 minutes old)', () => discordHeaders(keys.privateKey, subscribe, nowSec() - 360)],
    ['a timestamp in the future', () => discordHeaders(keys.privateKey, subscribe, nowSec() + 360)],
    ['a tampered body', sig, subscribe.replace('acme/api', 'evil/api')],
    ['a signature over another timestamp', () => {
      const signedAt = nowSec() - 10;
      return { ...discordHeaders(keys.privateKey, subscribe, signedAt), 'x-signature-timestamp': String(signedAt - 1) };
    }],
    ['no signature headers', () => ({ 'content-type': 'application/json' })],
    ['no timestamp header', () => {
      const { 'x-signature-timestamp': _ts, ...rest } = sig();
      return rest;
    }],
    ['garbled hex', () => ({ ...sig(), 'x-signature-ed25519': 'zz'.repeat(64) })],
    ['a short signature', () => ({ ...sig(), 'x-signature-ed25519': sig()['x-signature-ed25519']!.slice(0, 126) })],
    ['an odd-length signature', () => ({ ...sig(), 'x-signature-ed25519': `${sig()['x-signature-ed25519']}a` })],
    ['a non-numeric timestamp', () => ({ ...sig(), 'x-signature-timestamp': 'now' })],
  ];
  for (const [what, headers, body] of cases) {
    it(`answers 401 (never 500) and changes nothing for ${what}`, async () => {
      const res = await post(headers(), body);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_signature');
      assert.equal((await server.store.listSubscriptions()).length, 0);
    });
  }

  it('rejects an unsigned PING (Discord checks endpoints this way)', async () => {
    const res = await post({ 'content-type': 'application/json' }, JSON.stringify({ type: 1 }));
    assert.equal(res.status, 401);
  });

  it('answers 400 for signed interaction types it does not handle', async () => {
    for (const type of [3, 4, 5, 99, 'x']) {
      const body = JSON.stringify({ type, id: '1', data: {} });
      const res = await post(discordHeaders(keys.privateKey, body), body);
      assert.equal(res.status, 400, `type ${String(type)}`);
    }
  });

  it('answers 400 for a signed body that is not JSON, or a command without data', async () => {
    for (const body of ['{oops', JSON.stringify({ type: 2, channel_id: '1' })]) {
      const res = await post(discordHeaders(keys.privateKey, body), body);
      assert.equal(res.status, 400, body);
    }
  });

  it('answers 400 and stores nothing for channel or guild ids that are not snowflakes', async () => {
    const base = commandInteraction({ name: 'subscribe', subcommand: 'github', options: { repo: 'acme/api' } }) as Record<string, unknown>;
    for (const ids of [{ channel_id: 'abc/../x' }, { channel_id: '1'.repeat(10_000) }, { guild_id: 'g1' }, { channel_id: 42 }]) {
      const body = JSON.stringify({ ...base, ...ids });
      const res = await post(discordHeaders(keys.privateKey, body), body);
      assert.equal(res.status, 400, JSON.stringify(ids).slice(0, 60));
    }
    assert.deepEqual(await server.store.listSubscriptions(), []);
  });
});

describe('POST /discord/interactions without DISCORD_PUBLIC_KEY', () => {
  it('answers 404 naming the variable', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/discord/interactions`, { method: 'POST', headers: discordHeaders(keys.privateKey, subscribe), body: subscribe });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { message: string }).message, /DISCORD_PUBLIC_KEY/);
    } finally {
      await server.cleanup();
    }
  });
});
