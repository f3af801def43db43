/** Provider text is untrusted: nothing in it may ping, link, format or break limits. */
import assert from 'node:assert/strict';
import type { JsonObject, NormalizedEvent } from '../../src/events/normalized-event.ts';
import { assertDiscordLimits, assertSlackLimits } from '../helpers/platform-limits.ts';
import { makeEvent, tempTemplates, type TempTemplates } from './render-helpers.ts';
import {
  discordText, example, normalize, renderDiscord, renderSlack, slackText,
} from '../sources/github/github-fixtures.ts';

const HOSTILE = '@everyone @here <!channel> <!here> <@U123> [click](https://evil.example) **bold** <script>alert(1)</script> & done';
const LONG = `${HOSTILE} ${'A'.repeat(10_000)}`;

function hostilePr(title: string): NormalizedEvent {
  const payload = example('pull_request', (p) => p.action === 'opened');
  Object.assign(payload.pull_request as object, { title, body: `${HOSTILE}\n${HOSTILE}`, labels: [{ name: HOSTILE }] });
  Object.assign((payload.pull_request as { head: object }).head, { ref: '`x` <!here>' });
  return normalize('pull_request', payload);
}

function hostilePush(): NormalizedEvent {
  const payload = example('push', (p) => p.ref === 'refs/heads/master');
  const commit = (payload.commits as object[])[0];
  payload.commits = Array.from({ length: 12 }, () => ({ ...commit, message: HOSTILE }));
  return normalize('push', payload);
}

/** The same PR, but with the 10,000-character title handed to the renderer untouched. */
function rawLongTitle(): NormalizedEvent {
  const event = hostilePr('x');
  const pr = event.data.pull_request as Record<string, unknown>;
  pr.title = LONG;
  pr.body = LONG.repeat(3);
  return { ...event, summary: LONG };
}

const cases: Array<[string, () => NormalizedEvent]> = [
  ['PR with a hostile title and body', () => hostilePr(HOSTILE)],
  ['PR with a 10,000-character title', () => hostilePr(LONG)],
  ['push with hostile commit messages', hostilePush],
  ['renderer given a raw 10,000-character title and body', rawLongTitle],
];

