import assert from 'node:assert/strict';
import { matchTargets, normalizeSiteUrl, sameTarget, validateTarget } from '../../src/subscriptions/target.ts';
import type { Source } from '../../src/events/normalized-event.ts';

const good = (source: Source, input: string | undefined, expected: string): void => {
  assert.deepEqual(validateTarget(source, input), { ok: true, target: expected }, `${source} ${input}`);
};
const bad = (source: Source, input: string | undefined, pattern: RegExp): void => {
  const r = validateTarget(source, input);
  assert.ok(!r.ok, `${source} ${input} should be rejected`);
  assert.match(r.error, pattern);
};

describe('validateTarget', () => {
  it('github: owner/repo lower-cased, owner/*, and links', () => {
    good('github', 'Acme/API', 'acme/api');
    good('github', 'acme/my.repo_name-2', 'acme/my.repo_name-2');
    good('github', 'Acme/*', 'acme/*');
    good('github', 'acme/api.git', 'acme/api'); // pasted from a clone command
    good('github', 'git@github.com:Acme/API.git', 'acme/api');
    good('github', 'acme/api/', 'acme/api');
    good('github', 'https://github.com/Acme/Api', 'acme/api');
    good('github', 'https://github.com/acme/api.git', 'acme/api');
    good('github', 'https://www.github.com/acme/api/', 'acme/api');
    good('github', 'github.com/acme/api', 'acme/api');
    good('github', 'https://github.com/acme/api/pull/12#issuecomment-1', 'acme/api');
    good('github', '<https://github.com/acme/api|github.com/acme/api>', 'acme/api');
  });

  it('github: rejects what GitHub would not allow, with a hint', () => {
    bad('github', undefined, /Which repository\?/);
    bad('github', 'acme', /not a repository.*owner\/repo/);
    bad('github', 'ac_me/api', /owners use letters, digits and "-"/);
    bad('github', '-acme/api', /not a valid GitHub owner/);
    bad('github', 'acme/a b', /repository names use/);
    bad('github', 'acme/..', /repository names use/);
    bad('github', 'acme/api/extra', /not a valid/);
    bad('github', 'a'.repeat(40) + '/x', /not a valid GitHub owner/);
  });

  it('stripe: * by default, or a Connect account id', () => {
    good('stripe', undefined, '*');
    good('stripe', '', '*');
    good('stripe', '*', '*');
    good('stripe', 'acct_1Nx2Y3', 'acct_1Nx2Y3'); // account ids are case-sensitive
    good('stripe', 'ACCT_1Nx2Y3', 'acct_1Nx2Y3');
    bad('stripe', 'acme', /\* \(all accounts\) or a Connect account id/);
  });

  it('paypal: only *', () => {
    good('paypal', undefined, '*');
    good('paypal', '*', '*');
    bad('paypal', 'merchant', /no target other than \*/);
  });

  it('uptime: absolute http(s) URL normalised, or *', () => {
    good('uptime', '*', '*');
    good('uptime', 'https://Example.COM/', 'https://example.com');
    good('uptime', 'https://Example.com/Health?key=AbC#top', 'https://example.com/Health?key=AbC'); // path and query keep their case
    good('uptime', 'http://example.com:80/a', 'http://example.com/a');
    good('uptime', 'example.com', 'https://example.com');
    good('uptime', '<https://example.com|example.com>', 'https://example.com');
    good('uptime', 'https://user:pw@example.com/x', 'https://example.com/x');
    bad('uptime', undefined, /Which site\?/);
    bad('uptime', 'ftp://example.com', /not a site URL/);
    bad('uptime', 'not a url', /not a site URL/);
    bad('uptime', 'https://intranet', /not a site URL/);
  });

  it('custom: hook names', () => {
    good('custom', 'Deploy-Bot_2', 'deploy-bot_2');
    bad('custom', undefined, /Which hook\?/);
    bad('custom', 'deploy bot', /not a hook name/);
    bad('custom', 'x'.repeat(65), /not a hook name/);
    bad('custom', '*', /not a hook name/);
  });
});

describe('normalizeSiteUrl', () => {
  it('returns null for non-http URLs', () => {
    assert.equal(normalizeSiteUrl('mailto:a@b.c'), null);
    assert.equal(normalizeSiteUrl('nope'), null);
  });
});

describe('sameTarget', () => {
  it('is exact, except that an all-lower-case stored Stripe or uptime target (saved before case was kept) matches without case', () => {
    assert.ok(sameTarget('uptime', 'https://x.com/Health', 'https://x.com/Health'));
    assert.ok(sameTarget('uptime', 'https://x.com/health', 'https://x.com/Health'), 'a legacy target');
    assert.ok(!sameTarget('uptime', 'https://x.com/Health', 'https://x.com/health'), 'a mixed-case target is new: exact');
    assert.ok(sameTarget('stripe', 'acct_1nx2y3', 'acct_1Nx2Y3'));
    assert.ok(!sameTarget('stripe', 'acct_1Nx2Y3', 'acct_1nx2y3'));
    assert.ok(!sameTarget('github', 'acme/api', 'acme/web'));
  });
});

describe('matchTargets', () => {
  it('github: the repo and its owner wildcard, never a global *', () => {
    assert.deepEqual(matchTargets({ source: 'github', target: 'Acme/API' }), ['acme/api', 'acme/*']);
  });
  it('payments: the account and *', () => {
    assert.deepEqual(matchTargets({ source: 'stripe', target: 'acct_1' }), ['acct_1', '*']);
    assert.deepEqual(matchTargets({ source: 'paypal', target: 'merchant-1' }), ['merchant-1', '*']);
  });
  it('uptime: the normalised URL (as stored) and *', () => {
    const t = matchTargets({ source: 'uptime', target: 'https://Example.com/' });
    assert.equal(t[0], 'https://example.com');
    assert.ok(t.includes('*'));
    assert.equal(t[0], (validateTarget('uptime', 'https://example.com') as { target: string }).target);
    assert.deepEqual(
      matchTargets({ source: 'uptime', target: 'https://example.com/Health' }),
      ['https://example.com/Health', 'https://example.com/health', '*'],
      'the exact URL, and lower-cased for subscriptions stored before URLs kept their case',
    );
  });
  it('custom: only the hook name', () => {
    assert.deepEqual(matchTargets({ source: 'custom', target: 'deploy-bot' }), ['deploy-bot']);
  });
});
