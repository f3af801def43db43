/**
 * The Store on Postgres, for several instances sharing one database: dedupe by unique key,
 * event + deliveries in one statement, channel leases with SKIP LOCKED (pg-leases.ts). Each
 * method is one or a few queries on the shared pool; nothing is cached in memory, so every
 * instance sees every other instance's writes at once.
 */
import type { Pool } from 'pg';
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { Logger } from '../../logging/logger.ts';
import type { Subscription } from '../../subscriptions/subscription.ts';
import type { ChannelBatch, ChannelEvent, ChannelRef, Delivery, DeliveryStatus, NewSubscription, RecordEventResult, Store } from '../store.ts';
import * as deliveries from './pg-deliveries.ts';
import { EventBatcher } from './pg-event-batcher.ts';
import { SameTurnReads } from './same-turn.ts';
import * as events from './pg-events.ts';
import * as leases from './pg-leases.ts';
import * as subs from './pg-subscriptions.ts';

export interface PostgresStoreOptions {
  /** Newest events kept per source (older ones and their delivered deliveries are pruned). */
  eventLimitPerSource?: number;
  /** Prune a source's event log after this many new events of it here (1 = after every event). */
  pruneEvery?: number;
  /** Days a dedupe key (source, delivery id) is remembered. */
  dedupeDays?: number;
  logger?: Logger;
}

/** Minimum gap between two NOTIFYs of one instance during a burst. */
const NOTIFY_GAP_MS = 10;

export class PostgresStore implements Store {
  private readonly eventLimit: number;
  private readonly pruneEvery: number;
  private readonly dedupeDays: number;
  private readonly sincePrune = new Map<string, number>();
  private readonly keptAtPrune = new Map<string, number>();
  private pruning: Promise<void> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;
  private readonly logger: Logger | undefined;
  private readonly batcher: EventBatcher;
  private readonly subscriptionReads = new SameTurnReads<Subscription[]>();

  /**
   * @param instance this process' id, the application_name of its connections (lease liveness)
   * @param onClose closes what the store was opened with (pool, notifier)
   */
  constructor(
    readonly pool: Pool,
    readonly instance: string,
    options: PostgresStoreOptions = {},
    private readonly onClose: () => Promise<void> = () => pool.end(),
  ) {
    this.eventLimit = options.eventLimitPerSource ?? 1000;
    this.pruneEvery = options.pruneEvery ?? Math.max(1, Math.min(100, Math.floor(this.eventLimit / 10)));
    this.dedupeDays = options.dedupeDays ?? 30;
    this.logger = options.logger;
    this.batcher = new EventBatcher(pool);
  }

  async recordEvent(event: NormalizedEvent, list: Delivery[]): Promise<RecordEventResult> {
    const stored = await this.batcher.record(event, list);
    if (!stored) return { stored: false, event, deliveries: [] };
    if (list.length > 0) this.notifyOthers();
    const n = (this.sincePrune.get(event.source) ?? 0) + 1;
    this.sincePrune.set(event.source, n);
    if (n >= this.pruneEvery + (this.keptAtPrune.get(event.source) ?? 0)) {
      this.sincePrune.set(event.source, 0);
      // Off the request path, one at a time; the 202 does not wait for housekeeping.
      this.pruning = this.pruning.then(() => this.prune(event.source));
      if (this.pruneEvery === 1) await this.pruning;
    }
    return { stored: true, event, deliveries: list };
  }

  /**
   * Wakes the other instances' workers (after the commit). At most one NOTIFY is in flight, at
   * most one per NOTIFY_GAP_MS; the events of a burst that arrive meanwhile share the next one.
   */
  private notifyOthers(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = (async () => {
      do {
        this.notifyAgain = false;
        await events.notifyDeliveries(this.pool, this.instance).catch((err: Error) => this.logger?.warn({ err: err.message }, 'NOTIFY failed (other instances poll)'));
        // At most one NOTIFY per NOTIFY_GAP_MS: this instance's own worker was poked directly;
        // the others only need to hear "there is work" promptly, not once per webhook.
        if (this.notifyAgain && !this.closing) await new Promise((r) => setTimeout(r, NOTIFY_GAP_MS));
      } while (this.notifyAgain && !this.closing);
    })().finally(() => (this.notifying = null));
  }

