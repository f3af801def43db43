import { randomUUID } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile as LowDataFile } from 'lowdb/node';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import { GroupCommit } from './group-commit.ts';
import { type ChannelBatch, type ChannelEvent, type ChannelRef, channelKey, type Delivery, type DeliveryStatus, type NewSubscription, type RecordEventResult, type Store } from './store.ts';
import { type DataFile, DataFileError, emptyDataFile, PATH_HINT, readDataFile } from './lowdb/data-file.ts';
import { Journal } from './lowdb/journal.ts';
import { jsonChunks, writeFileInChunks } from './lowdb/chunked-file.ts';
import { DedupeSet } from './lowdb/dedupe-set.ts';
import { SubscriptionIndex } from './lowdb/subscription-index.ts';

export interface LowdbStoreOptions {
  /** Newest events kept per source (older ones and their finished deliveries are pruned). */
  eventLimitPerSource?: number;
  /** Delivery ids remembered for dedupe, per source (default 20,000 each). */
  seenLimit?: number;
  /** Journal size that triggers rewriting the lowdb file (compaction), or twice the file's size if larger. */
  compactBytes?: number;
}

/** A path into the DataFile for other lowdb-backed stores, e.g. ['hooks'] or ['monitors', 'records', key]. */
export type DataPath = readonly string[];

/**
 * The parts of the DataFile other lowdb-backed stores keep (and subscriptions). Events,
 * deliveries and the dedupe set live in LowdbStore's indexes and are written out at compaction.
 */
export type SharedData = Omit<DataFile, 'events' | 'deliveries' | 'seen'>;

export interface LowdbShared {
  readonly data: SharedData;
  /**
   * Makes the listed parts of `data` durable (their current values; a missing value = deleted).
   */
  commit(paths: readonly DataPath[]): Promise<void>;
}

/** Journal operations: what each mutation appends, and what start-up replays. */
type Op =
  | { t: 'event'; event: NormalizedEvent; deliveries: Delivery[] }
  | { t: 'deliveries'; ids: string[]; patch: Partial<Omit<Delivery, 'id'>> }
  | { t: 'sub'; sub: Subscription }
  | { t: 'unsub'; id: string }
  | { t: 'set'; path: string[]; value?: unknown };

const ACTIVE: ReadonlySet<DeliveryStatus> = new Set(['pending', 'failed']);
/** Deliveries patched per synchronous step by updateDeliveries; events looked at per pruning step. */
const UPDATE_SLICE = 500;
const PRUNE_SLICE = 1000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The embedded default store: one JSON file written by lowdb, plus an append-only journal beside
 * it. All state lives in memory; each mutation appends an operation, and a group commit writes
 * the operations of many concurrent requests in one append, each answered after it. The lowdb
 * file is rewritten (and the journal emptied) at start-up, at close and when the journal grows
 * past `compactBytes` (and twice the size of the file).
 *
 * Events, deliveries and the dedupe set are insertion-ordered Maps (oldest first), so recording
 * an event and pruning the oldest cost O(1) amortized, whatever the size of the store.
 */
