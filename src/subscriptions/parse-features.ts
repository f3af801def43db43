/**
 * Feature words and filters, as typed after the target in `/subscribe`, `/unsubscribe` and the
 * admin API's `features` array.
 *
 * Semantics (like GitHub's Slack app): for `/subscribe`, feature words are ADDED to the source's
 * defaults (`/subscribe github acme/api reviews` = defaults + reviews); `-word` turns a feature
 * off (`-commits`). Filters: `commits:<glob>` (turns commits on; branches matching the glob),
 * plain `commits` = default branch, `commits:*` = all branches; `+label:<name>`, `-label:<name>`,
 * `-author:<glob>`, `min:<amount><CUR>`. Words are case-insensitive; labels keep their case for
 * display but match case-insensitively.
 */
import type { Source } from '../events/normalized-event.ts';
import type { SubscriptionFilters } from './subscription.ts';
import { parseAmount } from './currency.ts';
import { FEATURE_ALIASES, defaultFeatures, featureWords, hasFeatureWords, sortFeatures, sourceSpec, type FilterKind } from './features.ts';
import { closest, didYouMean } from './suggest.ts';

/**
 * Sentinel in `filters.branches` meaning "the repository's default branch", used only when other
 * globs are present too (`commits commits:release/*`). `[]` alone already means default branch.
 * A colon can never appear in a git branch name, so it cannot clash with a real glob.
 */
export const DEFAULT_BRANCH = ':default';

/** At most this many entries per filter list. */
export const MAX_FILTER_ENTRIES = 25;

export type ParseResult =
  | {
      ok: true;
      /** The features of a NEW subscription: defaults + added − removed, in registry order. */
      features: string[];
      filters: SubscriptionFilters;
      /** Feature words explicitly turned on (incl. `commits` implied by `commits:<glob>`). */
      added: string[];
      /** Feature words explicitly turned off with `-word`. */
      removed: string[];
    }
  | { ok: false; error: string };

export function emptyFilters(): SubscriptionFilters {
  return { branches: [], includeLabels: [], excludeLabels: [], excludeAuthors: [], minAmount: null };
}

/** Human list of the filters a source accepts, for help and error texts. */
export function filterHelp(source: Source): string {
  const kinds = sourceSpec(source).filters;
  const parts: Record<FilterKind, string> = {
    commits: 'commits:<branch glob>',
    label: '+label:<name>, -label:<name>',
    author: '-author:<glob>',
    min: 'min:<amount><CUR>',
  };
  return kinds.length === 0 ? `${source} takes no filters` : `Filters: ${kinds.map((k) => parts[k]).join(', ')}`;
}

export function featureHelp(source: Source): string {
  const spec = sourceSpec(source);
  if (!hasFeatureWords(source)) return `${source} has no feature words: a subscription gets every event of the hook`;
  return `Features: ${spec.features.map((x) => (x.default ? `${x.word} (default)` : x.word)).join(', ')}`;
}

/** `sign` is the "-" of a word that turns a feature off: kept in the word and in the suggestion. */
export function unknownFeature(source: Source, word: string, sign = ''): string {
  const hit = closest(word, featureWords(source), FEATURE_ALIASES);
  const suggestion = hit === null ? '' : ` Did you mean "${sign}${hit}"?`;
  return `Unknown feature "${sign}${word}" for ${source}.${suggestion} ${featureHelp(source)}. ${filterHelp(source)}.`;
}

const SIMPLE_GLOB = /^[^\s:]{1,200}$/;

export type FilterWord =
  | { kind: 'commits'; glob: string }
  | { kind: 'includeLabel' | 'excludeLabel'; name: string }
  | { kind: 'excludeAuthor'; glob: string }
  | { kind: 'min'; amount: number; currency: string }
  | { kind: 'minAny' };

/**
 * Parses one `prefix:value` word. Returns null when the word has no filter prefix at all.
 * `allowBareMin`: `/unsubscribe … min` removes the minimum whatever its value.
 */
export function parseFilterWord(source: Source, word: string, allowBareMin = false): FilterWord | { error: string } | null {
  const m = /^([+-]?)([a-z_]+):(.*)$/is.exec(word);
  if (m === null) return allowBareMin && word.toLowerCase() === 'min' && sourceSpec(source).filters.includes('min') ? { kind: 'minAny' } : null;
  const sign = m[1]!;
  const name = m[2]!.toLowerCase();
  const value = m[3]!.trim();
  const accepted = sourceSpec(source).filters;
  const notFor = (kind: FilterKind, what: string): { error: string } | null =>
    accepted.includes(kind) ? null : { error: `${what} filters do not apply to ${source}. ${filterHelp(source)}.` };
  const needValue = (example: string): { error: string } | null => (value === '' ? { error: `"${word}" needs a value, e.g. ${example}.` } : null);
  switch (`${sign}${name}`) {
    case 'commits': {
      const bad = notFor('commits', 'commits:') ?? needValue('commits:main or commits:release/*');
      if (bad) return bad;
      if (!SIMPLE_GLOB.test(value)) return { error: `"${value}" is not a branch pattern (no spaces or ":").` };
      return { kind: 'commits', glob: value.replace(/\*{2,}/g, '*') };
    }
    case '+label':
    case '-label': {
      const bad = notFor('label', 'Label') ?? needValue(`${sign}label:bug or ${sign}label:"good first issue"`);
      if (bad) return bad;
      if (value.length > 100) return { error: 'Label names are at most 100 characters.' };
      return { kind: sign === '+' ? 'includeLabel' : 'excludeLabel', name: value };
    }
    case 'label':
      return { error: `Say whether to require or ignore the label: +label:${value || '<name>'} or -label:${value || '<name>'}.` };
    case '-author': {
      const bad = notFor('author', '-author:') ?? needValue('-author:*[bot]');
      if (bad) return bad;
      if (!/^\S{1,100}$/.test(value)) return { error: `"${value}" is not an author pattern (no spaces).` };
      return { kind: 'excludeAuthor', glob: value };
    }
    case 'author':
    case '+author':
      return { error: `Only -author:<glob> exists: it ignores events by matching actors, e.g. -author:*[bot].` };
    case 'min': {
      const bad = notFor('min', 'min:') ?? needValue('min:100USD');
      if (bad) return bad;
      const amount = parseAmount(value);
      return amount.ok ? { kind: 'min', amount: amount.amount, currency: amount.currency } : { error: amount.error };
    }
    case 'branch':
    case 'branches':
      return accepted.includes('commits') ? { error: `To follow commits on branches use commits:${value || '<glob>'}.` } : null;
    default:
      return { error: `Unknown filter "${sign}${name}:".${didYouMean(`${sign}${name}`, ['commits', '+label', '-label', '-author', 'min'])} ${filterHelp(source)}.` };
  }
}

