import assert from 'node:assert/strict';
import type { Store } from '../../src/storage/store.ts';
import { executeCommand } from '../../src/commands/execute.ts';
import { escapeDiscord, escapeSlack, reply } from '../../src/commands/format.ts';
import { makeEvent } from '../fakes/events.ts';
import { deliverTo, discordCtx, run, slackCtx, tempStore } from './helpers.ts';

describe('reply formatting', () => {
  it('escapes Slack control characters and Discord markdown/mentions', () => {
    assert.equal(escapeSlack('a & <b> <!channel>'), 'a &amp; &lt;b&gt; &lt;!channel&gt;');
    assert.equal(escapeDiscord('*x* _y_ <@123> @everyone [a](b)'), '\\*x\\* \\_y\\_ \\<\\@123\\> \\@everyone \\[a\\]\\(b\\)');
  });

  it('renders code, bold and links per platform, with safe URLs only', () => {
    const r = reply(true, 'slack', [['see ', { code: 'a`b' }, ' ', { bold: 'x' }, ' ', { link: 'https://e.com/?a=1&b=2', label: 'open' }, ' ', { link: 'javascript:alert(1)', label: 'bad' }]]);
    assert.equal(r.text, "see a'b x https://e.com/?a=1&b=2 bad");
    assert.equal(r.slack, "see `a'b` *x* <https://e.com/?a=1&amp;b=2|open> bad");
    assert.equal(r.discord, "see `a'b` **x** [open](<https://e.com/?a=1&b=2>) bad");
  });

  it('uses channel mentions only for real channel ids', () => {
    const ok = reply(true, 'slack', [[{ channel: 'C0123', name: 'general' }]]);
    assert.equal(ok.slack, '<#C0123>');
    assert.equal(ok.discord, '\\#general');
    assert.equal(reply(true, 'slack', [[{ channel: 'nope' }]]).slack, 'this channel');
  });

  it('a reply echoing a 10,000-character argument still says what is wrong with it', async () => {
    const { store, cleanup } = await tempStore();
    try {
      for (const ctx of [slackCtx(), discordCtx()]) {
        const r = await run(ctx, `/subscribe uptime ${'x'.repeat(10_000)}`, { store });
        assert.equal(r.ok, false);
        const text = ctx.platform === 'slack' ? r.slack : r.discord;
        assert.ok(text.length <= (ctx.platform === 'slack' ? 3900 : 2000), `${text.length}`);
        assert.match(text, / … /, 'the long argument is shortened in the middle');
        assert.match(text, /not a site URL/, 'and the reason is still there');
      }
    } finally {
      await cleanup();
    }
  });

  describe('user and provider text is escaped in replies', () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await tempStore()));
    afterEach(() => cleanup());

    it('in /recent summaries', async () => {
      await deliverTo(store, discordCtx(), makeEvent({ summary: 'PR <@&123> @everyone *bold* by `x`', url: null }));
      await deliverTo(store, slackCtx(), makeEvent({ summary: 'PR <!here> & <@U1>', url: null }));
      const d = await run(discordCtx(), '/recent', { store });
      assert.match(d.discord, /PR \\<\\@&123\\> \\@everyone \\\*bold\\\* by \\`x\\`/);
      const s = await run(slackCtx(), '/recent', { store });
      assert.match(s.slack, /PR &lt;!here&gt; &amp; &lt;@U1&gt;/);
      assert.doesNotMatch(s.slack, /<!here>/);
    });

    it('in echoed words and labels', async () => {
      const r = await executeCommand(slackCtx(), { kind: 'subscribe', source: 'github', target: 'acme/api', words: ['+label:<!channel> & `x`'] }, { store });
      assert.ok(r.ok, r.text);
      assert.match(r.slack, /`\+label:"&lt;!channel&gt; &amp; 'x'"`/);
      assert.doesNotMatch(r.slack, /<!channel>/);
      const bad = await executeCommand(discordCtx(), { kind: 'subscribe', source: 'github', target: '<@123>', words: [] }, { store });
      assert.doesNotMatch(bad.discord, /(^|[^\\])<@123>/);
    });
  });
});