describe('hostile provider text', () => {
  for (const [name, make] of cases) {
    it(`Slack: ${name}: no mention or link survives, & < > escaped, limits hold`, async () => {
      const payload = await renderSlack(make());
      assert.ok(payload);
      assertSlackLimits(payload);
      const all = slackText(payload);
      assert.ok(!all.includes('<!'), 'raw <! in Slack output');
      assert.ok(!all.includes('<@'), 'raw <@ in Slack output');
      assert.ok(!all.includes('<script'), 'raw <script in Slack output');
      assert.ok(!all.includes('<https://evil'), 'link injection');
      assert.ok(!/&(?!amp;|lt;|gt;)/.test(all), 'unescaped &');
      assert.ok(all.includes('&lt;!channel&gt;') || all.includes('<\u200b!channel>'), 'text still shown');
      assert.ok(!/&(a|am|amp|l|lt|g|gt)?…/.test(all), 'entity cut in half');
    });

    it(`Discord: ${name}: cannot ping, no forged masked link or markup, limits hold`, async () => {
      const payload = await renderDiscord(make());
      assert.ok(payload);
      assertDiscordLimits(payload);
      assert.deepEqual(payload.allowed_mentions, { parse: [] });
      const all = discordText(payload);
      assert.ok(!/@(everyone|here)/.test(all), 'un-neutralised @everyone/@here');
      assert.ok(!/<[@#]/.test(all), 'mention syntax');
      assert.ok(!/(^|[^\\])\[click\\?\]\(/.test(all), 'forged masked link');
      const description = payload.embeds[0]?.description ?? '';
      assert.ok(!/(^|[^\\])\*\*bold/.test(description), 'provider markdown is escaped');
      assert.ok(description.includes('\\[click\\]') || description.endsWith('…'), description.slice(0, 200));
    });
  }

  it('truncates a 10,000-character title to the platform limits with an ellipsis', async () => {
    const discord = await renderDiscord(rawLongTitle());
    assert.equal(discord?.embeds[0]?.title?.length, 256);
    assert.ok(discord?.embeds[0]?.title?.endsWith('…'));
    const slack = await renderSlack(rawLongTitle());
    assert.ok((slack?.text.length ?? 0) <= 3000 && slack?.text.endsWith('…'));
  });
});

describe('hostile text a template itself produces (generic hooks, operator templates)', () => {
  const PINGS = /<[!@#]/;
  let templates: TempTemplates;
  afterEach(() => templates?.cleanup());

  const render = async (template: string, data: JsonObject, platform: 'slack' | 'discord') => {
    templates = tempTemplates({ 'github/test.liquid': template });
    return templates.renderer().render(makeEvent(data), platform);
  };

  it('Slack: no mention survives url_decode, base64_decode, payload keys or the template text', async () => {
    const template = [
      'title: {{ msg | url_decode }} <!here>',
      '---',
      '{{ msg | url_decode }} {{ b64 | base64_decode }} <!channel> <@U42>',
      '{% for kv in payload %}{{ kv[0] }}={{ kv[1] }} {% endfor %}',
    ].join('\n');
    const data = { msg: '%3C!channel%3E%20%3C%40U123%3E', b64: Buffer.from('<!everyone>').toString('base64'), payload: { '<!channel>': 1, '<@U999>': 2, '<https://evil.example|Click>': 3 } };
    const payload = await render(template, data, 'slack');
    assert.ok(payload?.platform === 'slack');
    const all = JSON.stringify(payload.body);
    assert.ok(!PINGS.test(all), all);
    assert.ok(!all.includes('<https://evil'), 'a payload key cannot forge a link');
    assert.match(all, /[‹]!channel|&lt;!channel/, 'the text is still shown');
  });

  it('Slack: neutralising a mention never makes a full 3000-character section longer (it would be refused)', async () => {
    const payload = await render('title: t\n---\n{{ msg | url_decode }}', { msg: `${'a'.repeat(2990)}%3C!here%3E` }, 'slack');
    assert.ok(payload?.platform === 'slack');
    assertSlackLimits(payload.body);
    const sections = (payload.body.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '');
    assert.ok(sections.every((t) => t.length <= 3000));
    assert.ok(!PINGS.test(JSON.stringify(payload.body)));
  });

  it('Discord: a payload key cannot forge a masked link', async () => {
    const payload = await render('title: t\n---\n{% for kv in payload %}{{ kv[0] }}{% endfor %}', { payload: { '[Click](https://evil.example)': 1 } }, 'discord');
    assert.ok(payload?.platform === 'discord');
    assert.ok(!/(^|[^\\])\[Click\]\(/.test(payload.body.embeds[0]!.description ?? ''), payload.body.embeds[0]!.description);
  });

  for (const platform of ['slack', 'discord'] as const) {
    it(`${platform}: bidi override controls are dropped (no "Fix exe.png" that is really gnp.exe)`, async () => {
      const payload = await render('title: {{ msg }}\n---\n{{ msg }}', { msg: 'Fix \u202egnp.exe\u202c and \u2067x\u2069' }, platform);
      const all = JSON.stringify(payload?.body);
      assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(all));
      assert.match(all, /Fix gnp\.exe and x/);
    });

    it(`${platform}: a URL too long to link is shown without a link, and the message stays within limits`, async () => {
      const url = `https://grafana.example.com/d/${'a'.repeat(3100)}`;
      const payload = await render('title: Dashboard alert\nurl: {{ url }}\n---\n{{ "see it" | link: url }}', { url }, platform);
      assert.ok(payload);
      if (payload.platform === 'slack') {
        assertSlackLimits(payload.body);
        assert.match(JSON.stringify(payload.body.blocks[0]), /Dashboard alert/, 'the title is kept');
      } else {
        assertDiscordLimits(payload.body);
        assert.equal(payload.body.embeds[0]!.url, undefined);
        assert.equal(payload.body.embeds[0]!.title, 'Dashboard alert');
      }
      assert.ok(!JSON.stringify(payload.body).includes('aaaaaaaaaa'.repeat(200)), 'no 2,000+ character link');
    });
  }
});