export class LowdbStore implements Store {
  private readonly subs: SubscriptionIndex;
  private readonly data: SharedData;
  private readonly eventsById = new Map<string, NormalizedEvent>();
  private readonly deliveriesById = new Map<string, Delivery>();
  /** Delivery ids of each stored event (to prune the delivered ones with their event). */
  private readonly deliveriesByEvent = new Map<string, string[]>();
  /** "<source>:<deliveryId>" → ISO time first seen, capped per source. */
  private readonly seen: DedupeSet;
  /** Pending/failed deliveries by channel, insertion-ordered: the outbox index. */
  private readonly activeByChannel = new Map<string, Map<string, Delivery>>();
  private readonly committer: GroupCommit;
  private readonly eventLimit: number;
  private readonly compactBytes: number;
  private closed = false;
  private compacting: Promise<void> | null = null;
  /** The last background compaction error, if any (the journals are kept then). */
  compactError: unknown = null;
  /** The lowdb file, and its size after the last compaction. */
  private readonly file: string;
  private imageBytes = 0;
  snapshots = 0;
  /** Channel leases and pacing history live in memory: lowdb is one process. */
  private readonly leases = new Map<string, { owner: string; until: number }>();
  private readonly recentSends = new Map<string, number[]>();
  private readonly eventCounts = new Map<string, number>();
  /** Per source: the event count at which the next prune pass runs, and the pass running. */
  private readonly pruneAt = new Map<string, number>();
  private readonly pruneTasks = new Map<string, Promise<void>>();
  /** Events past the cap, kept until their deliveries are done. */
  private readonly overdue = new Set<string>();

  private constructor(
    private readonly db: Low<DataFile>,
    private readonly journal: Journal,
    options: LowdbStoreOptions,
  ) {
    this.eventLimit = options.eventLimitPerSource ?? 1000;
    this.seen = new DedupeSet(options.seenLimit ?? 20_000);
    this.compactBytes = options.compactBytes ?? 16 * 1024 * 1024;
    this.committer = new GroupCommit(() => this.write());
    this.file = journal.file.replace(/\.journal$/, '');
    const { events, deliveries, seen, ...rest } = db.data;
    this.data = rest;
    this.subs = new SubscriptionIndex(rest.subscriptions);
    for (const [key, at] of Object.entries(seen)) this.seen.add(key, at);
    for (const e of events) {
      this.eventsById.set(e.id, e);
      this.eventCounts.set(e.source, (this.eventCounts.get(e.source) ?? 0) + 1);
    }
    for (const d of deliveries) this.addDelivery(d);
  }

