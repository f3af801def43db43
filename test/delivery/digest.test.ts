import assert from 'node:assert/strict';
import { buildDigestPayloads, digestHeadline } from '../../src/delivery/digest.ts';
import { assertDiscordLimits, assertSlackLimits } from '../helpers/platform-limits.ts';
import { makeEvent } from '../helpers/factories.ts';

function pushes(n: number, text = (i: number) => `octocat pushed to main #${i}`) {
  return Array.from({ length: n }, (_, i) =>
    makeEvent({
      summary: text(i),
      url: `https://github.com/acme/api/compare/e${i}x`,
      receivedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, i % 60)).toISOString(),
    }),
  );
}

describe('storm digests', () => {
  it('summarises what happened in the headline', () => {
    const events = [...pushes(12), makeEvent({ type: 'pull_request', target: 'acme/web' })];
    assert.equal(digestHeadline(events), '12 pushes to acme/api, 1 pull request event to acme/web');
  });

  for (const platform of ['discord', 'slack'] as const) {
    it(`lists every event exactly once within ${platform} limits, splitting into several messages`, () => {
      const events = pushes(400, (i) => `[acme/api] someone pushed 3 commits to a-rather-long-branch-name-${i} ${'x'.repeat(60)}`);
      const payloads = buildDigestPayloads(platform, events, new Date(Date.UTC(2026, 10, 25, 12, 1)));
      assert.ok(payloads.length > 1, 'long lists need more than one message');
      const all = payloads.map((p) => JSON.stringify(p.body)).join('\n');
      for (let i = 0; i < 400; i++) {
        const hits = all.split(`compare/e${i}x`).length - 1;
        assert.equal(hits, 1, `event ${i} appears once`);
      }
      for (const p of payloads) (platform === 'discord' ? assertDiscordLimits : assertSlackLimits)(p.body);
      assert.match(all, /400 pushes to acme\/api/);
    });
  }

  it('escapes provider text and cannot ping', () => {
    const events = pushes(3, () => '@everyone <!channel> [x](https://evil.example) <@U123>');
    const [discord] = buildDigestPayloads('discord', events, new Date());
    const [slack] = buildDigestPayloads('slack', events, new Date());
    const d = JSON.stringify(discord!.body);
    assert.doesNotMatch(d, /@everyone/, 'a zero-width space breaks the mention');
    assert.doesNotMatch(d, /\[x\]\(https:\/\/evil/, 'no forged masked link');
    assert.deepEqual((discord!.body as { allowed_mentions: unknown }).allowed_mentions, { parse: [] });
    const s = JSON.stringify(slack!.body);
    assert.doesNotMatch(s, /<!channel>|<@U123>/);
  });
});
