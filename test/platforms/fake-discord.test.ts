import assert from 'node:assert/strict';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/fake-discord.ts';

/** The fake's own behaviour, over raw HTTP: the other suites rely on it acting like Discord. */
describe('fake Discord API', () => {
  let fake: FakeDiscord;
  const start = async (options: FakeDiscordOptions = {}) => (fake = await startFakeDiscord(options));
  afterEach(() => fake?.close());

  async function call(method: string, path: string, body?: unknown, token: string | null = fake.token) {
    const res = await fetch(`${fake.apiUrl}/v10${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bot ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as Record<string, unknown> };
  }
  const post = (body: unknown, channel = '111') => call('POST', `/channels/${channel}/messages`, body);
  const fieldErrors = (json: Record<string, unknown>, ...path: string[]) => {
    let node: unknown = json.errors;
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    return ((node as { _errors?: Array<{ code: string }> } | undefined)?._errors ?? []).map((e) => e.code);
  };

  it('stores a valid message and answers with a message object and rate-limit headers', async () => {
    await start();
    const res = await post({ content: 'hi', embeds: [{ title: 't' }] });
    assert.equal(res.status, 200);
    assert.equal(res.json.channel_id, '111');
    assert.equal(res.json.id, fake.messages[0]?.id);
    assert.equal(res.headers.get('x-ratelimit-limit'), '5');
    assert.equal(res.headers.get('x-ratelimit-remaining'), '4');
    assert.ok(Number(res.headers.get('x-ratelimit-reset-after')) > 4.9);
    assert.ok(res.headers.get('x-ratelimit-bucket'));
  });

  it('rejects oversized embeds with 400 50035 Invalid Form Body naming the field', async () => {
    await start({ rateLimit: { limit: 100, windowMs: 1000 } });
    const cases: Array<[unknown, string[], string]> = [
      [{ embeds: [{ title: 'x'.repeat(257) }] }, ['embeds', '0', 'title'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: [{ description: 'x'.repeat(4097) }] }, ['embeds', '0', 'description'], 'BASE_TYPE_MAX_LENGTH'],
      [{ content: 'x'.repeat(2001) }, ['content'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, ['embeds'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, ['embeds', '0', 'fields'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }, ['embeds', '0', 'fields', '0', 'value'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: [{ fields: [{ name: 'n', value: '' }] }] }, ['embeds', '0', 'fields', '0', 'value'], 'BASE_TYPE_REQUIRED'],
      [{ embeds: [{ footer: { text: 'x'.repeat(2049) } }] }, ['embeds', '0', 'footer', 'text'], 'BASE_TYPE_MAX_LENGTH'],
      [{ embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] }, ['embeds'], 'MAX_EMBED_SIZE_EXCEEDED'],
      [{ embeds: [{ title: 't', url: 'javascript:alert(1)' }] }, ['embeds', '0', 'url'], 'URL_TYPE_INVALID_URL'],
      [{ embeds: [{ title: 't', color: 0x1000000 }] }, ['embeds', '0', 'color'], 'NUMBER_TYPE_MAX'],
      [{ content: 'x', nonce: 'n'.repeat(26) }, ['nonce'], 'BASE_TYPE_MAX_LENGTH'],
    ];
    for (const [body, path, code] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(res.json.code, 50035);
      assert.equal(res.json.message, 'Invalid Form Body');
      assert.deepEqual(fieldErrors(res.json, ...path), [code], `${path.join('.')} in ${JSON.stringify(res.json.errors)}`);
    }
    assert.equal(fake.messages.length, 0);
  });

  it('accepts messages exactly at the limits', async () => {
    await start();
    const fields = Array.from({ length: 25 }, () => ({ name: 'n', value: 'v'.repeat(10) }));
    const res = await post({ content: 'x'.repeat(2000), embeds: [{ title: 't'.repeat(256), description: 'd'.repeat(4096), fields }] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
  });

  it('answers an empty message with 50006 and bad JSON with 50109', async () => {
    await start();
    assert.equal((await post({ content: '  ', embeds: [] })).json.code, 50006);
    const res = await fetch(`${fake.apiUrl}/v10/channels/111/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { code: number }).code, 50109);
  });

  it('checks the token, the channel id and access', async () => {
    await start({ channels: ['111', '222'], forbiddenChannels: ['222'] });
    const noToken = await call('POST', '/channels/111/messages', { content: 'x' }, null);
    assert.deepEqual([noToken.status, noToken.json.code], [401, 0]);
    const wrong = await call('POST', '/channels/111/messages', { content: 'x' }, 'nope');
    assert.equal(wrong.status, 401);
    assert.deepEqual([(await post({ content: 'x' }, '333')).status, (await post({ content: 'x' }, '333')).json.code], [404, 10003]);
    const forbidden = await post({ content: 'x' }, '222');
    assert.deepEqual([forbidden.status, forbidden.json.code, forbidden.json.message], [403, 50001, 'Missing Access']);
    assert.equal((await post({ content: 'x' }, 'general')).json.code, 50035);
  });

  it('returns the first message for a repeated nonce with enforce_nonce, within the window only', async () => {
    await start({ nonceWindowMs: 150 });
    const first = await post({ content: 'x', nonce: 'n1', enforce_nonce: true });
    const again = await post({ content: 'x', nonce: 'n1', enforce_nonce: true });
    assert.equal(again.status, 200);
    assert.equal(again.json.id, first.json.id);
    assert.equal(fake.messages.length, 1);
    await post({ content: 'x', nonce: 'n1' });
    assert.equal(fake.messages.length, 2, 'without enforce_nonce the nonce is not enforced');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await post({ content: 'x', nonce: 'n1', enforce_nonce: true });
    assert.equal(fake.messages.length, 3, 'after the window a new message is created');
  });

  it('answers 429 with retry_after and Retry-After once a channel bucket is empty, per channel', async () => {
    await start({ rateLimit: { limit: 2, windowMs: 2000 } });
    await post({ content: 'a' });
    await post({ content: 'b' });
    const limited = await post({ content: 'c' });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.message, 'You are being rate limited.');
    assert.equal(limited.json.global, false);
    const retryAfter = limited.json.retry_after as number;
    assert.ok(retryAfter > 1.5 && retryAfter <= 2, String(retryAfter));
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    assert.equal((await post({ content: 'd' }, '222')).status, 200);
    assert.equal(fake.rateLimited, 1);
    assert.equal(fake.messages.length, 3);
  });

  it('has a global limit with X-RateLimit-Global', async () => {
    await start({ globalRateLimit: { limit: 3, windowMs: 1000 } });
    for (const channel of ['1', '2', '3']) assert.equal((await post({ content: 'x' }, channel)).status, 200);
    const limited = await post({ content: 'x' }, '4');
    assert.equal(limited.status, 429);
    assert.equal(limited.json.global, true);
    assert.equal(limited.headers.get('x-ratelimit-global'), 'true');
    assert.equal(limited.headers.get('x-ratelimit-scope'), 'global');
  });

  it('injects seeded faults reproducibly', async () => {
    const statuses = async (seed: number) => {
      await start({ rateLimit: { limit: 1000, windowMs: 1000 }, faults: { seed, errorRate: 0.3 } });
      const result: number[] = [];
      for (let i = 0; i < 30; i++) result.push((await post({ content: 'x' })).status);
      await fake.close();
      return result;
    };
    const a = await statuses(42);
    const b = await statuses(42);
    assert.deepEqual(a, b);
    const errors = a.filter((s) => s >= 500).length;
    assert.ok(errors >= 3 && errors <= 18, `${errors} errors of 30`);
    assert.ok(a.every((s) => [200, 500, 502, 503].includes(s)));
  });

  it('stores global and guild command registrations', async () => {
    await start();
    const commands = [{ name: 'subscribe', description: 'Subscribe this channel', options: [] }];
    const global = await call('PUT', '/applications/app1/commands', commands);
    assert.equal(global.status, 200);
    assert.equal((global.json as unknown as Array<{ id: string; name: string }>)[0]?.name, 'subscribe');
    await call('PUT', '/applications/app1/guilds/g1/commands', [{ name: 'recent', description: 'Recent events' }]);
    assert.deepEqual(fake.commands.map((c) => [c.applicationId, c.guildId, c.commands.map((x) => x.name)]), [
      ['app1', null, ['subscribe']],
      ['app1', 'g1', ['recent']],
    ]);
    const listed = await call('GET', '/applications/app1/commands');
    assert.equal((listed.json as unknown as unknown[]).length, 1);
    const bad = await call('PUT', '/applications/app1/commands', [{ name: 'Bad Name', description: '' }]);
    assert.equal(bad.json.code, 50035);
    assert.equal((await call('PUT', '/applications/app1/commands', commands, 'nope')).status, 401);
  });

  it('stores edits and interaction follow-ups', async () => {
    await start();
    const created = await post({ content: 'first' });
    const edited = await call('PATCH', `/channels/111/messages/${String(created.json.id)}`, { content: 'second' });
    assert.equal(edited.status, 200);
    assert.equal(edited.json.content, 'second');
    assert.equal(fake.edits[0]?.body.content, 'second');
    assert.equal(fake.messages[0]?.body.content, 'second');
    assert.equal((await call('PATCH', '/channels/111/messages/999', { content: 'x' })).json.code, 10008);
    const followUp = await call('POST', '/webhooks/app1/tok1', { content: 'done', flags: 64 }, null);
    assert.equal(followUp.status, 200);
    await call('PATCH', '/webhooks/app1/tok1/messages/@original', { content: 'edited' }, null);
    assert.deepEqual(fake.followUps.map((f) => [f.interactionToken, f.editOf, f.body.content]), [
      ['tok1', null, 'done'],
      ['tok1', '@original', 'edited'],
    ]);
  });

  it('waitForMessages resolves once enough arrived and fails clearly otherwise', async () => {
    await start();
    const waiting = fake.waitForMessages(2, 1000);
    await post({ content: 'a' });
    await post({ content: 'b' });
    assert.equal((await waiting).length, 2);
    await assert.rejects(fake.waitForMessages(3, 50), /3 Discord messages \(got 2\)/);
  });
});
