import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Store } from '../storage/store.ts';
import { planDeliveries } from './fan-out-event.ts';

export interface IngestResult {
  duplicate: boolean;
  event: NormalizedEvent;
  deliveries: number;
}

export interface IngestDeps {
  store: Store;
  /** Called after new deliveries are durable, so the worker picks them up at once. */
  onDeliveriesQueued?: () => void;
  now?: () => Date;
}

/** Verified + normalized event → dedupe → match → durably stored with its deliveries. */
export async function ingestEvent(deps: IngestDeps, event: NormalizedEvent): Promise<IngestResult> {
  if (await deps.store.hasEvent(event.source, event.deliveryId)) {
    return { duplicate: true, event, deliveries: 0 };
  }
  const deliveries = await planDeliveries(deps.store, event, deps.now?.() ?? new Date());
  const result = await deps.store.recordEvent(event, deliveries);
  if (!result.stored) return { duplicate: true, event, deliveries: 0 };
  if (deliveries.length > 0) deps.onDeliveriesQueued?.();
  return { duplicate: false, event, deliveries: deliveries.length };
}
