import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Platform, Subscription } from '../subscriptions/subscription.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

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

/**
 * The store. Every mutating method resolves only after the change is durable (on disk / committed).
 * Implementations: lowdb (default, group commit) and Postgres (scale-out, later).
 */
export interface Store {
  /** Durably record an event and its deliveries in one step; dedupes on (source, deliveryId). */
  recordEvent(event: NormalizedEvent, deliveries: Delivery[]): Promise<RecordEventResult>;
  hasEvent(source: string, deliveryId: string): Promise<boolean>;
  getEvent(id: string): Promise<NormalizedEvent | null>;
  listEvents(options: { limit: number; source?: string }): Promise<NormalizedEvent[]>;
  /** Newest-first events that were delivered (or are being delivered) to a channel. */
  listChannelEvents(channel: ChannelRef, options: { limit: number; source?: string }): Promise<NormalizedEvent[]>;

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
  /** Earliest nextAttemptAt among pending/failed deliveries, or null. */
  nextDueAt(): Promise<Date | null>;

  close(): Promise<void>;
}
