/** "Did you mean …?" helpers: optimal-string-alignment (Damerau–Levenshtein) distance. */

/** Edit distance counting insertions, deletions, substitutions and adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  // rows[i][j] = distance between a[0..i) and b[0..j)
  const rows: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= n; i++) {
    const row = rows[i]!;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(i - 2, j - 2) + 1);
      row[j] = d;
    }
  }
  return at(n, m);
}

/** Largest distance still worth suggesting: 1 for very short words, 2 usually, 3 for long ones. */
function threshold(word: string): number {
  if (word.length <= 3) return 1;
  if (word.length >= 9) return 3;
  return 2;
}

/**
 * The candidate closest to `word` (case-insensitive), or null when nothing is close enough.
 * `aliases` maps well-known synonyms (e.g. "prs") straight to a candidate.
 */
export function closest(word: string, candidates: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | null {
  const w = word.toLowerCase();
  const alias = Object.hasOwn(aliases, w) ? aliases[w] : undefined;
  if (alias !== undefined && candidates.includes(alias)) return alias;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== null && bestDistance <= threshold(w)) return best;
  // A clear prefix ("rev" → "reviews") is also worth suggesting when it is unambiguous.
  const prefixed = w.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(w)) : [];
  return prefixed.length === 1 ? prefixed[0]! : null;
}

/** " Did you mean "x"?" or "" — ready to append to an error message. */
export function didYouMean(word: string, candidates: readonly string[], aliases?: Readonly<Record<string, string>>): string {
  const hit = closest(word, candidates, aliases);
  return hit === null ? '' : ` Did you mean "${hit}"?`;
}
