import { createHash, randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Delivery, Store } from '../storage/store.ts';
import { candidateTargets, eventMatchesSubscription } from '../subscriptions/match.ts';

/** Finds the subscriptions an event matches and plans one delivery per distinct channel. */
export async function planDeliveries(store: Store, event: NormalizedEvent, now: Date): Promise<Delivery[]> {
  if (event.feature === null) return [];
  const subs = await store.findSubscriptionsByTargets(event.source, candidateTargets(event));
  const byChannel = new Map<string, Delivery>();
  for (const sub of subs) {
    if (sub.pausedReason) continue;
    if (!eventMatchesSubscription(event, sub)) continue;
    const channelKey = `${sub.platform}:${sub.workspace}:${sub.channel}`;
    if (byChannel.has(channelKey)) continue; // one message per (event, channel)
    byChannel.set(channelKey, {
      id: randomUUID(),
      eventId: event.id,
      subscriptionId: sub.id,
      platform: sub.platform,
      workspace: sub.workspace,
      channel: sub.channel,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      lastError: null,
      createdAt: now.toISOString(),
      deliveredAt: null,
      messageId: null,
    });
  }
  return [...byChannel.values()];
}

/** Stable idempotency key of a delivery (≤ 25 chars, usable as a Discord nonce). */
export function idempotencyKey(delivery: Pick<Delivery, 'eventId' | 'platform' | 'channel'>): string {
  return createHash('sha256')
    .update(`${delivery.eventId}|${delivery.platform}|${delivery.channel}`)
    .digest('base64url')
    .slice(0, 25);
}
