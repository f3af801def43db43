import assert from 'node:assert/strict';
import type { DiscordMessagePayload, SlackMessagePayload } from '../../../src/rendering/message.ts';
import { createRenderer } from '../../../src/rendering/create-renderer.ts';
import { normalizeUptimeTransition } from '../../../src/sources/uptime/normalize-uptime.ts';
import { eventMatchesSubscription } from '../../../src/subscriptions/match.ts';
import type { Subscription } from '../../../src/subscriptions/subscription.ts';
import type { MonitorTransition } from '../../../src/uptime/monitor-state.ts';

const URL = 'https://shop.example.com';
const NOW = new Date('2026-03-04T12:11:12.000Z');
const renderer = createRenderer({ templatesDir: 'templates' });

function event(transition: MonitorTransition, url = URL) {
  return normalizeUptimeTransition({ url, origin: 'monitor', transition, deliveryId: 'd-1', now: NOW });
}

async function discordTitle(transition: MonitorTransition, url = URL): Promise<DiscordMessagePayload['embeds'][number]> {
  const payload = await renderer.render(event(transition, url), 'discord');
  assert.ok(payload && payload.platform === 'discord');
  return (payload.body as DiscordMessagePayload).embeds[0]!;
}

const down: MonitorTransition = { kind: 'down', reason: 'HTTP 503', statusCode: 503, failures: 3, since: '2026-03-04T12:04:00.000Z', reminder: false, afterFlapping: false };
const up: MonitorTransition = { kind: 'up', downSince: '2026-03-04T12:04:00.000Z', downtimeMs: 432_000, latencyMs: 184, afterFlapping: false };

describe('uptime events and templates', () => {
  it('normalizes a transition: source uptime, target = site URL, feature, fresh delivery id', () => {
    const e = event(down);
    assert.equal(e.source, 'uptime');
    assert.equal(e.target, URL);
    assert.equal(e.type, 'down');
    assert.equal(e.feature, 'down');
    assert.equal(e.id, 'uptime:d-1');
    assert.equal(e.url, URL);
    assert.equal(e.summary, '🔴 shop.example.com is DOWN — HTTP 503 (3 checks, since 12:04 UTC)');
    assert.equal(event(up).summary, '🟢 shop.example.com is UP after 7 m 12 s — 184 ms');
    assert.equal(event({ kind: 'flapping', changes: 5, windowMs: 1_800_000, status: 'down' }).feature, 'down');
  });

  it('renders the DOWN and UP messages of the issue on Discord and Slack', async () => {
    const d = await discordTitle(down);
    assert.equal(d.title, '🔴 shop.example.com is DOWN — HTTP 503 (3 checks, since 12:04 UTC)');
    assert.equal(d.url, `${URL}/`);
    assert.equal(d.color, 0xcf222e);
    assert.equal((await discordTitle(up)).title, '🟢 shop.example.com is UP after 7 m 12 s — 184 ms');
    const slack = await renderer.render(event(up), 'slack');
    assert.ok(slack && slack.platform === 'slack');
    assert.match((slack.body as SlackMessagePayload).text, /🟢 shop\.example\.com is UP after 7 m 12 s — 184 ms/);
  });

  it('renders re-alerts, TLS, slow and flapping messages', async () => {
    assert.equal((await discordTitle({ ...down, failures: 1, reminder: true })).title, '🔴 shop.example.com is still DOWN — HTTP 503 (1 check, since 12:04 UTC)');
    assert.equal((await discordTitle({ kind: 'tls', daysLeft: 7, threshold: 7 })).title, '🟡 shop.example.com: TLS certificate expires in 7 days');
    assert.equal((await discordTitle({ kind: 'tls', daysLeft: -1, threshold: 1 })).title, '🟡 shop.example.com: TLS certificate expired 1 day ago');
    assert.equal((await discordTitle({ kind: 'slow', latencyMs: 5200, thresholdMs: 2000 })).title, '🐢 shop.example.com is slow — 5.2 s (threshold 2.0 s)');
    const flap = await discordTitle({ kind: 'flapping', changes: 5, windowMs: 1_800_000, status: 'down' });
    assert.equal(flap.title, '🟠 shop.example.com is flapping — 5 up/down changes within 30 m');
    assert.match(flap.description ?? '', /paused until it has been stable for 30 m/);
    assert.equal((await discordTitle({ ...up, downSince: null, downtimeMs: null, afterFlapping: true })).title, '🟢 shop.example.com is UP again — 184 ms');
  });

  it('escapes hostile text from a site (reason, path) in the markdown parts', async () => {
    const hostile = await discordTitle({ ...down, reason: 'keyword "@everyone [x](http://evil)" not found' }, 'https://shop.example.com/**bold**');
    assert.ok(!hostile.title!.includes('[x](http://evil)'), hostile.title);
    assert.ok(!hostile.title!.includes('@everyone'), 'mentions are defused');
    const payload = await renderer.render(event({ ...down, reason: '<!channel> <@U1>' }), 'slack');
    assert.doesNotMatch(JSON.stringify(payload), /<!channel>/);
  });

  it('matches subscriptions to the site or to *, by feature', () => {
    const sub = (target: string, features: string[]): Subscription => ({
      id: 's', platform: 'discord', workspace: 'g', channel: 'c', source: 'uptime', target, features,
      filters: { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null }, createdAt: '', createdBy: null,
    });
    assert.equal(eventMatchesSubscription(event(down), sub(URL, ['down', 'up', 'tls'])), true);
    assert.equal(eventMatchesSubscription(event(down), sub('*', ['down'])), true);
    assert.equal(eventMatchesSubscription(event(down), sub('https://other.example.com', ['down'])), false);
    assert.equal(eventMatchesSubscription(event({ kind: 'slow', latencyMs: 9000, thresholdMs: 5000 }), sub(URL, ['down', 'up', 'tls'])), false);
  });
});
