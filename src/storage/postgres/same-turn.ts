/**
 * Coalesces identical reads issued in the same event-loop turn into one query: under a burst,
 * every webhook for acme/api asks for the same subscriptions. Only calls of the same turn share
 * a query, and it is sent after all of them were made, so each caller still sees everything
 * committed before it asked (a call never joins a query that started earlier).
 */
export class SameTurnReads<T> {
  private readonly open = new Map<string, Promise<T>>();

  read(key: string, query: () => Promise<T>): Promise<T> {
    const shared = this.open.get(key);
    if (shared) return shared;
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(query);
    this.open.set(key, result);
    // Queued after the immediate above: the query is sent first, then later callers start anew.
    setImmediate(() => this.open.delete(key));
    return result;
  }
}
