import assert from 'node:assert/strict';
import type { RenderedMessage } from '../../src/rendering/compile-template.ts';
import { buildDiscordPayload } from '../../src/rendering/discord-payload.ts';
import { limits } from '../../src/rendering/limits.ts';
import { buildSlackPayload } from '../../src/rendering/slack-payload.ts';
import { assertDiscordLimits, assertSlackLimits } from '../helpers/platform-limits.ts';

function message(overrides: Partial<RenderedMessage> = {}): RenderedMessage {
  return {
    title: 'Title', url: 'https://github.com/acme/api/pull/1', color: 0x0969da, footer: 'hookbridge · GitHub',
    fields: [], body: 'Body', timestamp: '2024-05-01T12:00:00.000Z', ...overrides,
  };
}

const field = (i: number, size: number, inline = true) => ({ name: `Field ${i}`, value: 'v'.repeat(size), inline });

describe('buildDiscordPayload', () => {
  it('builds one embed with colour, footer, timestamp and no mentions allowed', () => {
    const payload = buildDiscordPayload(message({ fields: [field(1, 3)] }));
    assert.deepEqual(payload, {
      embeds: [{
        title: 'Title', color: 0x0969da, url: 'https://github.com/acme/api/pull/1', description: 'Body',
        fields: [{ name: 'Field 1', value: 'vvv', inline: true }], footer: { text: 'hookbridge · GitHub' },
        timestamp: '2024-05-01T12:00:00.000Z',
      }],
      allowed_mentions: { parse: [] },
    });
  });

  it('keeps at most 25 fields, each within 256/1024', () => {
    const payload = buildDiscordPayload(message({ body: '', fields: Array.from({ length: 30 }, (_, i) => field(i, 10)) }));
    assert.equal(payload.embeds[0]?.fields?.length, 25);
    const long = buildDiscordPayload(message({ body: '', fields: [{ name: 'n'.repeat(300), value: 'v'.repeat(2000), inline: false }] }));
    assert.equal(long.embeds[0]?.fields?.[0]?.name.length, 256);
    assert.equal(long.embeds[0]?.fields?.[0]?.value.length, 1024);
    assertDiscordLimits(long);
  });

  it('shrinks the description first to stay within 6000 in total', () => {
    const payload = buildDiscordPayload(message({ body: 'd'.repeat(5000), fields: Array.from({ length: 3 }, (_, i) => field(i, 1000)) }));
    assertDiscordLimits(payload);
    const embed = payload.embeds[0];
    assert.deepEqual(embed?.fields?.map((f) => f.value.length), [1000, 1000, 1000]);
    assert.ok(embed?.description?.endsWith('…'));
    assert.ok((embed?.description?.length ?? 0) > 2500);
  });

  it('then cuts the last fields when fields alone exceed the total, keeps some body, and says how many fields are missing', () => {
    const payload = buildDiscordPayload(message({ body: 'd'.repeat(4096), footer: 'Webhook', fields: Array.from({ length: 30 }, (_, i) => field(i, 1024)) }));
    assertDiscordLimits(payload);
    const embed = payload.embeds[0];
    assert.ok((embed?.description?.length ?? 0) >= 900, 'the body is not pushed out entirely');
    const shown = embed?.fields?.length ?? 0;
    assert.ok(shown >= 4 && shown < 25, `${shown} fields`);
    assert.equal(embed?.fields?.[0]?.value.length, 1024);
    assert.equal(embed?.footer?.text, `Webhook · ${30 - shown} more fields not shown`);
  });

  it('neutralises mentions in the title and footer', () => {
    const payload = buildDiscordPayload(message({ title: '@everyone <@1>', footer: '@here' }));
    assert.equal(payload.embeds[0]?.title, '@\u200beveryone <\u200b@1>');
    assert.equal(payload.embeds[0]?.footer?.text, '@\u200bhere');
  });
});

describe('buildSlackPayload', () => {
  it('uses a bold title link when there is a URL, a header block otherwise', () => {
    const linked = buildSlackPayload(message({ title: 'A & B' }));
    assert.deepEqual(linked.blocks[0], { type: 'section', text: { type: 'mrkdwn', text: '*<https://github.com/acme/api/pull/1|A &amp; B>*' } });
    assert.equal(linked.text, 'A &amp; B');
    assert.equal(linked.unfurl_links, false);
    assert.equal(linked.unfurl_media, false);
    const plain = buildSlackPayload(message({ url: null, title: 'x'.repeat(200) }));
    const header = plain.blocks[0] as { type: string; text: { type: string; text: string } };
    assert.equal(header.type, 'header');
    assert.equal(header.text.type, 'plain_text');
    assert.equal(header.text.text.length, limits.slack.headerText);
    assertSlackLimits(plain);
  });

  it('splits a long body into sections of at most 3000 and groups inline fields by 10', () => {
    const body = Array.from({ length: 400 }, (_, i) => `line ${i} ${'w'.repeat(40)}`).join('\n');
    const payload = buildSlackPayload(message({ body, fields: Array.from({ length: 23 }, (_, i) => field(i, 5)) }));
    assertSlackLimits(payload);
    const fieldSections = payload.blocks.filter((b) => Array.isArray(b.fields));
    assert.deepEqual(fieldSections.map((b) => (b.fields as unknown[]).length), [10, 10, 3]);
    const bodySections = payload.blocks.filter((b) => b.type === 'section' && !b.fields).slice(1);
    assert.ok(bodySections.length >= 6);
    assert.equal(payload.blocks.at(-1)?.type, 'context');
  });

  it('caps at 50 blocks, keeping the footer last, and fields at 2000', () => {
    const fields = Array.from({ length: 80 }, (_, i) => field(i, 2500, false));
    const payload = buildSlackPayload(message({ fields }));
    assertSlackLimits(payload);
    assert.equal(payload.blocks.length, 50);
    assert.equal(payload.blocks.at(-1)?.type, 'context');
    const inline = buildSlackPayload(message({ fields: [field(1, 2500)] }));
    const first = (inline.blocks.find((b) => b.fields)?.fields as Array<{ text: string }>)[0];
    assert.equal(first?.text.length, 2000);
  });
});