  private async prune(source: string): Promise<void> {
    try {
      const { kept } = await events.pruneEvents(this.pool, source, this.eventLimit);
      // Kept events (still being delivered) are looked at again by every pass: wait for as many
      // new events before the next one, so pruning stays O(1) per event during a long storm.
      this.keptAtPrune.set(source, kept);
      await events.pruneDedupeKeys(this.pool, this.dedupeDays);
    } catch (err) {
      this.logger?.warn({ err: (err as Error).message, source }, 'pruning the event log failed; will try again');
    }
  }

  hasEvent(source: string, deliveryId: string): Promise<boolean> {
    return events.hasEvent(this.pool, source, deliveryId);
  }

  getEvent(id: string): Promise<NormalizedEvent | null> {
    return events.getEvent(this.pool, id);
  }

  getEvents(ids: readonly string[]): Promise<Map<string, NormalizedEvent>> {
    return events.getEvents(this.pool, ids);
  }

  listEvents(options: { limit: number; source?: string }): Promise<NormalizedEvent[]> {
    return events.listEvents(this.pool, options);
  }

  listChannelEvents(channel: ChannelRef, options: { limit: number; source?: string }): Promise<ChannelEvent[]> {
    return events.listChannelEvents(this.pool, channel, options);
  }

  listSubscriptions(filter?: Partial<ChannelRef> & { source?: string }): Promise<Subscription[]> {
    return subs.listSubscriptions(this.pool, filter);
  }

  getSubscription(id: string): Promise<Subscription | null> {
    return subs.getSubscription(this.pool, id);
  }

  addSubscription(sub: NewSubscription): Promise<Subscription> {
    return subs.addSubscription(this.pool, sub);
  }

  updateSubscription(id: string, patch: Partial<Omit<Subscription, 'id'>>): Promise<Subscription | null> {
    return subs.updateSubscription(this.pool, id, patch);
  }

  removeSubscription(id: string): Promise<boolean> {
    return subs.removeSubscription(this.pool, id);
  }

  async findSubscriptionsByTargets(source: string, targets: string[]): Promise<Subscription[]> {
    const key = `${source}\u0000${targets.join('\u0000')}`;
    const found = await this.subscriptionReads.read(key, () => subs.findSubscriptionsByTargets(this.pool, source, targets));
    return found.map((s) => structuredClone(s));
  }

  listDueDeliveries(now: Date, limit: number): Promise<Delivery[]> {
    return deliveries.listDueDeliveries(this.pool, now, limit);
  }

  listDeliveries(options: { status?: DeliveryStatus; limit: number }): Promise<Delivery[]> {
    return deliveries.listDeliveries(this.pool, options);
  }

  getDelivery(id: string): Promise<Delivery | null> {
    return deliveries.getDelivery(this.pool, id);
  }

  updateDelivery(id: string, patch: Partial<Omit<Delivery, 'id'>>): Promise<Delivery | null> {
    return deliveries.updateDelivery(this.pool, id, patch);
  }

  claimDueChannels(now: Date, maxChannels: number, owner: string, leaseMs: number): Promise<ChannelBatch[]> {
    return leases.claimDueChannels(this.pool, this.instance, now, maxChannels, owner, leaseMs);
  }

  claimChannel(channel: ChannelRef, now: Date, owner: string, leaseMs: number): Promise<ChannelBatch | null> {
    return leases.claimChannel(this.pool, this.instance, channel, now, owner, leaseMs);
  }

  releaseChannel(channel: ChannelRef, owner: string, recentSends: number[]): Promise<void> {
    return leases.releaseChannel(this.pool, channel, owner, recentSends);
  }

  updateDeliveries(ids: string[], patch: Partial<Omit<Delivery, 'id'>>): Promise<void> {
    return deliveries.updateDeliveries(this.pool, ids, patch);
  }

  nextDueAt(): Promise<Date | null> {
    return leases.nextDueAt(this.pool, new Date());
  }

  close(): Promise<void> {
    this.closing ??= Promise.all([this.batcher.idle(), this.pruning, this.notifying]).then(() => this.onClose());
    return this.closing;
  }
}
