import assert from 'node:assert/strict';
import { parseTemplateFile, TemplateError } from '../../src/rendering/template-file.ts';
import type { DiscordMessagePayload, SlackMessagePayload } from '../../src/rendering/message.ts';
import { makeEvent, tempTemplates, type TempTemplates } from './render-helpers.ts';

const TEMPLATE = `# comment: ignored
title: {{ title }}
url: {{ link }}
color: {{ color }}
field Kind: {{ kind }}
field+ Empty: {{ nothing }}
---
Body: {{ title }}
`;

async function discord(t: TempTemplates, data: Record<string, string | null>): Promise<DiscordMessagePayload | null> {
  const out = await t.renderer().render(makeEvent(data), 'discord');
  return out?.platform === 'discord' ? out.body : null;
}

describe('template file format', () => {
  let t: TempTemplates;
  beforeEach(() => { t = tempTemplates({ 'github/test.liquid': TEMPLATE }); });
  afterEach(() => t.cleanup());

  it('parses header lines, fields, comments and body', () => {
    const source = parseTemplateFile(TEMPLATE, 'x.liquid');
    assert.equal(source.title, '{{ title }}');
    assert.deepEqual(source.fields.map((f) => [f.name, f.inline]), [['Kind', false], ['Empty', true]]);
    assert.equal(source.body.trim(), 'Body: {{ title }}');
  });

  it('rejects unknown header lines and a missing title, naming the file and line', () => {
    assert.throws(() => parseTemplateFile('title: x\nbogus: y\n---\n', 'f.liquid'), (e: unknown) =>
      e instanceof TemplateError && e.message.startsWith('f.liquid:2:'));
    assert.throws(() => parseTemplateFile('url: x\n---\nbody', 'f.liquid'), /no "title:" line/);
  });

  it('cannot be injected: provider text with newlines, "field X:" or "---" creates no parts', async () => {
    const hostile = 'Fix\nfield Injected: yes\n---\ncolor: failure\nurl: https://evil.example';
    const embed = (await discord(t, { title: hostile, kind: 'pr', link: 'https://github.com/acme/api/pull/1', color: 'info' }))?.embeds[0];
    assert.deepEqual(embed?.fields?.map((f) => f.name), ['Kind']);
    assert.equal(embed?.title, 'Fix field Injected: yes --- color: failure url: https://evil.example');
    assert.equal(embed?.url, 'https://github.com/acme/api/pull/1');
    assert.equal(embed?.color, 0x0969da);
  });

  it('drops empty fields, unknown colours become neutral, non-http URLs are dropped', async () => {
    const embed = (await discord(t, { title: 'T', kind: 'k', link: 'javascript:alert(1)', color: 'hotpink' }))?.embeds[0];
    assert.deepEqual(embed?.fields?.map((f) => f.name), ['Kind']);
    assert.equal(embed?.url, undefined);
    assert.equal(embed?.color, 0x6e7781);
  });

  it('renders null when the title renders empty, and for types without a template', async () => {
    assert.equal(await t.renderer().render(makeEvent({ title: '  ' }), 'discord'), null);
    assert.equal(await t.renderer().render(makeEvent({ title: 'x' }, { type: 'other' }), 'slack'), null);
  });

  it('uses an operator-edited template and footer from the templates dir', async () => {
    const custom = tempTemplates({ 'github/test.liquid': 'title: Custom {{ event.action }} {{ title | upcase }}\nfooter: ops bot\n---\n{{ title | bold }}' });
    try {
      const out = await custom.renderer().render(makeEvent({ title: 'hi' }), 'slack');
      const body = out?.body as SlackMessagePayload;
      assert.equal(body.text, 'Custom opened HI');
      assert.deepEqual(body.blocks[1], { type: 'section', text: { type: 'mrkdwn', text: '*hi*' } });
      assert.equal(JSON.stringify(body.blocks.at(-1)), '{"type":"context","elements":[{"type":"mrkdwn","text":"ops bot"}]}');
    } finally {
      custom.cleanup();
    }
  });

  it('fails at start-up on a broken template or an unknown filter, naming the file', () => {
    const broken = tempTemplates({ 'github/bad.liquid': 'title: {{ x | no_such_filter }}\n---\n' });
    try {
      assert.throws(() => broken.renderer(), /bad\.liquid.*no_such_filter/s);
    } finally {
      broken.cleanup();
    }
  });

  it('cannot read files outside the templates dir; a failing render falls back to the summary', async () => {
    const sneaky = tempTemplates({ 'github/test.liquid': "title: x\n---\n{% include '../../../../../../etc/passwd' %}" });
    const errors: unknown[] = [];
    try {
      const out = await sneaky.renderer({ onError: (e) => errors.push(e) }).render(makeEvent({}), 'discord');
      assert.equal(errors.length, 1);
      const embed = (out?.body as DiscordMessagePayload).embeds[0];
      assert.equal(embed?.title, '[acme/api] something happened');
      assert.ok(!JSON.stringify(out).includes('root:'));
    } finally {
      sneaky.cleanup();
    }
  });
});
