import assert from 'node:assert/strict';
import { SOURCE_SPECS, defaultFeatures, featureWords } from '../../src/subscriptions/features.ts';
import { DEFAULT_BRANCH, parseFeatureWords, type ParseResult } from '../../src/subscriptions/parse-features.ts';
import { tokenizeCommandText } from '../../src/subscriptions/tokenize.ts';
import type { Source } from '../../src/events/normalized-event.ts';

function ok(source: Source, words: string[]): Extract<ParseResult, { ok: true }> {
  const r = parseFeatureWords(source, words);
  assert.ok(r.ok, `expected ${words.join(' ')} to parse: ${'error' in r ? r.error : ''}`);
  return r;
}

function err(source: Source, words: string[]): string {
  const r = parseFeatureWords(source, words);
  assert.ok(!r.ok, `expected ${words.join(' ')} to fail`);
  return r.error;
}

describe('source registry', () => {
  it('has exactly the features and defaults of PRODUCT.md', () => {
    assert.deepEqual(defaultFeatures('github'), ['issues', 'pulls', 'commits', 'releases', 'deployments']);
    assert.deepEqual(featureWords('github'), ['issues', 'pulls', 'commits', 'releases', 'deployments', 'reviews', 'comments', 'branches', 'workflows', 'discussions', 'stars', 'forks']);
    assert.deepEqual(defaultFeatures('stripe'), ['payments', 'refunds', 'disputes', 'subscriptions', 'invoices']);
    assert.deepEqual(featureWords('stripe'), ['payments', 'refunds', 'disputes', 'subscriptions', 'invoices', 'payouts', 'checkout']);
    assert.deepEqual(featureWords('paypal'), ['payments', 'refunds', 'disputes', 'subscriptions']);
    assert.deepEqual(defaultFeatures('paypal'), featureWords('paypal'));
    assert.deepEqual(defaultFeatures('uptime'), ['down', 'up', 'tls']);
    assert.deepEqual(featureWords('uptime'), ['down', 'up', 'tls', 'slow']);
    assert.deepEqual(featureWords('custom'), []);
    assert.deepEqual(Object.keys(SOURCE_SPECS).sort(), ['custom', 'github', 'paypal', 'stripe', 'uptime']);
  });
});

