import { createHash, randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import { channelKey, type Delivery, type Store } from '../storage/store.ts';
import { candidateTargets, eventMatchesSubscription, featureOn } from '../subscriptions/match.ts';

/**
 * Finds the subscriptions an event matches and plans one delivery per distinct channel. In each
 * channel, among the subscriptions with the event's feature on, the most specific one decides
 * (acme/api over acme/*, acct_… over *): its filters apply, so `-author:*[bot]` on acme/api is
 * not undone by the channel's acme/* — while a feature only acme/* has still comes through it.
 */
export async function planDeliveries(store: Store, event: NormalizedEvent, now: Date): Promise<Delivery[]> {
  if (event.feature === null) return [];
  const targets = candidateTargets(event);
  const candidates = (await store.findSubscriptionsByTargets(event.source, targets)).filter((sub) => !sub.pausedReason && featureOn(event, sub));
  const rank = (target: string) => {
    const i = targets.indexOf(target);
    return i < 0 ? targets.length : i;
  };
  const mostSpecific = new Map<string, number>();
  for (const sub of candidates) {
    const key = channelKey(sub);
    mostSpecific.set(key, Math.min(mostSpecific.get(key) ?? Infinity, rank(sub.target)));
  }
  const byChannel = new Map<string, Delivery>();
  for (const sub of candidates) {
    const key = channelKey(sub);
    if (rank(sub.target) !== mostSpecific.get(key)) continue; // a more specific one decides
    if (!eventMatchesSubscription(event, sub)) continue;
    if (byChannel.has(key)) continue; // one message per (event, channel)
    byChannel.set(key, {
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
