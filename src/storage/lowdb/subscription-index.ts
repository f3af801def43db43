import type { Subscription } from '../../subscriptions/subscription.ts';

/** In-memory index of subscriptions by id and by (source, target), so matching stays O(targets). */
export class SubscriptionIndex {
  private readonly byId = new Map<string, Subscription>();
  private readonly byKey = new Map<string, Subscription[]>();

  constructor(initial: Subscription[]) {
    for (const s of initial) this.add(s);
  }

  private static key(source: string, target: string): string {
    return `${source}\u0000${target}`;
  }

  all(): Subscription[] {
    return [...this.byId.values()];
  }

  get(id: string): Subscription | undefined {
    return this.byId.get(id);
  }

  add(sub: Subscription): void {
    this.byId.set(sub.id, sub);
    const key = SubscriptionIndex.key(sub.source, sub.target);
    const list = this.byKey.get(key);
    if (list) list.push(sub);
    else this.byKey.set(key, [sub]);
  }

  remove(sub: Subscription): void {
    this.byId.delete(sub.id);
    const key = SubscriptionIndex.key(sub.source, sub.target);
    const list = (this.byKey.get(key) ?? []).filter((s) => s.id !== sub.id);
    if (list.length > 0) this.byKey.set(key, list);
    else this.byKey.delete(key);
  }

  replace(before: Subscription, after: Subscription): void {
    this.remove(before);
    this.add(after);
  }

  find(source: string, targets: string[]): Subscription[] {
    const out: Subscription[] = [];
    for (const t of new Set(targets)) out.push(...(this.byKey.get(SubscriptionIndex.key(source, t)) ?? []));
    return out;
  }
}
