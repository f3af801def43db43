import assert from 'node:assert/strict';
import { eventMatchesSubscription, explainMatch } from '../../src/subscriptions/match.ts';
import { DEFAULT_BRANCH } from '../../src/subscriptions/parse-features.ts';
import { globMatch } from '../../src/subscriptions/glob.ts';
import { makeEvent, makeSub } from '../fakes/events.ts';

const push = (branch: string | null, defaultBranch: string | null = 'main') =>
  makeEvent({ type: 'push', action: null, feature: 'commits', branch, defaultBranch });

describe('globMatch', () => {
  it('* matches anything including /, other characters are literal', () => {
    assert.ok(globMatch('release/*', 'release/1.2'));
    assert.ok(globMatch('release/*', 'release/a/b'));
    assert.ok(globMatch('release/**', 'release/a/b'));
    assert.ok(globMatch('*', ''));
    assert.ok(!globMatch('release/*', 'hotfix/release/1'));
    assert.ok(globMatch('v1.2', 'v1.2'));
    assert.ok(!globMatch('v1.2', 'v1x2'), 'dots are literal');
    assert.ok(globMatch('*[bot]', 'dependabot[bot]', true));
    assert.ok(!globMatch('*[bot]', 'b', true), 'brackets are not a character class');
    assert.ok(!globMatch('*[bot]', 'robot', true));
    assert.ok(globMatch('a+b(c)?', 'a+b(c)?'));
    assert.ok(globMatch('Main', 'main', true) && !globMatch('Main', 'main'));
  });
});

