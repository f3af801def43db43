import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile as LowDataFile } from 'lowdb/node';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import { GroupCommit } from './group-commit.ts';
import { type ChannelBatch, type ChannelRef, channelKey, type Delivery, type DeliveryStatus, type NewSubscription, type RecordEventResult, type Store } from './store.ts';
import { type DataFile, emptyDataFile, readDataFile } from './lowdb/data-file.ts';
import { SubscriptionIndex } from './lowdb/subscription-index.ts';

export interface LowdbStoreOptions {
  /** Newest events kept per source (older ones and their finished deliveries are pruned). */
  eventLimitPerSource?: number;
  /** Delivery ids remembered for dedupe, per store. */
  seenLimit?: number;
}

export interface LowdbShared {
  readonly data: DataFile;
  commit(): Promise<void>;
}

const ACTIVE: ReadonlySet<DeliveryStatus> = new Set(['pending', 'failed']);

/**
 * The embedded default store: one JSON file written by lowdb. All state lives in memory; each
 * mutation is followed by a group commit, so many concurrent requests share one file write.
 */
export class LowdbStore implements Store {
  private readonly subs: SubscriptionIndex;
  private readonly eventsById = new Map<string, NormalizedEvent>();
  private readonly deliveriesById = new Map<string, Delivery>();
  private readonly committer: GroupCommit;
  private readonly eventLimit: number;
  private readonly seenLimit: number;
  private closed = false;
  /** Channel leases and pacing history live in memory: lowdb is one process. */
  private readonly leases = new Map<string, { owner: string; until: number }>();
  private readonly recentSends = new Map<string, number[]>();

  private constructor(
    private readonly db: Low<DataFile>,
    options: LowdbStoreOptions,
  ) {
    this.eventLimit = options.eventLimitPerSource ?? 1000;
    this.seenLimit = options.seenLimit ?? 20_000;
    this.committer = new GroupCommit(() => this.db.write());
    this.subs = new SubscriptionIndex(db.data.subscriptions);
    for (const e of db.data.events) this.eventsById.set(e.id, e);
    for (const d of db.data.deliveries) this.deliveriesById.set(d.id, d);
  }