function pushUnique(list: string[], value: string, caseInsensitive: boolean): void {
  const key = caseInsensitive ? value.toLowerCase() : value;
  if (!list.some((x) => (caseInsensitive ? x.toLowerCase() : x) === key)) list.push(value);
}

/** Parses feature words and filters (see the module comment). Never throws. */
export function parseFeatureWords(source: Source, words: readonly string[]): ParseResult {
  const known = featureWords(source);
  const added: string[] = [];
  const removed: string[] = [];
  const filters = emptyFilters();
  let plainCommits = false;
  const cleaned = words.map((w) => w.trim()).filter((w) => w !== '');
  if (!hasFeatureWords(source) && cleaned.length > 0) {
    return { ok: false, error: `${source} subscriptions take no feature words or filters: they get every event of the hook (got "${cleaned[0]}").` };
  }
  for (const word of cleaned) {
    const filter = parseFilterWord(source, word);
    if (filter !== null) {
      if ('error' in filter) return { ok: false, error: filter.error };
      switch (filter.kind) {
        case 'commits':
          pushUnique(filters.branches, filter.glob, false);
          pushUnique(added, 'commits', false);
          break;
        case 'includeLabel':
          pushUnique(filters.includeLabels, filter.name, true);
          break;
        case 'excludeLabel':
          pushUnique(filters.excludeLabels, filter.name, true);
          break;
        case 'excludeAuthor':
          pushUnique(filters.excludeAuthors, filter.glob, true);
          break;
        case 'min':
          if (filters.minAmount && (filters.minAmount.amount !== filter.amount || filters.minAmount.currency !== filter.currency)) {
            return { ok: false, error: `One min: per subscription (got two: ${word} and an earlier one). Amounts in other currencies are not converted, so keep the one in your usual currency.` };
          }
          filters.minAmount = { amount: filter.amount, currency: filter.currency };
          break;
        case 'minAny':
          break;
      }
      continue;
    }
    const negative = word.startsWith('-');
    const bare = (negative ? word.slice(1) : word).toLowerCase();
    if (!known.includes(bare)) return { ok: false, error: unknownFeature(source, bare, negative ? '-' : '') };
    if (negative) pushUnique(removed, bare, false);
    else {
      pushUnique(added, bare, false);
      if (bare === 'commits') plainCommits = true;
    }
  }
  const conflict = added.find((w) => removed.includes(w));
  if (conflict !== undefined) return { ok: false, error: `"${conflict}" and "-${conflict}" contradict each other.` };
  for (const [name, list] of [['branch', filters.branches], ['+label', filters.includeLabels], ['-label', filters.excludeLabels], ['-author', filters.excludeAuthors]] as const) {
    if (list.length > MAX_FILTER_ENTRIES) return { ok: false, error: `At most ${MAX_FILTER_ENTRIES} ${name} filters per subscription.` };
  }
  const both = filters.includeLabels.find((l) => filters.excludeLabels.some((x) => x.toLowerCase() === l.toLowerCase()));
  if (both !== undefined) return { ok: false, error: `"+label:${both}" and "-label:${both}" contradict each other.` };
  if (filters.branches.length > 0 && plainCommits) filters.branches.unshift(DEFAULT_BRANCH);
  filters.branches = normalizeBranches(filters.branches);
  const features = sortFeatures(source, [...defaultFeatures(source), ...added].filter((w) => !removed.includes(w)));
  return { ok: true, features, filters, added: sortFeatures(source, added), removed: sortFeatures(source, removed) };
}

/** `*` swallows everything; a lone DEFAULT_BRANCH is the same as `[]`. */
export function normalizeBranches(branches: readonly string[]): string[] {
  if (branches.includes('*')) return ['*'];
  const unique = [...new Set(branches)];
  if (unique.length === 1 && unique[0] === DEFAULT_BRANCH) return [];
  return unique.includes(DEFAULT_BRANCH) ? [DEFAULT_BRANCH, ...unique.filter((b) => b !== DEFAULT_BRANCH)] : unique;
}