describe('eventMatchesSubscription', () => {
  it('needs the same source and a matching target (incl. owner/*)', () => {
    assert.ok(eventMatchesSubscription(makeEvent(), makeSub()));
    assert.ok(eventMatchesSubscription(makeEvent(), makeSub({ target: 'acme/*' })));
    assert.ok(!eventMatchesSubscription(makeEvent({ target: 'acme/web' }), makeSub()));
    assert.ok(!eventMatchesSubscription(makeEvent({ target: 'other/api' }), makeSub({ target: 'acme/*' })));
    assert.ok(!eventMatchesSubscription(makeEvent({ source: 'stripe', target: '*' }), makeSub()));
  });

  it('feature must be on; a null feature never matches', () => {
    assert.ok(!eventMatchesSubscription(makeEvent({ feature: 'reviews' }), makeSub()));
    assert.ok(eventMatchesSubscription(makeEvent({ feature: 'reviews' }), makeSub({ features: ['reviews'] })));
    assert.ok(!eventMatchesSubscription(makeEvent({ feature: null, type: 'ping' }), makeSub()));
    assert.deepEqual(explainMatch(makeEvent({ feature: 'stars' }), makeSub()), { matched: false, reason: 'feature stars is off' });
  });

  it('custom subscriptions take every postable event of their hook', () => {
    const sub = makeSub({ source: 'custom', target: 'deploy-bot', features: [] });
    assert.ok(eventMatchesSubscription(makeEvent({ source: 'custom', target: 'deploy-bot', feature: 'event' }), sub));
    assert.ok(!eventMatchesSubscription(makeEvent({ source: 'custom', target: 'deploy-bot', feature: null }), sub));
    assert.ok(!eventMatchesSubscription(makeEvent({ source: 'custom', target: 'other', feature: 'event' }), sub));
  });

  it('paused subscriptions get nothing', () => {
    assert.ok(!eventMatchesSubscription(makeEvent(), makeSub({ pausedReason: 'channel deleted' })));
  });

  it('plain commits = default branch only', () => {
    const sub = makeSub();
    assert.ok(eventMatchesSubscription(push('main'), sub));
    assert.ok(!eventMatchesSubscription(push('feature/x'), sub));
    assert.ok(eventMatchesSubscription(push('trunk', 'trunk'), sub));
    assert.ok(eventMatchesSubscription(push('feature/x', null), sub), 'unknown default branch: passes');
  });

  it('commits:<glob>, commits:* and default + glob', () => {
    assert.ok(eventMatchesSubscription(push('release/1.0'), makeSub({ filters: { branches: ['release/*'] } })));
    assert.ok(!eventMatchesSubscription(push('main'), makeSub({ filters: { branches: ['release/*'] } })));
    assert.ok(eventMatchesSubscription(push('anything/at/all'), makeSub({ filters: { branches: ['*'] } })));
    const both = makeSub({ filters: { branches: [DEFAULT_BRANCH, 'release/*'] } });
    assert.ok(eventMatchesSubscription(push('main'), both));
    assert.ok(eventMatchesSubscription(push('release/2'), both));
    assert.ok(!eventMatchesSubscription(push('dev'), both));
  });

  it('branch filters only apply to commits', () => {
    const sub = makeSub({ filters: { branches: ['release/*'] } });
    assert.ok(eventMatchesSubscription(makeEvent({ feature: 'pulls', branch: 'feature/x' }), sub));
  });

  it('+label: requires one of the labels on issue-like events, case-insensitively', () => {
    const sub = makeSub({ filters: { includeLabels: ['Good First Issue', 'bug'] } });
    assert.ok(eventMatchesSubscription(makeEvent({ labels: ['good first issue'] }), sub));
    assert.ok(eventMatchesSubscription(makeEvent({ feature: 'pulls', labels: ['BUG', 'x'] }), sub));
    assert.ok(!eventMatchesSubscription(makeEvent({ labels: ['enhancement'] }), sub));
    assert.ok(!eventMatchesSubscription(makeEvent({ labels: [] }), sub));
    assert.ok(eventMatchesSubscription(push('main'), sub), 'commits are not label-filtered');
  });

  it('-label: drops events carrying the label', () => {
    const sub = makeSub({ filters: { excludeLabels: ['dependencies'] } });
    assert.ok(!eventMatchesSubscription(makeEvent({ feature: 'pulls', labels: ['Dependencies'] }), sub));
    assert.ok(eventMatchesSubscription(makeEvent({ feature: 'pulls', labels: ['bug'] }), sub));
  });

  it('-author: drops matching actors, brackets literal, case-insensitive', () => {
    const sub = makeSub({ filters: { excludeAuthors: ['*[bot]'] } });
    assert.ok(!eventMatchesSubscription(makeEvent({ actor: 'dependabot[bot]' }), sub));
    assert.ok(!eventMatchesSubscription(makeEvent({ actor: 'Renovate[BOT]' }), sub));
    assert.ok(eventMatchesSubscription(makeEvent({ actor: 'robot' }), sub), '"robot" must not match *[bot]');
    assert.ok(eventMatchesSubscription(makeEvent({ actor: 'b' }), sub));
    assert.ok(eventMatchesSubscription(makeEvent({ actor: null }), sub));
    const prefix = makeSub({ filters: { excludeAuthors: ['dependabot*'] } });
    assert.ok(!eventMatchesSubscription(makeEvent({ actor: 'dependabot-preview' }), prefix));
    assert.match((explainMatch(makeEvent({ actor: 'dependabot[bot]' }), sub) as { reason: string }).reason, /-author:\*\[bot\]/);
  });

  describe('min:', () => {
    const sub = makeSub({ source: 'stripe', target: '*', features: ['payments', 'refunds', 'disputes'], filters: { minAmount: { amount: 10000, currency: 'USD' } } });
    const pay = (amount: number | null, currency: string | null, feature = 'payments') =>
      makeEvent({ source: 'stripe', target: 'acct_1', feature, actor: null, data: { ...(amount !== null ? { amount } : {}), ...(currency !== null ? { currency } : {}) } });

    it('drops smaller amounts in the same currency (minor units, any case)', () => {
      assert.ok(!eventMatchesSubscription(pay(9999, 'usd'), sub));
      assert.ok(eventMatchesSubscription(pay(10000, 'usd'), sub));
      assert.ok(eventMatchesSubscription(pay(250000, 'USD'), sub));
      assert.ok(!eventMatchesSubscription(pay(500, 'usd', 'refunds'), sub));
    });
    it('lets other currencies, missing amounts and disputes pass', () => {
      assert.ok(eventMatchesSubscription(pay(5, 'eur'), sub));
      assert.ok(eventMatchesSubscription(pay(null, null), sub));
      assert.ok(eventMatchesSubscription(pay(5, 'usd', 'disputes'), sub));
    });
  });
});
