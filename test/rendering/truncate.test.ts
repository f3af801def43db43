import assert from 'node:assert/strict';
import { safeCutIndex, shortenMiddle, splitText, truncateText } from '../../src/rendering/truncate.ts';

const loneSurrogate = /[\uD800-\uDFFF]/u;

describe('truncateText / splitText', () => {
  it('leaves short text alone and ends cut text with an ellipsis within the limit', () => {
    assert.equal(truncateText('hello', 5), 'hello');
    const out = truncateText('x'.repeat(300), 256);
    assert.equal(out.length, 256);
    assert.ok(out.endsWith('…'));
  });

  it('counts UTF-16 code units and never splits a surrogate pair', () => {
    const text = '😀'.repeat(200);
    for (let max = 2; max < 20; max++) {
      const out = truncateText(text, max);
      assert.ok(out.length <= max);
      assert.ok(!loneSurrogate.test(out), `max ${max}`);
    }
  });

  it('never turns an emoji into another one: ZWJ families, flags, skin tones and accents stay whole or go whole', () => {
    const family = '👩‍👩‍👧‍👦';
    const pieces = [family, '🇫🇷', '👍🏽', 'e\u0301', '🏳️‍🌈'];
    for (const piece of pieces) {
      const text = `${'a'.repeat(10)}${piece.repeat(5)}`;
      for (let max = 11; max < text.length; max++) {
        for (const platform of [undefined, 'slack', 'discord'] as const) {
          const out = truncateText(text, max, platform);
          assert.ok(out.length <= max);
          const kept = out.slice(10, -1); // between the a's and the ellipsis
          assert.equal(kept, piece.repeat(kept.length / piece.length), `${JSON.stringify(piece)} max ${max}: ${JSON.stringify(out)}`);
        }
      }
    }
  });

  it('shortenMiddle keeps the start and the end, whole emoji on both sides', () => {
    assert.equal(shortenMiddle('short', 10), 'short');
    const out = shortenMiddle(`${'👩‍👩‍👧‍👦'.repeat(10)}-middle-${'🇫🇷'.repeat(10)}`, 60, { tail: 20 });
    assert.ok(out.length <= 60, `${out.length}`);
    const [head, tail] = out.split('…');
    assert.equal(head, '👩‍👩‍👧‍👦'.repeat(head!.length / 11));
    assert.equal(tail, '🇫🇷'.repeat(tail!.length / 4));
    assert.ok(tail!.length > 0 && head!.length > 0);
  });

  it('splits text with Windows line endings at its line ends', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i} ${'w'.repeat(90)}`).join('\r\n');
    const chunks = splitText(text, 1000, 'slack');
    assert.ok(chunks.length > 1);
    for (const c of chunks) assert.match(c, /^line \d+ w+(\nline \d+ w+)*$/, 'whole lines only');
  });

  it('Slack: does not leave half an entity or half a <link|text>', () => {
    const entity = 'abcdef &amp; ghi';
    for (let max = 7; max <= 13; max++) {
      const out = truncateText(entity, max, 'slack');
      assert.ok(!/&[a-z]*…$/.test(out), `${max}: ${out}`);
    }
    const link = 'see <https://x.example/1|the pull request> now';
    const out = truncateText(link, 25, 'slack');
    assert.equal(out, 'see…');
    assert.equal(truncateText(link, 44, 'slack'), 'see <https://x.example/1|the pull request>…');
  });

  it('Discord: does not cut a masked link or leave a dangling escape backslash', () => {
    const text = 'go [the pull request](<https://x.example/1>) now';
    assert.equal(truncateText(text, 20, 'discord'), 'go…');
    assert.equal(safeCutIndex('ab \\[not a link', 5, 'discord'), 5);
    assert.equal(truncateText('abc\\*def', 5, 'discord'), 'abc…');
    assert.equal(truncateText('a [literal bracket and more text', 12, 'discord'), 'a [literal…');
  });

  it('splits long markup into chunks at line breaks, each within the limit, losing nothing', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} &amp; <https://x.example/${i}|link ${i}>`);
    const chunks = splitText(lines.join('\n'), 500, 'slack');
    assert.ok(chunks.length > 1);
    for (const chunk of chunks) {
      assert.ok(chunk.length <= 500);
      assert.ok(!chunk.startsWith('\n') && chunk.length > 0);
    }
    assert.equal(chunks.join('\n'), lines.join('\n'));
  });

  it('drops a single link longer than a chunk instead of breaking it', () => {
    const chunks = splitText(`<https://x.example/|${'y'.repeat(50)}> tail`, 20, 'slack');
    assert.deepEqual(chunks, ['…', 'tail']);
  });
});
