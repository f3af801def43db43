/** Parsing entry points used by the commands and the admin API (words, filters, targets). */
export { DEFAULT_BRANCH, emptyFilters, featureHelp, filterHelp, parseFeatureWords, parseFilterWord, type ParseResult } from './parse-features.ts';
export { normalizeSiteUrl, validateTarget, type TargetResult } from './target.ts';
export { tokenizeCommandText } from './tokenize.ts';
