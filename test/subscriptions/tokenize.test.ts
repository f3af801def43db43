import assert from 'node:assert/strict';
import { tokenizeCommandText } from '../../src/subscriptions/tokenize.ts';

describe('tokenizeCommandText', () => {
  it('splits on any whitespace and drops empty words', () => {
    assert.deepEqual(tokenizeCommandText('  github\tacme/api \n reviews  '), ['github', 'acme/api', 'reviews']);
    assert.deepEqual(tokenizeCommandText(''), []);
    assert.deepEqual(tokenizeCommandText('   '), []);
  });

  it('keeps double-quoted text together, also inside a word', () => {
    assert.deepEqual(tokenizeCommandText('+label:"good first issue" -label:"wont fix" reviews'), ['+label:good first issue', '-label:wont fix', 'reviews']);
    assert.deepEqual(tokenizeCommandText('"a b"c d'), ['a bc', 'd']);
  });

  it('treats Slack smart quotes as double quotes', () => {
    assert.deepEqual(tokenizeCommandText('+label:“good first issue” x'), ['+label:good first issue', 'x']);
    assert.deepEqual(tokenizeCommandText('-label:„needs triage“'), ['-label:needs triage']);
  });

  it('runs an unclosed quote to the end and keeps empty quotes as an empty word', () => {
    assert.deepEqual(tokenizeCommandText('+label:"good first issue'), ['+label:good first issue']);
    assert.deepEqual(tokenizeCommandText('a "" b'), ['a', '', 'b']);
  });

  it('separates words at commas (not inside quotes, not between digits)', () => {
    assert.deepEqual(tokenizeCommandText('reviews, comments'), ['reviews', 'comments']);
    assert.deepEqual(tokenizeCommandText('reviews,comments,-issues'), ['reviews', 'comments', '-issues']);
    assert.deepEqual(tokenizeCommandText('min:1,000USD +label:"a, b"'), ['min:1,000USD', '+label:a, b']);
    assert.deepEqual(tokenizeCommandText('uptime https://x.com/?q=a,b slow'), ['uptime', 'https://x.com/?q=a,b', 'slow'], 'not inside a URL');
    assert.deepEqual(tokenizeCommandText('<https://x.com/?q=a,b|x.com> slow'), ['<https://x.com/?q=a,b|x.com>', 'slow'], 'nor a Slack link');
    assert.deepEqual(tokenizeCommandText('commits:main,reviews'), ['commits:main', 'reviews'], 'a filter does not swallow the next word');
    assert.deepEqual(tokenizeCommandText('uptime https://shop.example.com, slow'), ['uptime', 'https://shop.example.com', 'slow'], 'a comma before a space ends a URL');
    assert.deepEqual(tokenizeCommandText('<https://x.com/?q=a,b|x.com>, slow'), ['<https://x.com/?q=a,b|x.com>', 'slow'], 'a Slack link ends at >');
  });

  it('treats non-breaking spaces as separators and keeps apostrophes', () => {
    assert.deepEqual(tokenizeCommandText('github\u00a0acme/api don\'t'), ['github', 'acme/api', "don't"]);
  });
});
