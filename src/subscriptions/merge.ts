/**
 * Combining a subscription with more words: subscribing twice merges, unsubscribing with words
 * turns only those features/filters off.
 *
 * Merge (second `/subscribe` of the same target): features = existing ∪ added − removed; filter
 * lists are unioned; `commits:<glob>` is ADDED to the branches already followed (an existing
 * default-branch subscription plus `commits:release/*` follows both); a new `min:` replaces the old.
 */
import type { Source } from '../events/normalized-event.ts';
import type { Subscription, SubscriptionFilters } from './subscription.ts';
import { formatAmountWord } from './currency.ts';
import { featureWords, hasFeatureWords, sortFeatures } from './features.ts';
import { DEFAULT_BRANCH, MAX_FILTER_ENTRIES, normalizeBranches, parseFilterWord, unknownFeature, type ParseResult } from './parse-features.ts';

type Parsed = Extract<ParseResult, { ok: true }>;
type Existing = Pick<Subscription, 'source' | 'features' | 'filters'>;

export interface SubscriptionChange {
  features: string[];
  filters: SubscriptionFilters;
  /** Feature words and filter words (canonical, e.g. `-author:*[bot]`) now on that were not. */
  turnedOn: string[];
  /** Feature words and filter words that were on and are not any more. */
  turnedOff: string[];
  changed: boolean;
}

const quote = (value: string): string => (/[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/** The filters as the words one would type (`commits:release/*`, `+label:"good first issue"`, `min:100USD`). */
export function filterWords(filters: SubscriptionFilters): string[] {
  return [
    ...filters.branches.filter((b) => b !== DEFAULT_BRANCH).map((b) => `commits:${b}`),
    ...filters.includeLabels.map((l) => `+label:${quote(l)}`),
    ...filters.excludeLabels.map((l) => `-label:${quote(l)}`),
    ...filters.excludeAuthors.map((a) => `-author:${a}`),
    ...(filters.minAmount ? [`min:${formatAmountWord(filters.minAmount.amount, filters.minAmount.currency)}`] : []),
  ];
}

function unionCI(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.some((y) => y.toLowerCase() === x.toLowerCase())) out.push(x);
  return out;
}

const withoutCI = (list: readonly string[], remove: readonly string[]): string[] =>
  list.filter((x) => !remove.some((r) => r.toLowerCase() === x.toLowerCase()));

/** Branch entries a subscription follows, with the implicit default branch made explicit. */
function followedBranches(sub: Existing): string[] {
  if (!sub.features.includes('commits')) return [];
  return sub.filters.branches.length === 0 ? [DEFAULT_BRANCH] : [...sub.filters.branches];
}

function diff(source: Source, before: Existing, features: string[], filters: SubscriptionFilters): SubscriptionChange {
  const wordsBefore = [...before.features, ...filterWords(before.filters)];
  const wordsAfter = [...features, ...filterWords(filters)];
  const turnedOn = wordsAfter.filter((w) => !wordsBefore.includes(w));
  const turnedOff = wordsBefore.filter((w) => !wordsAfter.includes(w));
  const branchesChanged = JSON.stringify(before.filters.branches) !== JSON.stringify(filters.branches);
  return { features: sortFeatures(source, features), filters, turnedOn, turnedOff, changed: turnedOn.length + turnedOff.length > 0 || branchesChanged };
}

export function mergeSubscription(existing: Existing, parsed: Parsed): SubscriptionChange {
  const source = existing.source;
  const features = sortFeatures(source, [...existing.features, ...parsed.added].filter((w) => !parsed.removed.includes(w)));
  const old = existing.filters;
  const nw = parsed.filters;
  let branches = old.branches;
  if (parsed.removed.includes('commits')) branches = [];
  else if (parsed.added.includes('commits')) {
    branches = normalizeBranches([...followedBranches(existing), ...(nw.branches.length > 0 ? nw.branches : [DEFAULT_BRANCH])]);
  }
  const includeLabels = withoutCI(unionCI(old.includeLabels, nw.includeLabels), nw.excludeLabels);
  const excludeLabels = withoutCI(unionCI(old.excludeLabels, nw.excludeLabels), nw.includeLabels);
  const filters: SubscriptionFilters = {
    branches: branches.slice(0, MAX_FILTER_ENTRIES),
    includeLabels: includeLabels.slice(0, MAX_FILTER_ENTRIES),
    excludeLabels: excludeLabels.slice(0, MAX_FILTER_ENTRIES),
    excludeAuthors: unionCI(old.excludeAuthors, nw.excludeAuthors).slice(0, MAX_FILTER_ENTRIES),
    minAmount: nw.minAmount ?? old.minAmount,
  };
  return diff(source, existing, features, filters);
}

export type RemoveResult = ({ ok: true; notPresent: string[] } & SubscriptionChange) | { ok: false; error: string };

/**
 * `/unsubscribe <source> <target> word…`: turns off the named features and removes the named
 * filters (`commits:<glob>`, `+label:x`, `-label:x`, `-author:g`, `min` / `min:…`). Removing the
 * last followed branch turns commits off. The caller removes the subscription when no feature is
 * left (sources without feature words cannot take words at all).
 */
export function removeFeatures(existing: Existing, words: readonly string[]): RemoveResult {
  const source = existing.source;
  const cleaned = words.map((w) => w.trim()).filter((w) => w !== '');
  if (!hasFeatureWords(source) && cleaned.length > 0) {
    return { ok: false, error: `${source} subscriptions have no features to turn off: unsubscribe without words to remove it.` };
  }
  let features = [...existing.features];
  const f: SubscriptionFilters = { ...existing.filters, branches: [...existing.filters.branches] };
  const notPresent: string[] = [];
  const drop = (list: string[], value: string, word: string): string[] => {
    const next = withoutCI(list, [value]);
    if (next.length === list.length) notPresent.push(word);
    return next;
  };
  for (const given of cleaned) {
    // "-reviews" or "-min" in an unsubscribe means what "reviews" or "min" means there: turn it off.
    const word = /^-\w/.test(given) && parseFilterWord(source, given, true) === null ? given.slice(1) : given;
    const filter = parseFilterWord(source, word, true);
    if (filter !== null && 'error' in filter) return { ok: false, error: filter.error };
    if (filter === null) {
      const bare = word.toLowerCase();
      if (!featureWords(source).includes(bare)) return { ok: false, error: unknownFeature(source, bare) };
      if (!features.includes(bare)) {
        notPresent.push(bare);
        continue;
      }
      features = features.filter((x) => x !== bare);
      if (bare === 'commits') f.branches = [];
      continue;
    }
    switch (filter.kind) {
      case 'commits': {
        const current = followedBranches({ source, features, filters: f });
        if (!current.includes(filter.glob)) {
          notPresent.push(word);
          break;
        }
        const rest = current.filter((b) => b !== filter.glob);
        if (rest.length === 0) {
          features = features.filter((x) => x !== 'commits');
          f.branches = [];
        } else f.branches = normalizeBranches(rest);
        break;
      }
      case 'includeLabel':
        f.includeLabels = drop(f.includeLabels, filter.name, word);
        break;
      case 'excludeLabel':
        f.excludeLabels = drop(f.excludeLabels, filter.name, word);
        break;
      case 'excludeAuthor':
        f.excludeAuthors = drop(f.excludeAuthors, filter.glob, word);
        break;
      case 'min':
      case 'minAny':
        if (f.minAmount === null) notPresent.push(word);
        f.minAmount = null;
        break;
    }
  }
  return { ok: true, notPresent, ...diff(source, existing, features, f) };
}