  static async open(file: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const existing = await readDataFile(file);
    await mkdir(dirname(file), { recursive: true });
    const adapter = new LowDataFile<DataFile>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });
    const db = new Low<DataFile>(adapter, emptyDataFile());
    db.data = existing ?? emptyDataFile();
    const store = new LowdbStore(db, options);
    if (!existing) await store.commit();
    return store;
  }

  /**
   * The shared file for other lowdb-backed stores (hooks, monitors, …): they keep their own key in
   * the same DataFile, mutate it in memory, then await commit() — sharing the group commit.
   */
  get shared(): LowdbShared {
    return { data: this.db.data, commit: () => this.commit() };
  }

  /** Number of file writes so far (for tests and benchmarks of group commit). */
  get writeCount(): number {
    return this.committer.writes;
  }

  private commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.committer.commit();
  }

  async recordEvent(event: NormalizedEvent, deliveries: Delivery[]): Promise<RecordEventResult> {
    const key = `${event.source}:${event.deliveryId}`;
    const data = this.db.data;
    if (Object.hasOwn(data.seen, key)) {
      // A duplicate of a delivery whose write may still be in flight: answer once it is durable.
      await this.committer.idle();
      return { stored: false, event, deliveries: [] };
    }
    data.seen[key] = event.receivedAt;
    data.events.push(event);
    this.eventsById.set(event.id, event);
    for (const d of deliveries) {
      data.deliveries.push(d);
      this.deliveriesById.set(d.id, d);
    }
    try {
      await this.commit();
    } catch (err) {
      // Not durable: forget it, so the provider's retry is processed rather than taken as a duplicate.
      delete data.seen[key];
      data.events = data.events.filter((e) => e.id !== event.id);
      this.eventsById.delete(event.id);
      const ids = new Set(deliveries.map((d) => d.id));
      data.deliveries = data.deliveries.filter((d) => !ids.has(d.id));
      for (const id of ids) this.deliveriesById.delete(id);
      throw err;
    }
    this.prune(event.source);
    return { stored: true, event, deliveries };
  }

  private prune(source: string): void {
    const data = this.db.data;
    const ofSource = data.events.filter((e) => e.source === source);
    if (ofSource.length > this.eventLimit) {
      const drop = new Set(ofSource.slice(0, ofSource.length - this.eventLimit).map((e) => e.id));
      data.events = data.events.filter((e) => !drop.has(e.id));
      for (const id of drop) this.eventsById.delete(id);
      // Finished deliveries of dropped events go too; pending/failed/dead ones stay visible.
      data.deliveries = data.deliveries.filter((d) => {
        const keep = !drop.has(d.eventId) || d.status !== 'delivered';
        if (!keep) this.deliveriesById.delete(d.id);
        return keep;
      });
    }
    const keys = Object.keys(data.seen);
    if (keys.length > this.seenLimit) {
      for (const k of keys.slice(0, keys.length - this.seenLimit)) delete data.seen[k];
    }
  }

  async hasEvent(source: string, deliveryId: string): Promise<boolean> {
    return Object.hasOwn(this.db.data.seen, `${source}:${deliveryId}`);
  }

  async getEvent(id: string): Promise<NormalizedEvent | null> {
    return this.eventsById.get(id) ?? null;
  }

  async listEvents(options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
    const out: NormalizedEvent[] = [];
    const events = this.db.data.events;
    for (let i = events.length - 1; i >= 0 && out.length < options.limit; i--) {
      const e = events[i]!;
      if (!options.source || e.source === options.source) out.push(e);
    }
    return out;
  }

  async listChannelEvents(channel: ChannelRef, options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
    const out: NormalizedEvent[] = [];
    const seen = new Set<string>();
    const deliveries = this.db.data.deliveries;
    for (let i = deliveries.length - 1; i >= 0 && out.length < options.limit; i--) {
      const d = deliveries[i]!;
      if (d.platform !== channel.platform || d.channel !== channel.channel || d.workspace !== channel.workspace) continue;
      if (d.status === 'dead' || seen.has(d.eventId)) continue;
      const e = this.eventsById.get(d.eventId);
      if (!e || (options.source && e.source !== options.source)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out;
  }

  async listSubscriptions(filter: Partial<ChannelRef> & { source?: string } = {}): Promise<Subscription[]> {
    return this.subs.all().filter(
      (s) =>
        (filter.platform === undefined || s.platform === filter.platform) &&
        (filter.workspace === undefined || s.workspace === filter.workspace) &&
        (filter.channel === undefined || s.channel === filter.channel) &&
        (filter.source === undefined || s.source === filter.source),
    );
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    return this.subs.get(id) ?? null;
  }

  async addSubscription(sub: NewSubscription): Promise<Subscription> {
    const stored: Subscription = { ...sub, id: randomUUID(), createdAt: new Date().toISOString() };
    this.db.data.subscriptions.push(stored);
    this.subs.add(stored);
    await this.commit();
    return stored;
  }

  async updateSubscription(id: string, patch: Partial<Omit<Subscription, 'id'>>): Promise<Subscription | null> {
    const current = this.subs.get(id);
    if (!current) return null;
    const updated: Subscription = { ...current, ...patch, id };
    const list = this.db.data.subscriptions;
    list[list.findIndex((s) => s.id === id)] = updated;
    this.subs.replace(current, updated);
    await this.commit();
    return updated;
  }

  async removeSubscription(id: string): Promise<boolean> {
    const current = this.subs.get(id);
    if (!current) return false;
    this.db.data.subscriptions = this.db.data.subscriptions.filter((s) => s.id !== id);
    this.subs.remove(current);
    await this.commit();
    return true;
  }

  async findSubscriptionsByTargets(source: string, targets: string[]): Promise<Subscription[]> {
    return this.subs.find(source, targets);
  }

  async listDueDeliveries(now: Date, limit: number): Promise<Delivery[]> {
    const iso = now.toISOString();
    const due: Delivery[] = [];
    for (const d of this.db.data.deliveries) {
      if (ACTIVE.has(d.status) && d.nextAttemptAt <= iso) {
        due.push({ ...d });
        if (due.length >= limit) break;
      }
    }
    return due;
  }

  async listDeliveries(options: { status?: DeliveryStatus; limit: number }): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const all = this.db.data.deliveries;
    for (let i = all.length - 1; i >= 0 && out.length < options.limit; i--) {
      const d = all[i]!;
      if (!options.status || d.status === options.status) out.push({ ...d });
    }
    return out;
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    const d = this.deliveriesById.get(id);
    return d ? { ...d } : null;
  }

  async updateDelivery(id: string, patch: Partial<Omit<Delivery, 'id'>>): Promise<Delivery | null> {
    const d = this.deliveriesById.get(id);
    if (!d) return null;
    Object.assign(d, patch);
    await this.commit();
    return { ...d };
  }

  async claimDueChannels(now: Date, maxChannels: number, owner: string, leaseMs: number): Promise<ChannelBatch[]> {
    const iso = now.toISOString();
    const t = now.getTime();
    const batches = new Map<string, ChannelBatch>();
    const skipped = new Set<string>();
    for (const d of this.db.data.deliveries) {
      if (!ACTIVE.has(d.status) || d.nextAttemptAt > iso) continue;
      const key = channelKey(d);
      const batch = batches.get(key);
      if (batch) {
        batch.deliveries.push({ ...d });
        continue;
      }
      if (skipped.has(key)) continue;
      const lease = this.leases.get(key);
      if ((lease && lease.until > t && lease.owner !== owner) || batches.size >= maxChannels) {
        skipped.add(key);
        continue;
      }
      this.leases.set(key, { owner, until: t + leaseMs });
      const ref = { platform: d.platform, workspace: d.workspace, channel: d.channel };
      batches.set(key, { channel: ref, deliveries: [{ ...d }], recentSends: [...(this.recentSends.get(key) ?? [])] });
    }
    return [...batches.values()];
  }

  async claimChannel(channel: ChannelRef, now: Date, owner: string, leaseMs: number): Promise<ChannelBatch | null> {
    const key = channelKey(channel);
    const t = now.getTime();
    const lease = this.leases.get(key);
    if (lease && lease.until > t && lease.owner !== owner) return null;
    this.leases.set(key, { owner, until: t + leaseMs });
    const iso = now.toISOString();
    const deliveries = this.db.data.deliveries
      .filter((d) => ACTIVE.has(d.status) && d.nextAttemptAt <= iso && channelKey(d) === key)
      .map((d) => ({ ...d }));
    return { channel, deliveries, recentSends: [...(this.recentSends.get(key) ?? [])] };
  }

  async releaseChannel(channel: ChannelRef, owner: string, recentSends: number[]): Promise<void> {
    const key = channelKey(channel);
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
    const cutoff = Date.now() - 60_000;
    const kept = recentSends.filter((t) => t >= cutoff).slice(-50);
    if (kept.length > 0) this.recentSends.set(key, kept);
    else this.recentSends.delete(key);
  }

  async updateDeliveries(ids: string[], patch: Partial<Omit<Delivery, 'id'>>): Promise<void> {
    for (const id of ids) {
      const d = this.deliveriesById.get(id);
      if (d) Object.assign(d, patch);
    }
    await this.commit();
  }

  async nextDueAt(): Promise<Date | null> {
    let min: string | null = null;
    for (const d of this.db.data.deliveries) {
      if (ACTIVE.has(d.status) && (min === null || d.nextAttemptAt < min)) min = d.nextAttemptAt;
    }
    return min === null ? null : new Date(min);
  }

  async close(): Promise<void> {
    await this.committer.idle();
    this.closed = true;
  }
}

export function openLowdbStore(file: string, options?: LowdbStoreOptions): Promise<Store> {
  return LowdbStore.open(file, options);
}
