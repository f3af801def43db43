import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { ChannelRef, Store } from '../storage/store.ts';
import { planDeliveries } from './fan-out-event.ts';

export interface IngestResult {
  duplicate: boolean;
  event: NormalizedEvent;
  deliveries: number;
}

export interface IngestDeps {
  store: Store;
  /** Called after new deliveries are durable (with their channels), so the worker picks them up at once. */
  onDeliveriesQueued?: (channels?: readonly ChannelRef[]) => void;
  now?: () => Date;
}

/**
 * Verified + normalized event → match → durably stored with its deliveries, or recognised as a
 * duplicate. recordEvent is the dedupe (atomically, on both stores): a separate "seen before?"
 * query first would cost every webhook a round trip on Postgres to save work on rare redeliveries.
 */
export async function ingestEvent(deps: IngestDeps, event: NormalizedEvent): Promise<IngestResult> {
  const deliveries = await planDeliveries(deps.store, event, deps.now?.() ?? new Date());
  const result = await deps.store.recordEvent(event, deliveries);
  if (!result.stored) return { duplicate: true, event, deliveries: 0 };
  if (deliveries.length > 0) deps.onDeliveriesQueued?.(deliveries);
  return { duplicate: false, event, deliveries: deliveries.length };
}
