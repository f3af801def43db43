import assert from 'node:assert/strict';
import { describeSubscription, targetLabel } from '../../src/subscriptions/describe.ts';
import { filterWords, mergeSubscription, removeFeatures } from '../../src/subscriptions/merge.ts';
import { DEFAULT_BRANCH, parseFeatureWords } from '../../src/subscriptions/parse-features.ts';
import { formatAmountWord, parseAmount } from '../../src/subscriptions/currency.ts';
import { tokenizeCommandText } from '../../src/subscriptions/tokenize.ts';
import { makeSub } from '../fakes/events.ts';
import type { Source } from '../../src/events/normalized-event.ts';

function parsed(source: Source, text: string) {
  const r = parseFeatureWords(source, tokenizeCommandText(text));
  if (!r.ok) throw new Error(r.error);
  return r;
}

function removed(sub: ReturnType<typeof makeSub>, text: string) {
  const r = removeFeatures(sub, tokenizeCommandText(text));
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('mergeSubscription', () => {
  it('adds features and reports what changed', () => {
    const m = mergeSubscription(makeSub(), parsed('github', 'reviews comments'));
    assert.deepEqual(m.features, ['issues', 'pulls', 'commits', 'releases', 'deployments', 'reviews', 'comments']);
    assert.deepEqual(m.turnedOn, ['reviews', 'comments']);
    assert.deepEqual(m.turnedOff, []);
    assert.ok(m.changed);
  });

  it('does not re-enable defaults that were turned off, and is a no-op for known words', () => {
    const sub = makeSub({ features: ['issues', 'reviews'] });
    const m = mergeSubscription(sub, parsed('github', 'reviews'));
    assert.deepEqual(m.features, ['issues', 'reviews']);
    assert.equal(m.changed, false);
    assert.equal(mergeSubscription(sub, parsed('github', '')).changed, false);
  });

  it('-word turns a feature off', () => {
    const m = mergeSubscription(makeSub(), parsed('github', '-commits'));
    assert.ok(!m.features.includes('commits'));
    assert.deepEqual(m.turnedOff, ['commits']);
  });

  it('adds branch globs to the default branch already followed', () => {
    const m = mergeSubscription(makeSub(), parsed('github', 'commits:release/*'));
    assert.deepEqual(m.filters.branches, [DEFAULT_BRANCH, 'release/*']);
    assert.deepEqual(m.turnedOn, ['commits:release/*']);
    const all = mergeSubscription(makeSub({ filters: { branches: ['release/*'] } }), parsed('github', 'commits:*'));
    assert.deepEqual(all.filters.branches, ['*']);
  });

  it('a glob on a subscription without commits follows only that glob', () => {
    const m = mergeSubscription(makeSub({ features: ['issues'] }), parsed('github', 'commits:release/*'));
    assert.deepEqual(m.filters.branches, ['release/*']);
    assert.ok(m.features.includes('commits'));
  });

  it('unions label and author filters; the newest min wins', () => {
    const sub = makeSub({ filters: { includeLabels: ['bug'], excludeAuthors: ['*[bot]'] } });
    const m = mergeSubscription(sub, parsed('github', '+label:BUG -label:bug2 -author:ci-user'));
    assert.deepEqual(m.filters.includeLabels, ['bug']);
    assert.deepEqual(m.filters.excludeLabels, ['bug2']);
    assert.deepEqual(m.filters.excludeAuthors, ['*[bot]', 'ci-user']);
    const flip = mergeSubscription(sub, parsed('github', '-label:bug'));
    assert.deepEqual(flip.filters.includeLabels, []);
    assert.deepEqual(flip.filters.excludeLabels, ['bug']);
    const pay = makeSub({ source: 'stripe', target: '*', features: ['payments'], filters: { minAmount: { amount: 100, currency: 'USD' } } });
    assert.deepEqual(mergeSubscription(pay, parsed('stripe', 'min:5EUR')).filters.minAmount, { amount: 500, currency: 'EUR' });
    assert.deepEqual(mergeSubscription(pay, parsed('stripe', 'payouts')).filters.minAmount, { amount: 100, currency: 'USD' });
  });
});

describe('removeFeatures', () => {
  it('turns off only the named features and reports those that were not on', () => {
    const r = removed(makeSub({ features: ['issues', 'pulls', 'reviews'] }), 'reviews comments');
    assert.deepEqual(r.features, ['issues', 'pulls']);
    assert.deepEqual(r.turnedOff, ['reviews']);
    assert.deepEqual(r.notPresent, ['comments']);
    assert.ok(r.changed);
  });

  it('removing commits clears its branches; removing the last glob turns commits off', () => {
    const sub = makeSub({ filters: { branches: ['release/*'] } });
    assert.deepEqual(removed(sub, 'commits').filters.branches, []);
    const r = removed(sub, 'commits:release/*');
    assert.ok(!r.features.includes('commits'));
    const both = removed(makeSub({ filters: { branches: [DEFAULT_BRANCH, 'release/*'] } }), 'commits:release/*');
    assert.deepEqual(both.filters.branches, []);
    assert.ok(both.features.includes('commits'));
  });

  it('removes filters by their words', () => {
    const sub = makeSub({ filters: { includeLabels: ['good first issue'], excludeLabels: ['wip'], excludeAuthors: ['*[bot]'] } });
    const r = removed(sub, '+label:"Good First Issue" -label:wip -author:*[bot]');
    assert.deepEqual([r.filters.includeLabels, r.filters.excludeLabels, r.filters.excludeAuthors], [[], [], []]);
    assert.deepEqual(r.features, sub.features);
    const pay = makeSub({ source: 'stripe', target: '*', features: ['payments'], filters: { minAmount: { amount: 1, currency: 'USD' } } });
    assert.equal(removed(pay, 'min').filters.minAmount, null);
  });

  it('errors on unknown words and on words for custom hooks', () => {
    const r = removeFeatures(makeSub(), ['reveiws']);
    assert.ok(!r.ok && /Did you mean "reviews"/.test(r.error));
    const c = removeFeatures(makeSub({ source: 'custom', target: 'x', features: [] }), ['issues']);
    assert.ok(!c.ok && /no features to turn off/.test(c.error));
    const neg = removeFeatures(makeSub(), ['-reviews']);
    assert.ok(neg.ok, '"-reviews" turns reviews off too');
  });

  it('returns no features left when all are removed', () => {
    assert.deepEqual(removed(makeSub({ features: ['issues'] }), 'issues').features, []);
  });
});

describe('describeSubscription', () => {
  it('names features, branches and filters', () => {
    const sub = makeSub({ filters: { excludeAuthors: ['*[bot]'], includeLabels: ['good first issue'] } });
    assert.equal(describeSubscription(sub), 'acme/api: issues, pulls, commits (default branch), releases, deployments · +label:"good first issue" -author:*[bot]');
    assert.equal(describeSubscription(makeSub({ features: ['commits'], filters: { branches: ['*'] } })), 'acme/api: commits (all branches)');
    assert.equal(describeSubscription(makeSub({ features: ['commits'], filters: { branches: [DEFAULT_BRANCH, 'release/*'] } })), 'acme/api: commits (default branch, release/*)');
    assert.equal(describeSubscription(makeSub({ source: 'custom', target: 'deploy-bot', features: [] })), 'custom hook deploy-bot: all events');
    assert.equal(describeSubscription(makeSub({ source: 'stripe', target: '*', features: ['payments'], filters: { minAmount: { amount: 10050, currency: 'USD' } } })), 'stripe (all accounts): payments · min:100.5USD');
    assert.match(describeSubscription(makeSub({ pausedReason: 'channel not found' })), /· paused: channel not found$/);
    assert.equal(targetLabel('uptime', '*'), 'uptime (all sites)');
  });

  it('filter words round-trip through the parser', () => {
    const sub = makeSub({ filters: { branches: ['release/*'], includeLabels: ['good first issue'], excludeLabels: ['wip'], excludeAuthors: ['*[bot]'] } });
    const again = parsed('github', filterWords(sub.filters).join(' '));
    assert.deepEqual(again.filters, sub.filters);
  });
});

describe('currency', () => {
  it('parses and formats amounts by exponent', () => {
    assert.deepEqual(parseAmount('USD100'), { ok: true, amount: 10000, currency: 'USD' });
    assert.deepEqual(parseAmount('1.5jod'), { ok: true, amount: 1500, currency: 'JOD' });
    assert.deepEqual(parseAmount('3OMR'), { ok: true, amount: 3000, currency: 'OMR' });
    assert.deepEqual(parseAmount('7TND'), { ok: true, amount: 7000, currency: 'TND' });
    assert.deepEqual(parseAmount('10.50EUR'), { ok: true, amount: 1050, currency: 'EUR' });
    assert.equal(formatAmountWord(5000, 'JPY'), '5000JPY');
    assert.equal(formatAmountWord(1500, 'KWD'), '1.5KWD');
    assert.equal(formatAmountWord(10000, 'USD'), '100USD');
  });
});
