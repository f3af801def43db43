import assert from 'node:assert/strict';
import { buildDigestMessage, digestHeadline } from '../../src/delivery/digest.ts';
import { assertDiscordLimits, assertSlackLimits } from '../helpers/platform-limits.ts';
import { makeEvent } from '../helpers/factories.ts';

function pushes(n: number, text = (i: number) => `octocat pushed to main #${i}`) {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      summary: text(i),
      url: `https://github.com/acme/api/compare/e${i}x`,
      receivedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + i * 100).toISOString(),
    }),
  );
}

describe('storm digests', () => {
  it('summarises what happened in the headline', () => {
    const events = [...pushes(12), makeEvent({ type: 'pull_request', target: 'acme/web' })];
    assert.equal(digestHeadline(events), '12 pushes to acme/api, 1 pull request event in acme/web');
  });

  it('names each source in its own words, and counts what the headline leaves out', () => {
    const n = (count: number, overrides: Parameters<typeof makeEvent>[0]) => Array.from({ length: count }, () => makeEvent(overrides));
    assert.equal(
      digestHeadline([
        ...n(5, { source: 'stripe', type: 'payment_intent.succeeded', target: 'acct_1' }),
        ...n(4, { source: 'uptime', type: 'down', target: 'https://api.example.com/health' }),
        ...n(3, { source: 'custom', type: 'deploy-bot', target: 'deploy-bot' }),
        ...n(2, { source: 'paypal', type: 'payment.capture.completed', target: '*' }),
        ...n(1, { source: 'uptime', type: 'up', target: 'https://api.example.com/health' }),
      ]),
      '5 payment intent succeeded events on acct_1, 4 DOWN alerts for api.example.com/health, 3 events from hook deploy-bot and 3 other events',
    );
    assert.equal(digestHeadline(n(1, { source: 'uptime', type: 'up', target: 'https://x.example' })), '1 recovery for x.example');
    const outage = Array.from({ length: 292 }, (_, i) => makeEvent({ source: 'uptime', type: 'down', target: `https://x.example/bulk${i}` }));
    assert.equal(digestHeadline([...outage, ...pushes(2)]), '292 DOWN alerts for 292 sites, 2 pushes to acme/api');
    const repos = ['acme/api', 'acme/web', 'acme/api'].map((target) => makeEvent({ target }));
    assert.equal(digestHeadline(repos), '3 pushes to 2 repositories');
  });

  for (const platform of ['discord', 'slack'] as const) {
    it(`${platform}: a line whose link is very long keeps its text and drops the link; times are said to be UTC`, () => {
      const events = pushes(3);
      events[1]!.url = `https://grafana.example.com/d/${'a'.repeat(1500)}`;
      const message = buildDigestMessage(platform, events, new Date(Date.UTC(2026, 10, 25, 12, 1)), { countRest: false });
      (platform === 'discord' ? assertDiscordLimits : assertSlackLimits)(message.payload.body);
      const text = JSON.stringify(message.payload.body);
      assert.equal(message.listed, 3);
      assert.ok(text.includes('octocat pushed to main #1') && !text.includes('a'.repeat(600)));
      assert.match(text, /times in UTC/);
    });
  }

  for (const platform of ['discord', 'slack'] as const) {
    const check = platform === 'discord' ? assertDiscordLimits : assertSlackLimits;
    const long = (i: number) => `[acme/api] someone pushed 3 commits to a-rather-long-branch-name-${i} ${'x'.repeat(60)}`;
    const count = (text: string, i: number) => text.split(`compare/e${i}x`).length - 1;

    it(`${platform}: lists as many events as fit one message, oldest first, within limits`, () => {
      const events = pushes(400, long);
      const message = buildDigestMessage(platform, events, new Date(Date.UTC(2026, 10, 25, 12, 1)), { countRest: false });
      check(message.payload.body);
      assert.ok(message.listed > 10 && message.listed < 400, `listed ${message.listed}`);
      assert.equal(message.covered, message.listed, 'the rest waits for the next digest');
      const text = JSON.stringify(message.payload.body);
      for (let i = 0; i < 400; i++) assert.equal(count(text, i), i < message.listed ? 1 : 0, `event ${i}`);
      assert.match(text, new RegExp(`${message.listed} pushes to acme/api`));
    });

    it(`${platform}: counts the overflow of a flood so every event is accounted for`, () => {
      const events = pushes(400, long);
      const message = buildDigestMessage(platform, events, new Date(Date.UTC(2026, 10, 25, 12, 1)), { countRest: true });
      check(message.payload.body);
      assert.equal(message.covered, 400);
      const text = JSON.stringify(message.payload.body);
      assert.match(text, new RegExp(`and ${400 - message.listed} more: ${400 - message.listed} pushes to acme/api`));
      assert.match(text, /400 pushes to acme\/api in the last/);
    });
  }

  it('escapes provider text and cannot ping', () => {
    const events = pushes(3, () => '@everyone <!channel> [x](https://evil.example) <@U123>');
    const discord = buildDigestMessage('discord', events, new Date(), { countRest: false }).payload;
    const slack = buildDigestMessage('slack', events, new Date(), { countRest: false }).payload;
    const d = JSON.stringify(discord.body);
    assert.doesNotMatch(d, /@everyone/, 'a zero-width space breaks the mention');
    assert.doesNotMatch(d, /\[x\]\(https:\/\/evil/, 'no forged masked link');
    assert.deepEqual((discord.body as { allowed_mentions: unknown }).allowed_mentions, { parse: [] });
    const s = JSON.stringify(slack.body);
    assert.doesNotMatch(s, /<!channel>|<@U123>/);
  });
});
