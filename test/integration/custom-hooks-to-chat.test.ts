import assert from 'node:assert/strict';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { createHook, eventCount, postJson, tokenUrl } from '../sources/custom/hook-client.ts';

type Embed = { title?: string; url?: string; description?: string; footer?: { text: string } };
const embedOf = (m: { body: unknown }) => (m.body as { embeds: Embed[] }).embeds[0]!;

describe('generic hooks → Discord and Slack', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: TestServer;
  let temp: { dir: string; cleanup: () => Promise<void> };

  beforeEach(async () => {
    temp = await makeTempDir();
    const templatesDir = join(temp.dir, 'templates');
    await cp('templates', templatesDir, { recursive: true });
    await writeFile(join(templatesDir, 'custom', 'ci.liquid'), 'title: CI build {{ body.build }} {{ body.status }}\ncolor: {{ color }}\n---\nFrom the template file.\n');
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startTestServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl, templatesDir });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
    await temp.cleanup();
  });

  async function subscribe(platform: 'discord' | 'slack', channel: string, target: string) {
    const res = await server.admin('POST', '/api/subscriptions', { platform, workspace: 'w1', channel, source: 'custom', target });
    assert.equal(res.status, 201, await res.clone().text());
  }

  it('posts a JSON body with the default template: title, link and the top-level fields', async () => {
    const hook = await createHook(server, 'shop');
    await subscribe('discord', '111', 'shop');
    await subscribe('slack', 'C1', 'shop');
    const res = await postJson(tokenUrl(server, hook), {
      title: 'Order 1001 paid', url: 'https://shop.example.com/orders/1001', status: 'paid',
      customer: 'Ada **Lovelace** @everyone', total: 42.5, items: ['book', 'pen'], address: { city: 'London' },
    });
    assert.equal(res.status, 202);
    const accepted = (await res.json()) as { status: string; deliveries: number };
    assert.deepEqual([accepted.status, accepted.deliveries], ['accepted', 2]);

    await waitFor(() => discord.messages.length === 1 && slack.messages.length === 1, 5000, 'messages');
    const embed = embedOf(discord.messages[0]!);
    assert.equal(embed.title, '[shop] Order 1001 paid');
    assert.equal(embed.url, 'https://shop.example.com/orders/1001');
    assert.match(embed.description!, /\*\*customer\*\*: Ada \\\*\\\*Lovelace\\\*\\\* @\u200beveryone/, 'escaped, mentions defused');
    assert.match(embed.description!, /\*\*total\*\*: 42\.5/);
    assert.match(embed.description!, /\*\*items\*\*: book, pen/);
    assert.match(embed.description!, /\*\*address\*\*: \{"city":"London"\}/);
    assert.match(embed.footer!.text, /webhook shop/);
    const slackText = JSON.stringify(slack.messages[0]!.body);
    assert.match(slackText, /\*customer\*: Ada/);
  });

  it('accepts a form-encoded body', async () => {
    const hook = await createHook(server, 'sensor');
    await subscribe('discord', '111', 'sensor');
    const res = await fetch(tokenUrl(server, hook), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'subject=Greenhouse+too+warm&temperature=31.5&unit=C',
    });
    assert.equal(res.status, 202);
    await waitFor(() => discord.messages.length === 1, 5000, 'message');
    const embed = embedOf(discord.messages[0]!);
    assert.equal(embed.title, '[sensor] Greenhouse too warm');
    assert.match(embed.description!, /\*\*temperature\*\*: 31\.5/);
  });

  it('renders with the template given to POST /api/hooks, or templates/custom/<name>.liquid', async () => {
    const api = await createHook(server, 'deploys', 'title: Deployed {{ body.version }} to {{ body.env }}\nfield+ By: {{ body.by }}\n---\n{{ body.notes }}');
    const file = await createHook(server, 'ci');
    await subscribe('discord', '111', 'deploys');
    await subscribe('discord', '222', 'ci');
    await postJson(tokenUrl(server, api), { version: 'v1.2.3', env: 'production', by: 'ada', notes: 'All good.' });
    await postJson(tokenUrl(server, file), { build: 77, status: 'passed' });
    await waitFor(() => discord.messages.length === 2, 5000, 'messages');
    const byChannel = (c: string) => embedOf(discord.messages.find((m) => m.channel === c)!);
    assert.equal(byChannel('111').title, 'Deployed v1.2.3 to production');
    assert.match(JSON.stringify(byChannel('111')), /"name":"By","value":"ada"/);
    assert.equal(byChannel('111').description, 'All good.');
    assert.equal(byChannel('222').title, 'CI build 77 passed');
    assert.equal(byChannel('222').description, 'From the template file.');
  });

  it('falls back to the default template when the hook\'s template fails, and shows the error', async () => {
    const hook = await createHook(server, 'broken', 'title: Custom {{ title }}\n---\n{% include "no-such-partial" %}');
    await subscribe('discord', '111', 'broken');
    assert.equal((await postJson(tokenUrl(server, hook), { title: 'Still delivered', detail: 'x' })).status, 202);
    await waitFor(() => discord.messages.length === 1, 5000, 'message');
    const embed = embedOf(discord.messages[0]!);
    assert.equal(embed.title, '[broken] Still delivered', 'the default template');
    assert.match(embed.description!, /\*\*detail\*\*: x/);
    const listed = (await (await server.admin('GET', '/api/hooks/broken')).json()) as { lastError: { message: string; at: string } | null };
    assert.ok(listed.lastError, 'lastError is set');
    assert.match(listed.lastError.message, /no-such-partial/);
    const delivery = (await (await server.admin('GET', '/api/deliveries')).json()) as Array<{ status: string }>;
    assert.equal(delivery[0]!.status, 'delivered');

    const fixed = await server.admin('PUT', '/api/hooks/broken/template', { template: 'title: Fixed {{ title }}' });
    assert.equal(((await fixed.json()) as { lastError: unknown }).lastError, null, 'a new template clears the error');
  });

  it('stores events of hooks nobody subscribed to, without posting', async () => {
    const hook = await createHook(server, 'quiet');
    assert.equal((await postJson(tokenUrl(server, hook), { a: 1 })).status, 202);
    assert.equal(await eventCount(server), 1);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(discord.messages.length, 0);
  });
});
