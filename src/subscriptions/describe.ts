/** Human descriptions of subscriptions for chat replies, the admin API and logs (plain text). */
import type { Source } from '../events/normalized-event.ts';
import type { Subscription } from './subscription.ts';
import { hasFeatureWords, sortFeatures } from './features.ts';
import { filterWords } from './merge.ts';
import { DEFAULT_BRANCH } from './parse-features.ts';

export interface SubscriptionDescription {
  /** "acme/api", "stripe (all accounts)", "uptime https://example.com", "custom hook deploy-bot". */
  target: string;
  /** Feature words, commits annotated with its branches: "commits (default branch)". */
  features: string[];
  /** Filter words as typed: "-author:*[bot]", "+label:\"good first issue\"", "min:100USD". */
  filters: string[];
  paused: string | null;
}

/** How a target is named to people. */
export function targetLabel(source: Source, target: string): string {
  switch (source) {
    case 'github':
      return target;
    case 'stripe':
      return target === '*' ? 'stripe (all accounts)' : `stripe ${target}`;
    case 'paypal':
      return 'paypal';
    case 'uptime':
      return target === '*' ? 'uptime (all sites)' : `uptime ${target}`;
    case 'custom':
      return `custom hook ${target}`;
  }
}

/** "default branch", "all branches", "default branch, release/*". */
export function describeBranches(branches: readonly string[]): string {
  if (branches.length === 0) return 'default branch';
  if (branches.includes('*')) return 'all branches';
  return branches.map((b) => (b === DEFAULT_BRANCH ? 'default branch' : b)).join(', ');
}

type Describable = Pick<Subscription, 'source' | 'target' | 'features' | 'filters'> & { pausedReason?: string | null };

export function describeParts(sub: Describable): SubscriptionDescription {
  const features = hasFeatureWords(sub.source)
    ? sortFeatures(sub.source, sub.features).map((w) => (w === 'commits' ? `commits (${describeBranches(sub.filters.branches)})` : w))
    : ['all events'];
  return {
    target: targetLabel(sub.source, sub.target),
    features: features.length > 0 ? features : ['no features'],
    // branches are shown with commits already
    filters: filterWords({ ...sub.filters, branches: [] }),
    paused: sub.pausedReason ? sub.pausedReason : null,
  };
}

/** `acme/api: issues, pulls, commits (default branch), releases, deployments · -author:*[bot]` */
export function describeSubscription(sub: Describable): string {
  const d = describeParts(sub);
  let text = `${d.target}: ${d.features.join(', ')}`;
  if (d.filters.length > 0) text += ` · ${d.filters.join(' ')}`;
  if (d.paused !== null) text += ` · paused: ${d.paused}`;
  return text;
}
