/**
 * The delivery ids lowdb remembers for dedupe ("<source>:<deliveryId>" → ISO time first seen),
 * capped per source (and per generic hook), oldest dropped first (in batches of 10%). So a flood on
 * one — anyone holding a generic hook's URL can send thousands of requests — can never push out
 * the ids of another: a GitHub or Stripe retry, or another hook's, is still recognised.
 */
export class DedupeSet {
  private readonly bySource = new Map<string, Map<string, string>>();

  constructor(private readonly limitPerSource: number) {}

  /** The group a key is capped in: its source, and for generic hooks the hook ("custom:<hook>"). */
  private static sourceOf(key: string): string {
    const colon = key.indexOf(':');
    if (colon < 0) return key;
    const next = key.startsWith('custom:') ? key.indexOf(':', colon + 1) : -1;
    return key.slice(0, next > 0 ? next : colon);
  }

  has(key: string): boolean {
    return this.bySource.get(DedupeSet.sourceOf(key))?.has(key) ?? false;
  }

  /** Remembers `key` (a no-op when known), dropping the source's oldest ids once 10% over the cap. */
  add(key: string, at: string): void {
    const source = DedupeSet.sourceOf(key);
    let ids = this.bySource.get(source);
    if (!ids) this.bySource.set(source, (ids = new Map()));
    if (ids.has(key)) return;
    ids.set(key, at);
    if (ids.size > this.limitPerSource + Math.max(1, Math.floor(this.limitPerSource / 10))) {
      let excess = ids.size - this.limitPerSource;
      for (const old of ids.keys()) {
        if (excess-- <= 0) break;
        ids.delete(old);
      }
    }
  }

  delete(key: string): void {
    this.bySource.get(DedupeSet.sourceOf(key))?.delete(key);
  }

  get size(): number {
    let n = 0;
    for (const ids of this.bySource.values()) n += ids.size;
    return n;
  }

  /** Every id, oldest first within each source. */
  *entries(): IterableIterator<[string, string]> {
    for (const ids of this.bySource.values()) yield* ids.entries();
  }

  /** A copy taken now (a background compaction serializes it while new ids keep arriving). */
  copy(): Map<string, string> {
    return new Map(this.entries());
  }
}
