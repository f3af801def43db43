/**
 * The registry of sources: their feature words (with defaults), the filters they accept and what
 * their targets look like. This is the single source of truth for PRODUCT.md's
 * "Sources, targets and features" table; commands, the admin API and matching all read it.
 */
import type { Source } from '../events/normalized-event.ts';

export const FILTER_KINDS = ['commits', 'label', 'author', 'min'] as const;
/** commits = `commits:<glob>`, label = `+label:`/`-label:`, author = `-author:`, min = `min:<amount><CUR>`. */
export type FilterKind = (typeof FILTER_KINDS)[number];

export interface FeatureSpec {
  readonly word: string;
  /** On when a subscription names no features. */
  readonly default: boolean;
  readonly description: string;
}

export interface SourceSpec {
  readonly source: Source;
  /** Name shown to people ("GitHub"). */
  readonly label: string;
  /** Empty for sources without feature words (custom: every event of the hook). */
  readonly features: readonly FeatureSpec[];
  readonly filters: readonly FilterKind[];
  /** Whether `/subscribe <source>` needs a target, or defaults to `*`. */
  readonly targetRequired: boolean;
  /** How the target is described in help texts. */
  readonly targetHint: string;
  /** Example `/subscribe` arguments (after the command name). */
  readonly examples: readonly string[];
}

const f = (word: string, on: boolean, description: string): FeatureSpec => ({ word, default: on, description });

export const SOURCE_SPECS: Readonly<Record<Source, SourceSpec>> = {
  github: {
    source: 'github',
    label: 'GitHub',
    features: [
      f('issues', true, 'issues opened, closed, reopened'),
      f('pulls', true, 'pull requests opened, closed, merged'),
      f('commits', true, 'pushes to the default branch (commits:<glob> for others)'),
      f('releases', true, 'published releases'),
      f('deployments', true, 'deployment statuses'),
      f('reviews', false, 'pull request reviews'),
      f('comments', false, 'comments on issues and pull requests'),
      f('branches', false, 'branches and tags created or deleted'),
      f('workflows', false, 'GitHub Actions workflow runs'),
      f('discussions', false, 'discussions'),
      f('stars', false, 'new stars'),
      f('forks', false, 'new forks'),
    ],
    filters: ['commits', 'label', 'author'],
    targetRequired: true,
    targetHint: 'owner/repo or owner/*',
    examples: ['github acme/api', 'github acme/api reviews comments', 'github acme/* commits:* -author:*[bot]', 'github acme/api +label:"good first issue"'],
  },
  stripe: {
    source: 'stripe',
    label: 'Stripe',
    features: [
      f('payments', true, 'successful and failed payments'),
      f('refunds', true, 'refunds'),
      f('disputes', true, 'disputes, with the evidence deadline'),
      f('subscriptions', true, 'subscriptions created, changed, cancelled'),
      f('invoices', true, 'invoices paid or failed'),
      f('payouts', false, 'payouts'),
      f('checkout', false, 'completed Checkout sessions'),
    ],
    filters: ['min'],
    targetRequired: false,
    targetHint: '* (all accounts, the default) or a Connect account id acct_…',
    examples: ['stripe', 'stripe payouts min:100USD', 'stripe acct_1Nx2y3 -subscriptions'],
  },
  paypal: {
    source: 'paypal',
    label: 'PayPal',
    features: [
      f('payments', true, 'payments captured, denied, refunded'),
      f('refunds', true, 'refunds'),
      f('disputes', true, 'disputes'),
      f('subscriptions', true, 'billing subscriptions'),
    ],
    filters: ['min'],
    targetRequired: false,
    targetHint: '* (the default)',
    examples: ['paypal', 'paypal min:50EUR'],
  },
  uptime: {
    source: 'uptime',
    label: 'Uptime',
    features: [
      f('down', true, 'a site went down'),
      f('up', true, 'a site recovered'),
      f('tls', true, 'TLS certificate about to expire'),
      f('slow', false, 'a site answers slowly'),
    ],
    filters: [],
    targetRequired: true,
    targetHint: 'a site URL (https://…) or * for every site',
    examples: ['uptime https://example.com', 'uptime * slow'],
  },
  custom: {
    source: 'custom',
    label: 'Custom hook',
    features: [],
    filters: [],
    targetRequired: true,
    targetHint: 'the name of a generic hook created by the operator',
    examples: ['custom deploy-bot'],
  },
};

export function sourceSpec(source: Source): SourceSpec {
  return SOURCE_SPECS[source];
}

export function featureWords(source: Source): string[] {
  return SOURCE_SPECS[source].features.map((x) => x.word);
}

export function defaultFeatures(source: Source): string[] {
  return SOURCE_SPECS[source].features.filter((x) => x.default).map((x) => x.word);
}

/** Sources without feature words get every (postable) event of their target. */
export function hasFeatureWords(source: Source): boolean {
  return SOURCE_SPECS[source].features.length > 0;
}

/** Canonical order of features for display: the registry's order, unknown words last. */
export function sortFeatures(source: Source, features: Iterable<string>): string[] {
  const order = featureWords(source);
  const unique = [...new Set(features)];
  const rank = (w: string): number => {
    const i = order.indexOf(w);
    return i === -1 ? order.length : i;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Words people type that are not feature words but clearly mean one; used only for
 * "Did you mean …?" suggestions, never silently accepted.
 */
export const FEATURE_ALIASES: Readonly<Record<string, string>> = {
  pr: 'pulls', prs: 'pulls', pull: 'pulls', pullrequests: 'pulls', pull_requests: 'pulls', 'pull-requests': 'pulls',
  push: 'commits', pushes: 'commits', commit: 'commits',
  issue: 'issues', release: 'releases', deployment: 'deployments', deploys: 'deployments', deploy: 'deployments',
  review: 'reviews', comment: 'comments', branch: 'branches', tags: 'branches', workflow: 'workflows',
  actions: 'workflows', ci: 'workflows', discussion: 'discussions', star: 'stars', fork: 'forks',
  payment: 'payments', charges: 'payments', charge: 'payments', refund: 'refunds', dispute: 'disputes',
  subscription: 'subscriptions', invoice: 'invoices', payout: 'payouts', sessions: 'checkout',
  outage: 'down', outages: 'down', recovery: 'up', recovered: 'up', certificate: 'tls', cert: 'tls', ssl: 'tls',
  latency: 'slow',
};
