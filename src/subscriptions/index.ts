/** Public API of the pure subscription logic (no I/O). */
export * from './features.ts';
export * from './parse-features.ts';
export * from './target.ts';
export * from './tokenize.ts';
export * from './currency.ts';
export * from './suggest.ts';
export * from './glob.ts';
export { eventMatchesSubscription, explainMatch, type MatchResult } from './match.ts';
export * from './merge.ts';
export * from './describe.ts';
