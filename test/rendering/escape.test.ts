import assert from 'node:assert/strict';
import {
  escapeDiscord, escapeDiscordTitle, escapeSlack, escapeValue, mapStrings, neutraliseDiscordMentions, sanitizeUrl,
} from '../../src/rendering/escape.ts';
import { createFilters, formatDuration } from '../../src/rendering/filters.ts';

describe('escapers', () => {
  it('Slack: escapes & < > so mentions and links become text', () => {
    assert.equal(escapeSlack('a & b <!channel> <@U123> <https://x|y>'),
      'a &amp; b &lt;!channel&gt; &lt;@U123&gt; &lt;https://x|y&gt;');
    assert.equal(escapeSlack('&amp;'), '&amp;amp;');
  });

  it('Discord: escapes markdown, brackets, quotes/headings/lists and neutralises mentions', () => {
    const out = escapeDiscord('**b** _i_ `c` ~~s~~ ||sp|| [x](https://evil.example) @everyone @here <@123> <#9> <@&7>');
    assert.ok(out.includes('\\*\\*b\\*\\*'));
    assert.ok(out.includes('\\`c\\`'));
    assert.ok(out.includes('\\[x\\](https://evil.example)'));
    assert.ok(!/@(everyone|here)/.test(out), out);
    assert.ok(!/<[@#]/.test(out), out);
    assert.equal(escapeDiscord('# Title\n> quote\n- item\n1. one\n-# small'),
      '\\# Title\n\\> quote\n\\- item\n1\\. one\n\\-# small');
    assert.equal(escapeDiscord('back\\slash'), 'back\\\\slash');
    assert.equal(neutraliseDiscordMentions('@EVERYONE'), '@\u200bEVERYONE');
  });

  it('Discord: leaves URLs inside text usable and escapes only link-forming brackets in titles', () => {
    assert.equal(escapeDiscord('see https://x.example/a_b*c and a_b'), 'see https://x.example/a_b*c and a\\_b');
    assert.equal(escapeDiscordTitle('[acme/api] PR [click](https://evil.example) **x**'),
      '[acme/api] PR \\[click\\](https://evil.example) \\*\\*x\\*\\*');
  });

  it('Discord: escapes long provider text in linear time', () => {
    const started = Date.now();
    escapeDiscord('A'.repeat(200_000));
    escapeDiscord('_*'.repeat(100_000));
    assert.ok(Date.now() - started < 500, `${Date.now() - started} ms`);
  });

  it('sanitizeUrl keeps http(s) only, drops credentials and encodes link-breaking characters', () => {
    assert.equal(sanitizeUrl('javascript:alert(1)'), null);
    assert.equal(sanitizeUrl('data:text/html,x'), null);
    assert.equal(sanitizeUrl('ftp://x.example/'), null);
    assert.equal(sanitizeUrl('https://x.example/a b'), null);
    assert.equal(sanitizeUrl(''), null);
    assert.equal(sanitizeUrl(42), null);
    assert.equal(sanitizeUrl('https://github.com/a/b/pull/2'), 'https://github.com/a/b/pull/2');
    assert.equal(sanitizeUrl('https://u:p@x.example/p(1)|>[x]@y'), 'https://x.example/p%281%29%7C%3E%5Bx%5D%40y');
  });

  it('escapeValue sanitizes URL strings instead of escaping them (Slack wants &amp;)', () => {
    assert.equal(escapeValue('discord', 'https://x.example/a_b?c=1&d=2'), 'https://x.example/a_b?c=1&d=2');
    assert.equal(escapeValue('slack', 'https://x.example/?c=1&d=2'), 'https://x.example/?c=1&amp;d=2');
    assert.equal(escapeValue('slack', 'https://x.example/<!here>'), 'https://x.example/%3C!here%3E');
    assert.equal(escapeValue('slack', 'not a url <b>'), 'not a url &lt;b&gt;');
  });

  it('mapStrings maps every nested string and nothing else', () => {
    const out = mapStrings({ a: 'x', b: [1, 'y', { c: 'z', d: null, e: true }] }, (s) => s.toUpperCase());
    assert.deepEqual(out, { a: 'X', b: [1, 'Y', { c: 'Z', d: null, e: true }] });
  });
});

describe('filters', () => {
  const discord = createFilters('discord');
  const slack = createFilters('slack');
  const plain = createFilters('plain');

  it('link: masked link on Discord, <url|text> on Slack, plain text elsewhere or for bad URLs', () => {
    assert.equal(discord.link?.('PR', 'https://x.example/1'), '[PR](<https://x.example/1>)');
    assert.equal(slack.link?.('PR', 'https://x.example/1?a=1&amp;b=2'), '<https://x.example/1?a=1&amp;b=2|PR>');
    assert.equal(plain.link?.('PR', 'https://x.example/1'), 'PR');
    assert.equal(discord.link?.('PR', 'javascript:alert(1)'), 'PR');
    assert.equal(slack.link?.('PR', null), 'PR');
    assert.equal(slack.link?.('', 'https://x.example/'), '<https://x.example/|https://x.example/>');
  });

  it('code handles backticks and unescapes Discord escapes inside the span', () => {
    assert.equal(discord.code?.(escapeDiscord('a_b `c`')), '`a_b ˋcˋ`');
    assert.equal(slack.code?.('x`y'), '`xˋy`');
    assert.equal(slack.code?.(''), '');
  });

  it('bold, italic, quote add markup only around non-empty text', () => {
    assert.equal(discord.bold?.('x'), '**x**');
    assert.equal(slack.bold?.('x'), '*x*');
    assert.equal(slack.bold?.(' '), '');
    assert.equal(discord.italic?.('x'), '_x_');
    assert.equal(discord.quote?.('a\nb'), '> a\n> b');
    assert.equal(plain.bold?.('x'), 'x');
  });

  it('truncate never cuts an escape; duration formats seconds', () => {
    assert.equal(slack.truncate?.('abc &amp; def', 8, '…'), 'abc…');
    assert.equal(formatDuration(205), '3m 25s');
    assert.equal(formatDuration(3700), '1h 1m');
    assert.equal(formatDuration(null), '');
  });
});