describe('parseFeatureWords', () => {
  it('no words: the defaults and no filters', () => {
    const r = ok('github', []);
    assert.deepEqual(r.features, ['issues', 'pulls', 'commits', 'releases', 'deployments']);
    assert.deepEqual(r.filters, { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null });
    assert.deepEqual(ok('custom', []).features, []);
  });

  it('feature words are added to the defaults, case-insensitively, in registry order', () => {
    const r = ok('github', ['Comments', 'reviews', 'reviews']);
    assert.deepEqual(r.features, ['issues', 'pulls', 'commits', 'releases', 'deployments', 'reviews', 'comments']);
    assert.deepEqual(r.added, ['reviews', 'comments']);
  });

  it('-word turns a default off', () => {
    const r = ok('github', ['-commits', '-releases', 'stars']);
    assert.deepEqual(r.features, ['issues', 'pulls', 'deployments', 'stars']);
    assert.deepEqual(r.removed, ['commits', 'releases']);
    assert.deepEqual(ok('uptime', ['slow', '-tls']).features, ['down', 'up', 'slow']);
  });

  it('commits:<glob> implies commits and follows only those branches', () => {
    const r = ok('github', ['reviews', 'commits:release/*']);
    assert.deepEqual(r.filters.branches, ['release/*']);
    assert.ok(r.features.includes('commits'));
    assert.deepEqual(ok('github', ['commits:*']).filters.branches, ['*']);
    assert.deepEqual(ok('github', ['commits:main', 'commits:*']).filters.branches, ['*']);
    assert.deepEqual(ok('github', ['commits:release/**']).filters.branches, ['release/*']);
  });

  it('plain commits next to a glob keeps the default branch too', () => {
    assert.deepEqual(ok('github', ['commits', 'commits:release/*']).filters.branches, [DEFAULT_BRANCH, 'release/*']);
    assert.deepEqual(ok('github', ['commits']).filters.branches, []);
  });

  it('parses label filters, with quotes and spaces, deduplicated case-insensitively', () => {
    const r = ok('github', tokenizeCommandText('+label:"good first issue" +label:Bug +label:bug -label:wontfix'));
    assert.deepEqual(r.filters.includeLabels, ['good first issue', 'Bug']);
    assert.deepEqual(r.filters.excludeLabels, ['wontfix']);
    assert.deepEqual(r.features, defaultFeatures('github'));
  });

  it('parses -author globs keeping brackets', () => {
    assert.deepEqual(ok('github', ['-author:*[bot]', '-author:dependabot*']).filters.excludeAuthors, ['*[bot]', 'dependabot*']);
  });

  it('parses min amounts into minor units by currency exponent', () => {
    assert.deepEqual(ok('stripe', ['min:100USD']).filters.minAmount, { amount: 10000, currency: 'USD' });
    assert.deepEqual(ok('stripe', ['min:49.99eur']).filters.minAmount, { amount: 4999, currency: 'EUR' });
    assert.deepEqual(ok('stripe', ['min:5000JPY']).filters.minAmount, { amount: 5000, currency: 'JPY' });
    assert.deepEqual(ok('stripe', ['min:10000krw']).filters.minAmount, { amount: 10000, currency: 'KRW' });
    assert.deepEqual(ok('paypal', ['min:1.5KWD']).filters.minAmount, { amount: 1500, currency: 'KWD' });
    assert.deepEqual(ok('paypal', ['min:2BHD']).filters.minAmount, { amount: 2000, currency: 'BHD' });
    assert.deepEqual(ok('stripe', ['min:1,000USD']).filters.minAmount, { amount: 100000, currency: 'USD' });
    assert.deepEqual(ok('stripe', tokenizeCommandText('min:"100 USD"')).filters.minAmount, { amount: 10000, currency: 'USD' });
  });

  it('rejects bad amounts with a reason', () => {
    assert.match(err('stripe', ['min:10.5JPY']), /JPY has no minor unit/);
    assert.match(err('stripe', ['min:1.999USD']), /at most 2 decimals/);
    assert.match(err('stripe', ['min:100']), /not an amount/);
    assert.match(err('stripe', ['min:100USB']), /not a currency code/);
    assert.match(err('stripe', ['min:']), /needs a value/);
  });

  it('suggests the closest feature for a typo and lists the features', () => {
    const e = err('github', ['reveiws']);
    assert.match(e, /^Unknown feature "reveiws" for github\. Did you mean "reviews"\? Features: issues \(default\)/);
    assert.match(e, /forks/);
    assert.match(err('github', ['pul']), /Did you mean "pulls"\?/);
    assert.match(err('github', ['prs']), /Did you mean "pulls"\?/);
    assert.match(err('stripe', ['paymnets']), /Did you mean "payments"\?/);
    assert.match(err('uptime', ['-sloww']), /Unknown feature "-sloww" for uptime\. Did you mean "-slow"\?/);
    assert.doesNotMatch(err('github', ['banana']), /Did you mean/);
  });

  it('rejects filters that do not apply to the source', () => {
    assert.match(err('github', ['min:100USD']), /min: filters do not apply to github/);
    assert.match(err('stripe', ['-author:bob']), /-author: filters do not apply to stripe/);
    assert.match(err('stripe', ['+label:x']), /Label filters do not apply to stripe/);
    assert.match(err('uptime', ['commits:main']), /do not apply to uptime/);
    assert.match(err('custom', ['issues']), /custom subscriptions take no feature words/);
  });

  it('explains filter mistakes', () => {
    assert.match(err('github', ['label:bug']), /\+label:bug or -label:bug/);
    assert.match(err('github', ['+author:bob']), /Only -author:/);
    assert.match(err('github', ['branches:release/*']), /commits:release\/\*/);
    assert.match(err('github', ['+lable:bug']), /Unknown filter "\+lable:"\. Did you mean "\+label"\?/);
    assert.match(err('github', ['commits:']), /needs a value/);
    assert.match(err('github', ['commits:a b']), /not a branch pattern/);
    assert.match(err('github', ['+label:']), /needs a value/);
  });

  it('rejects contradictions', () => {
    assert.match(err('github', ['reviews', '-reviews']), /contradict/);
    assert.match(err('github', ['-commits', 'commits:main']), /contradict/);
    assert.match(err('github', ['+label:bug', '-label:BUG']), /contradict/);
  });

  it('caps filter lists', () => {
    const many = Array.from({ length: 26 }, (_, i) => `-author:user${i}`);
    assert.match(err('github', many), /At most 25/);
  });
});
