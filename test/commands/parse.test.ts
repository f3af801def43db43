import assert from 'node:assert/strict';
import { parseDiscordCommand, parseSlackCommand } from '../../src/commands/parse.ts';

describe('parseSlackCommand', () => {
  it('parses /subscribe and /unsubscribe into source, target and words', () => {
    assert.deepEqual(parseSlackCommand('/subscribe', 'github acme/api reviews commits:* -author:dependabot*'), {
      kind: 'subscribe', source: 'github', target: 'acme/api', words: ['reviews', 'commits:*', '-author:dependabot*'],
    });
    assert.deepEqual(parseSlackCommand('/unsubscribe', 'GitHub acme/api reviews'), { kind: 'unsubscribe', source: 'github', target: 'acme/api', words: ['reviews'] });
    assert.deepEqual(parseSlackCommand('/subscribe', 'github acme/api +label:“good first issue”'), {
      kind: 'subscribe', source: 'github', target: 'acme/api', words: ['+label:good first issue'],
    });
  });

  it('stripe and paypal targets are optional', () => {
    assert.deepEqual(parseSlackCommand('/subscribe', 'stripe payouts min:100USD'), { kind: 'subscribe', source: 'stripe', words: ['payouts', 'min:100USD'] });
    assert.deepEqual(parseSlackCommand('/subscribe', 'stripe acct_123 payouts'), { kind: 'subscribe', source: 'stripe', target: 'acct_123', words: ['payouts'] });
    assert.deepEqual(parseSlackCommand('/subscribe', 'paypal'), { kind: 'subscribe', source: 'paypal', words: [] });
    assert.deepEqual(parseSlackCommand('/subscribe', 'paypal * min:5EUR'), { kind: 'subscribe', source: 'paypal', target: '*', words: ['min:5EUR'] });
  });

  it('unescapes Slack entities and keeps pasted links', () => {
    assert.deepEqual(parseSlackCommand('/subscribe', 'uptime &lt;https://example.com/?a=1&amp;b=2&gt;'), {
      kind: 'subscribe', source: 'uptime', target: '<https://example.com/?a=1&b=2>', words: [],
    });
  });

  it('empty, help and unknown sources', () => {
    assert.deepEqual(parseSlackCommand('/subscribe', '   '), { kind: 'usage', command: 'subscribe', error: null });
    assert.deepEqual(parseSlackCommand('/subscribe', 'help'), { kind: 'help', topic: 'subscribe' });
    assert.deepEqual(parseSlackCommand('/subscribe', 'help stripe'), { kind: 'help', topic: 'stripe' });
    assert.deepEqual(parseSlackCommand('/subscribe', 'uptime help'), { kind: 'help', topic: 'uptime' });
    const bad = parseSlackCommand('/subscribe', 'gitlab acme/api');
    assert.equal(bad.kind, 'usage');
    assert.match((bad as { error: string }).error, /^Unknown source "gitlab"\. Did you mean "github"\? Sources: github, stripe, paypal, uptime, custom\.$/);
    assert.match((parseSlackCommand('/subscribe', 'https://example.com') as { error: string }).error, /Did you mean "\/subscribe uptime https:\/\/example\.com"\?/);
  });

  it('/subscriptions takes only an optional source', () => {
    assert.deepEqual(parseSlackCommand('/subscriptions', ''), { kind: 'subscriptions' });
    assert.deepEqual(parseSlackCommand('/subscriptions', 'stripe'), { kind: 'subscriptions', source: 'stripe' });
    assert.equal(parseSlackCommand('/subscriptions', 'foo bar').kind, 'usage');
  });

  it('/recent takes a count and a source in any order', () => {
    assert.deepEqual(parseSlackCommand('/recent', ''), { kind: 'recent' });
    assert.deepEqual(parseSlackCommand('/recent', '5'), { kind: 'recent', count: 5 });
    assert.deepEqual(parseSlackCommand('/recent', 'github 5'), { kind: 'recent', count: 5, source: 'github' });
    assert.deepEqual(parseSlackCommand('/recent', '5 Stripe'), { kind: 'recent', count: 5, source: 'stripe' });
    assert.deepEqual(parseSlackCommand('/recent', '5 6'), { kind: 'usage', command: 'recent', error: 'Give one count at most (got 5 and 6).' });
    assert.deepEqual(parseSlackCommand('/recent', 'github stripe'), { kind: 'usage', command: 'recent', error: 'Give one source at most (got github and stripe).' });
    assert.equal(parseSlackCommand('/recent', 'lots').kind, 'usage');
  });
});

describe('parseDiscordCommand', () => {
  it('maps subcommands and options', () => {
    assert.deepEqual(parseDiscordCommand('subscribe', 'github', { repo: 'acme/api', features: 'reviews +label:"good first issue"' }), {
      kind: 'subscribe', source: 'github', target: 'acme/api', words: ['reviews', '+label:good first issue'],
    });
    assert.deepEqual(parseDiscordCommand('unsubscribe', 'uptime', { url: 'https://example.com' }), { kind: 'unsubscribe', source: 'uptime', target: 'https://example.com', words: [] });
    assert.deepEqual(parseDiscordCommand('subscribe', 'custom', { name: 'deploy-bot' }), { kind: 'subscribe', source: 'custom', target: 'deploy-bot', words: [] });
    assert.deepEqual(parseDiscordCommand('subscribe', 'stripe', { features: 'acct_9 payouts' }), { kind: 'subscribe', source: 'stripe', target: 'acct_9', words: ['payouts'] });
    assert.deepEqual(parseDiscordCommand('subscribe', 'paypal', {}), { kind: 'subscribe', source: 'paypal', words: [] });
    assert.deepEqual(parseDiscordCommand('subscriptions', null, {}), { kind: 'subscriptions' });
    assert.deepEqual(parseDiscordCommand('recent', null, { count: 5, source: 'github' }), { kind: 'recent', count: 5, source: 'github' });
    assert.deepEqual(parseDiscordCommand('recent', null, {}), { kind: 'recent' });
  });

  it('reports what it cannot understand', () => {
    assert.equal(parseDiscordCommand('subscribe', null, {}).kind, 'usage');
    assert.equal(parseDiscordCommand('subscribe', 'gitlab', {}).kind, 'usage');
    assert.equal(parseDiscordCommand('recent', null, { source: 'nope' }).kind, 'usage');
    assert.deepEqual(parseDiscordCommand('whatever', null, {}), { kind: 'help' });
  });
});
