import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Platform, Subscription } from '../subscriptions/subscription.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An event as a channel's history shows it: with its delivery's status. */
export interface ChannelEvent {
  event: NormalizedEvent;
  status: DeliveryStatus;
}

/** One message for one (event, subscription channel): the outbox record. */
export interface Delivery {
  id: string;
  eventId: string;
  subscriptionId: string;
  platform: Platform;
  workspace: string;
  channel: string;
  /**
   * pending: waiting for (re)try at nextAttemptAt; failed: last attempt failed, will retry;
   * delivered: posted; dead: gave up (permanent error or retries exhausted).
   */
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Platform message id once posted (Discord message id / Slack ts). */
  messageId: string | null;
  /**
   * Set (durably) before a storm digest containing this delivery is sent: the digest's
   * idempotency key. After a crash, deliveries sharing a key are re-sent as the same digest.
   */
  digestKey?: string | null;
  /**
   * When the last attempt started, recorded (durably) before sending on platforms without an
   * idempotency key: a retry after a timeout or crash first checks whether it was posted.
   */
  sendStartedAt?: string | null;
}

export type NewSubscription = Omit<Subscription, 'id' | 'createdAt'>;

export interface RecordEventResult {
  /** false when the (source, deliveryId) was seen before: nothing was stored. */
  stored: boolean;
  event: NormalizedEvent;
  deliveries: Delivery[];
}

export interface ChannelRef {
  platform: Platform;
  workspace: string;
  channel: string;
}

/** Due deliveries of one channel, claimed by one worker until its lease expires or it releases them. */
export interface ChannelBatch {
  channel: ChannelRef;
  /** Oldest first. */
  deliveries: Delivery[];
  /** Epoch ms of the messages recently posted to this channel (for pacing), oldest first. */
  recentSends: number[];
}

export interface ChannelKeyed extends ChannelRef {
  key: string;
}

export function channelKey(ref: ChannelRef): string {
  return `${ref.platform}:${ref.workspace}:${ref.channel}`;
}

/**
 * The store. Every mutating method resolves only after the change is durable (on disk / committed).
 * Implementations: lowdb (default, group commit) and Postgres (scale-out, later).
 */
export interface Store {
  /** Durably record an event and its deliveries in one step; dedupes on (source, deliveryId). */
  recordEvent(event: NormalizedEvent, deliveries: Delivery[]): Promise<RecordEventResult>;
  hasEvent(source: string, deliveryId: string): Promise<boolean>;
  getEvent(id: string): Promise<NormalizedEvent | null>;
  /** The stored events among `ids`, by id, in one step (storm digests cover thousands). */
  getEvents(ids: readonly string[]): Promise<Map<string, NormalizedEvent>>;
  listEvents(options: { limit: number; source?: string }): Promise<NormalizedEvent[]>;
  /**
   * Newest-first events planned for a channel, with where their delivery stands (delivered,
   * pending, failed: being retried, dead: given up) — "why didn't I get this?" in /recent.
   */
  listChannelEvents(channel: ChannelRef, options: { limit: number; source?: string }): Promise<ChannelEvent[]>;

  listSubscriptions(filter?: Partial<ChannelRef> & { source?: string }): Promise<Subscription[]>;
  getSubscription(id: string): Promise<Subscription | null>;
  addSubscription(sub: NewSubscription): Promise<Subscription>;
  updateSubscription(id: string, patch: Partial<Omit<Subscription, 'id'>>): Promise<Subscription | null>;
  removeSubscription(id: string): Promise<boolean>;
  /** Subscriptions of one source whose target is exactly one of `targets` (index lookup). */
  findSubscriptionsByTargets(source: string, targets: string[]): Promise<Subscription[]>;

  /** Deliveries due at or before `now` (pending/failed), oldest first. */
  listDueDeliveries(now: Date, limit: number): Promise<Delivery[]>;
  listDeliveries(options: { status?: DeliveryStatus; limit: number }): Promise<Delivery[]>;
  getDelivery(id: string): Promise<Delivery | null>;
  updateDelivery(id: string, patch: Partial<Omit<Delivery, 'id'>>): Promise<Delivery | null>;
  /**
   * Claims up to `maxChannels` channels that have due deliveries and no unexpired lease (by any
   * owner: a channel being delivered is left to its run), for `leaseMs`. A channel is delivered by one owner at a time (pacing and ordering);
   * a crashed owner's lease simply expires.
   */
  claimDueChannels(now: Date, maxChannels: number, owner: string, leaseMs: number): Promise<ChannelBatch[]>;
  /** Re-claims one channel (extends the lease) and returns its due deliveries, or null if another owner holds it. */
  claimChannel(channel: ChannelRef, now: Date, owner: string, leaseMs: number): Promise<ChannelBatch | null>;
  /** Ends a lease and records the channel's recent sends for the next owner's pacing. */
  releaseChannel(channel: ChannelRef, owner: string, recentSends: number[]): Promise<void>;
  /** Applies one patch to several deliveries in one durable write (a digest covers many). */
  updateDeliveries(ids: string[], patch: Partial<Omit<Delivery, 'id'>>): Promise<void>;
  /** Earliest nextAttemptAt among pending/failed deliveries of channels not leased right now, or null. */
  nextDueAt(): Promise<Date | null>;

  close(): Promise<void>;
}