  static async open(file: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const existing = await readDataFile(file);
    const journalFile = `${file}.journal`;
    // A compaction interrupted by a crash leaves the previous journal beside the current one.
    const replay = [...(await Journal.read<Op>(`${journalFile}.old`)), ...(await Journal.read<Op>(journalFile))];
    await mkdir(dirname(file), { recursive: true }).catch((err: Error) => {
      throw new DataFileError(file, `its directory cannot be created (${err.message})`, PATH_HINT);
    });
    const adapter = new LowDataFile<DataFile>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });
    const db = new Low<DataFile>(adapter, emptyDataFile());
    db.data = existing ?? emptyDataFile();
    const journal = new Journal(journalFile);
    const store = new LowdbStore(db, journal, options);
    for (const op of replay) store.apply(op);
    await journal.open();
    // Start from a compact file: everything replayed is written into the lowdb file.
    await store.snapshot();
    return store;
  }

  /**
   * The shared file for other lowdb-backed stores (hooks, monitors, …): they keep their own key in
   * the same DataFile, mutate it in memory, then await commit(paths) — sharing the group commit.
   */
  get shared(): LowdbShared {
    return {
      data: this.data,
      commit: (paths) => {
        for (const path of paths) this.journal.push({ t: 'set', path: [...path], value: getPath(this.data, path) } satisfies Op);
        return this.commit();
      },
    };
  }

  /** Resolves when no background compaction is running (for tests). */
  async whenCompacted(): Promise<void> {
    while (this.compacting) await this.compacting;
  }

  /** Number of file writes so far (for tests and benchmarks of group commit). */
  get writeCount(): number {
    return this.committer.writes;
  }

  private commit(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.committer.commit();
  }

  /** One group-commit write: append the batch to the journal (and start a compaction when it grew large). */
  private async write(): Promise<void> {
    // Compact when the journal outgrows both the threshold and twice the file it will be folded
    // into: a large store is then rewritten less often, and the rewrite cost per event stays flat.
    if (this.journal.bytes > Math.max(this.compactBytes, 2 * this.imageBytes) && !this.compacting) {
      // After a failed background compaction the previous journal is still needed: compact at once.
      if (this.compactError !== null) {
        this.compactError = null;
        return this.snapshot();
      }
      await this.journal.rotate();
      this.compacting = this.compact().finally(() => (this.compacting = null));
    }
    this.journal.flush();
  }

  /**
   * Background compaction: the lowdb file is rewritten from memory, serialized in slices so
   * requests keep being answered meanwhile, then the previous journal is removed. The file may
   * already contain some changes that are also in the new journal: replaying them is harmless
   * (every operation is idempotent), and until it is done the previous journal is replayed first.
   */
  private async compact(): Promise<void> {
    try {
      this.imageBytes = await writeFileInChunks(this.file, jsonChunks(this.fileImage()));
      await this.journal.removePrevious();
      this.snapshots += 1;
    } catch (err) {
      // Nothing is lost: both journals stay and are replayed at the next start.
      this.compactError = err;
    }
  }

  /** Rewrites the lowdb file with the whole in-memory state at once, then empties the journal(s). */
  private async snapshot(): Promise<void> {
    await this.compacting;
    this.journal.dropPending(); // the snapshot below is serialized now and contains them
    this.db.data = { ...this.fileImage(), seen: Object.fromEntries(this.seen.entries()) };
    await this.db.write();
    this.db.data = emptyDataFile(); // the image is only needed while it is written
    this.imageBytes = (await stat(this.file)).size;
    await this.journal.truncate();
    await this.journal.removePrevious();
    this.snapshots += 1;
  }

  /** What the lowdb file holds: the shared parts plus events, deliveries and the dedupe set. */
  private fileImage(): Omit<DataFile, 'seen'> & { seen: Map<string, string> } {
    // Everything copied at this one instant: a background compaction serializes over many turns,
    // and an event recorded meanwhile must be absent from all three (its journal line brings it
    // back after a crash) — a live dedupe set would make replay skip it as already seen.
    return { ...this.data, events: [...this.eventsById.values()], seen: this.seen.copy(), deliveries: [...this.deliveriesById.values()] };
  }

  private addDelivery(d: Delivery): void {
    this.deliveriesById.set(d.id, d);
    const ids = this.deliveriesByEvent.get(d.eventId);
    if (ids) ids.push(d.id);
    else this.deliveriesByEvent.set(d.eventId, [d.id]);
    this.indexDelivery(d);
  }

  /** Keeps a delivery in (or out of) the outbox index according to its status. */
  private indexDelivery(d: Delivery): void {
    const key = channelKey(d);
    let channel = this.activeByChannel.get(key);
    if (ACTIVE.has(d.status)) {
      if (!channel) this.activeByChannel.set(key, (channel = new Map()));
      channel.set(d.id, d);
    } else if (channel) {
      channel.delete(d.id);
      if (channel.size === 0) this.activeByChannel.delete(key);
    }
  }

  /** Logs an operation: applies it in memory now, durable once the returned commit resolves. */
  private log(op: Op): Promise<void> {
    this.apply(op);
    this.journal.push(op);
    return this.commit();
  }

  /** Applies an operation to the in-memory state (live and when replaying the journal). Idempotent. */
  private apply(op: Op): void {
    const data = this.data;
    switch (op.t) {
      case 'event': {
        const key = `${op.event.source}:${op.event.deliveryId}`;
        if (this.seen.has(key)) return;
        this.seen.add(key, op.event.receivedAt);
        this.eventsById.set(op.event.id, op.event);
        this.eventCounts.set(op.event.source, (this.eventCounts.get(op.event.source) ?? 0) + 1);
        for (const d of op.deliveries) this.addDelivery(d);
        this.prune(op.event.source);
        return;
      }
      case 'deliveries': {
        const reindex = op.patch.status !== undefined || op.patch.nextAttemptAt !== undefined;
        for (const id of op.ids) {
          const d = this.deliveriesById.get(id);
          if (d) {
            Object.assign(d, op.patch);
            if (reindex) this.indexDelivery(d);
            // An event kept past the cap only for this delivery goes once it is delivered.
            if (d.status === 'delivered' && this.overdue.has(d.eventId)) {
              const e = this.eventsById.get(d.eventId);
              if (e) this.dropIfDone(e);
            }
          }
        }
        return;
      }
      case 'sub': {
        const current = this.subs.get(op.sub.id);
        const list = data.subscriptions;
        if (current) {
          list[list.findIndex((s) => s.id === op.sub.id)] = op.sub;
          this.subs.replace(current, op.sub);
        } else {
          list.push(op.sub);
          this.subs.add(op.sub);
        }
        return;
      }
      case 'unsub': {
        const current = this.subs.get(op.id);
        if (!current) return;
        data.subscriptions = data.subscriptions.filter((s) => s.id !== op.id);
        this.subs.remove(current);
        return;
      }
      case 'set':
        setPath(data, op.path, op.value);
        return;
    }
  }

  async recordEvent(event: NormalizedEvent, deliveries: Delivery[]): Promise<RecordEventResult> {
    const key = `${event.source}:${event.deliveryId}`;
    if (this.seen.has(key)) {
      // A duplicate of a delivery whose write may still be in flight: answer once it is durable.
      await this.committer.idle();
      return { stored: false, event, deliveries: [] };
    }
    try {
      await this.log({ t: 'event', event, deliveries });
    } catch (err) {
      // Not durable: forget it, so the provider's retry is processed rather than taken as a duplicate.
      this.seen.delete(key);
      if (this.eventsById.delete(event.id)) this.eventCounts.set(event.source, (this.eventCounts.get(event.source) ?? 1) - 1);
      this.deliveriesByEvent.delete(event.id);
      for (const d of deliveries) {
        this.deliveriesById.delete(d.id);
        const channel = this.activeByChannel.get(channelKey(d));
        channel?.delete(d.id);
        if (channel?.size === 0) this.activeByChannel.delete(channelKey(d));
      }
      throw err;
    }
    return { stored: true, event, deliveries };
  }

  /**
   * Keeps the event log at about `eventLimit` per source (the dedupe set caps itself per source).
   * An event whose delivery is still pending, failed or dead stays (as on Postgres): pruning must
   * never turn an acknowledged webhook into "event no longer stored". Pruning runs in batches
   * (10% over the limit, and at least as many new events as the last pass kept), in the
   * background, and walks the oldest entries only, so an insert costs O(1) amortized.
   */
  private prune(source: string): void {
    const count = this.eventCounts.get(source) ?? 0;
    const batch = Math.max(1, Math.floor(this.eventLimit / 10));
    if (count > Math.max(this.eventLimit + batch, this.pruneAt.get(source) ?? 0) && !this.pruneTasks.has(source)) {
      this.pruneTasks.set(source, this.pruneEvents(source, batch).finally(() => this.pruneTasks.delete(source)));
    }
  }

  /**
   * One pruning pass over a source's oldest events, off the request path and in slices (a storm
   * can leave thousands of events waiting for delivery at the front, each looked at again).
   */
  private async pruneEvents(source: string, batch: number): Promise<void> {
    await yieldToLoop();
    let excess = (this.eventCounts.get(source) ?? 0) - this.eventLimit;
    let kept = 0;
    let examined = 0;
    for (const e of this.eventsById.values()) {
      if (excess <= 0) break;
      if (e.source !== source) continue;
      excess -= 1;
      if (++examined % PRUNE_SLICE === 0) await yieldToLoop();
      if (!this.eventsById.has(e.id)) continue; // gone meanwhile
      if (this.overdue.has(e.id) || !this.dropIfDone(e)) {
        // Still being delivered (or dead): kept, and dropped as soon as it is delivered.
        this.overdue.add(e.id);
        kept += 1;
      }
    }
    // Kept events are looked at again by the next pass: wait for as many new ones (O(1) amortized).
    this.pruneAt.set(source, (this.eventCounts.get(source) ?? 0) + Math.max(batch, kept));
  }

  /** Drops an event and its deliveries if every one of them was delivered. */
  private dropIfDone(e: { id: string; source: string }): boolean {
    const ids = this.deliveriesByEvent.get(e.id) ?? [];
    if (ids.some((id) => this.deliveriesById.get(id)?.status !== 'delivered')) return false;
    this.eventsById.delete(e.id);
    for (const id of ids) this.deliveriesById.delete(id);
    this.deliveriesByEvent.delete(e.id);
    this.overdue.delete(e.id);
    this.eventCounts.set(e.source, (this.eventCounts.get(e.source) ?? 1) - 1);
    return true;
  }

  /** The dedupe set, oldest first within each source ("<source>:<deliveryId>" → first seen). */
  seenEntries(): IterableIterator<[string, string]> {
    return this.seen.entries();
  }

  async hasEvent(source: string, deliveryId: string): Promise<boolean> {
    return this.seen.has(`${source}:${deliveryId}`);
  }

  async getEvent(id: string): Promise<NormalizedEvent | null> {
    return this.eventsById.get(id) ?? null;
  }

  async getEvents(ids: readonly string[]): Promise<Map<string, NormalizedEvent>> {
    const out = new Map<string, NormalizedEvent>();
    for (const [i, id] of ids.entries()) {
      if (i > 0 && i % UPDATE_SLICE === 0) await yieldToLoop(); // thousands for a storm digest
      const e = this.eventsById.get(id);
      if (e) out.set(id, e);
    }
    return out;
  }

  async listEvents(options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
    const out: NormalizedEvent[] = [];
    const events = [...this.eventsById.values()];
    for (let i = events.length - 1; i >= 0 && out.length < options.limit; i--) {
      const e = events[i]!;
      if (!options.source || e.source === options.source) out.push(e);
    }
    return out;
  }

  async listChannelEvents(channel: ChannelRef, options: { limit: number; source?: string }): Promise<ChannelEvent[]> {
    const out: ChannelEvent[] = [];
    const seen = new Set<string>();
    const deliveries = [...this.deliveriesById.values()];
    for (let i = deliveries.length - 1; i >= 0 && out.length < options.limit; i--) {
      const d = deliveries[i]!;
      if (d.platform !== channel.platform || d.channel !== channel.channel || d.workspace !== channel.workspace) continue;
      if (seen.has(d.eventId)) continue;
      const e = this.eventsById.get(d.eventId);
      if (!e || (options.source && e.source !== options.source)) continue;
      seen.add(e.id);
      out.push({ event: e, status: d.status });
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
    await this.log({ t: 'sub', sub: stored });
    return stored;
  }

  async updateSubscription(id: string, patch: Partial<Omit<Subscription, 'id'>>): Promise<Subscription | null> {
    const current = this.subs.get(id);
    if (!current) return null;
    const updated: Subscription = { ...current, ...patch, id };
    await this.log({ t: 'sub', sub: updated });
    return updated;
  }

  async removeSubscription(id: string): Promise<boolean> {
    if (!this.subs.get(id)) return false;
    await this.log({ t: 'unsub', id });
    return true;
  }

  async findSubscriptionsByTargets(source: string, targets: string[]): Promise<Subscription[]> {
    return this.subs.find(source, targets);
  }

  async listDueDeliveries(now: Date, limit: number): Promise<Delivery[]> {
    const iso = now.toISOString();
    const due: Delivery[] = [];
    for (const channel of this.activeByChannel.values()) {
      for (const d of channel.values()) {
        if (d.nextAttemptAt > iso) continue;
        due.push({ ...d });
        if (due.length >= limit) return due;
      }
    }
    return due;
  }

  async listDeliveries(options: { status?: DeliveryStatus; limit: number }): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const all = [...this.deliveriesById.values()];
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
    await this.log({ t: 'deliveries', ids: [id], patch });
    return { ...d };
  }

  async claimDueChannels(now: Date, maxChannels: number, owner: string, leaseMs: number): Promise<ChannelBatch[]> {
    const t = now.getTime();
    const batches: ChannelBatch[] = [];
    for (const key of this.activeByChannel.keys()) {
      if (batches.length >= maxChannels) break;
      const lease = this.leases.get(key);
      if (lease && lease.until > t) continue; // someone (maybe we) is delivering it
      const batch = this.dueBatch(key, now);
      if (!batch) continue;
      this.leases.set(key, { owner, until: t + leaseMs });
      batches.push(batch);
    }
    return batches;
  }

  private dueBatch(key: string, now: Date): ChannelBatch | null {
    const iso = now.toISOString();
    const deliveries: Delivery[] = [];
    for (const d of this.activeByChannel.get(key)?.values() ?? []) if (d.nextAttemptAt <= iso) deliveries.push({ ...d });
    const first = deliveries[0];
    if (!first) return null;
    const channel = { platform: first.platform, workspace: first.workspace, channel: first.channel };
    return { channel, deliveries, recentSends: [...(this.recentSends.get(key) ?? [])] };
  }

  async claimChannel(channel: ChannelRef, now: Date, owner: string, leaseMs: number): Promise<ChannelBatch | null> {
    const key = channelKey(channel);
    const t = now.getTime();
    const lease = this.leases.get(key);
    if (lease && lease.until > t && lease.owner !== owner) return null;
    this.leases.set(key, { owner, until: t + leaseMs });
    return this.dueBatch(key, now) ?? { channel, deliveries: [], recentSends: [...(this.recentSends.get(key) ?? [])] };
  }

  async releaseChannel(channel: ChannelRef, owner: string, recentSends: number[]): Promise<void> {
    const key = channelKey(channel);
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
    const cutoff = Date.now() - 60_000;
    const kept = recentSends.filter((t) => t >= cutoff).slice(-50);
    if (kept.length > 0) this.recentSends.set(key, kept);
    else this.recentSends.delete(key);
  }

  /**
   * One patch for many deliveries (a storm digest covers thousands), durable as ONE journal line
   * (a crash never leaves half a digest marked); applied in memory in slices with event-loop turns
   * in between, so webhooks keep being answered meanwhile.
   */
  async updateDeliveries(ids: string[], patch: Partial<Omit<Delivery, 'id'>>): Promise<void> {
    for (let i = 0; i < ids.length; i += UPDATE_SLICE) {
      if (i > 0) await yieldToLoop();
      this.apply({ t: 'deliveries', ids: ids.slice(i, i + UPDATE_SLICE), patch });
    }
    this.journal.push({ t: 'deliveries', ids, patch } satisfies Op);
    await this.commit();
  }

  async nextDueAt(): Promise<Date | null> {
    const t = Date.now();
    let min: string | null = null;
    for (const [key, channel] of this.activeByChannel) {
      const lease = this.leases.get(key);
      if (lease && lease.until > t) continue; // its run pokes the worker when it ends
      for (const d of channel.values()) if (min === null || d.nextAttemptAt < min) min = d.nextAttemptAt;
    }
    return min === null ? null : new Date(min);
  }

  async close(): Promise<void> {
    await Promise.all(this.pruneTasks.values());
    await this.committer.idle();
    this.closed = true;
    await this.snapshot();
    await this.journal.close();
  }
}

export function openLowdbStore(file: string, options?: LowdbStoreOptions): Promise<Store> {
  return LowdbStore.open(file, options);
}

function getPath(root: unknown, path: DataPath): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setPath(root: object, path: readonly string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
