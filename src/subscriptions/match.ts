/**
 * Does an event go to a subscription? Rules:
 * - same source, and the subscription's target is one of matchTargets(event);
 * - paused subscriptions (pausedReason set) get nothing;
 * - event.feature null → never (stored, not posted); otherwise the feature must be on. Sources
 *   without feature words (custom) take every event with a non-null feature;
 * - commits: `branches` [] = default branch only (events that do not state a default branch pass);
 *   `*` = all; otherwise the branch must match a glob (DEFAULT_BRANCH entry = the default branch).
 *   Branch globs are case-sensitive like git. Only `commits` events are branch-filtered;
 * - +label: (any of them, case-insensitive) applies to issues, pulls, reviews, comments, discussions;
 *   -label: drops any event carrying the label;
 * - -author: drops events whose actor matches a glob (case-insensitive; brackets literal);
 * - min: drops events whose data.amount (minor units) is below the minimum when data.currency is
 *   the same currency. Other currencies and events without an amount pass: we never convert
 *   currencies and would rather post than silently lose money events. Disputes always pass.
 */
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Subscription } from './subscription.ts';
import { hasFeatureWords } from './features.ts';
import { globMatch } from './glob.ts';
import { DEFAULT_BRANCH } from './parse-features.ts';
import { matchTargets } from './target.ts';

const LABELLED_FEATURES = new Set(['issues', 'pulls', 'reviews', 'comments', 'discussions']);

export type MatchResult = { matched: true } | { matched: false; reason: string };

const no = (reason: string): MatchResult => ({ matched: false, reason });

function branchMatches(event: NormalizedEvent, branches: readonly string[]): boolean {
  if (event.branch === null) return true;
  const isDefault = event.defaultBranch === null || event.branch === event.defaultBranch;
  if (branches.length === 0) return isDefault;
  return branches.some((glob) => (glob === DEFAULT_BRANCH ? isDefault : globMatch(glob, event.branch!)));
}

/** Like eventMatchesSubscription, with the reason when it does not match ("why didn't I get this?"). */
export function explainMatch(event: NormalizedEvent, sub: Subscription): MatchResult {
  if (event.source !== sub.source) return no(`source ${event.source} is not ${sub.source}`);
  if (!matchTargets(event).includes(sub.target)) return no(`target ${event.target} is not ${sub.target}`);
  if (sub.pausedReason) return no(`subscription is paused: ${sub.pausedReason}`);
  if (event.feature === null) return no(`${event.type} events are not posted`);
  if (!featureOn(event, sub)) return no(`feature ${event.feature} is off`);
  const f = sub.filters;
  if (event.feature === 'commits' && !branchMatches(event, f.branches)) {
    return no(`branch ${event.branch} is not followed (${f.branches.length === 0 ? 'default branch only' : f.branches.join(', ')})`);
  }
  const labels = event.labels.map((l) => l.toLowerCase());
  if (f.includeLabels.length > 0 && LABELLED_FEATURES.has(event.feature) && !f.includeLabels.some((l) => labels.includes(l.toLowerCase()))) {
    return no(`none of the labels ${f.includeLabels.join(', ')}`);
  }
  const excluded = f.excludeLabels.find((l) => labels.includes(l.toLowerCase()));
  if (excluded !== undefined) return no(`label ${excluded} is excluded`);
  if (event.actor !== null) {
    const author = f.excludeAuthors.find((glob) => globMatch(glob, event.actor!, true));
    if (author !== undefined) return no(`author ${event.actor} matches -author:${author}`);
  }
  const min = f.minAmount;
  if (min !== null && event.feature !== 'disputes') {
    const { amount, currency } = event.data;
    if (typeof amount === 'number' && typeof currency === 'string' && currency.toUpperCase() === min.currency.toUpperCase() && amount < min.amount) {
      return no(`amount ${amount} is below min ${min.amount} (${min.currency} minor units)`);
    }
  }
  return { matched: true };
}

/** Whether the subscription has the event's feature on (sources without feature words: always). */
export function featureOn(event: Pick<NormalizedEvent, 'feature'>, sub: Pick<Subscription, 'source' | 'features'>): boolean {
  return event.feature !== null && (!hasFeatureWords(sub.source) || sub.features.includes(event.feature));
}

export function eventMatchesSubscription(event: NormalizedEvent, sub: Subscription): boolean {
  return explainMatch(event, sub).matched;
}

/** Alias of matchTargets: the target keys to pass to Store.findSubscriptionsByTargets. */
export { matchTargets as candidateTargets } from './target.ts';
