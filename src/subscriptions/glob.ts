/**
 * Tiny globs for branch and author filters: `*` (and `**`, the same) matches any run of
 * characters including `/`; every other character is literal — `[bot]` means the text "[bot]",
 * not a character class. `?` is literal too (it never occurs in branch names or logins).
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}:${glob}`;
  let re = cache.get(key);
  if (re === undefined) {
    const body = glob
      .split(/\*+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function globMatch(glob: string, text: string, caseInsensitive = false): boolean {
  return globToRegExp(glob, caseInsensitive).test(text);
}
