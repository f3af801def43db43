import type { Platform } from '../subscriptions/subscription.ts';

/** Messages allowed per window for one channel. */
export interface ChannelRate {
  limit: number;
  windowMs: number;
}

/**
 * Per-channel message rates we keep below: Discord allows 5 messages per 5 s per channel; Slack
 * about 1 message per second per channel (short bursts tolerated, not relied on).
 */
export const CHANNEL_RATES: Record<Platform, ChannelRate> = {
  discord: { limit: 5, windowMs: 5000 },
  slack: { limit: 1, windowMs: 1000 },
};

/** Margin added to the window so clock skew between us and the API never trips the limit. */
export const PACING_MARGIN_MS = 150;

/** Send times still inside the window. */
export function sendsInWindow(recentSends: readonly number[], now: number, rate: ChannelRate): number[] {
  return recentSends.filter((t) => t > now - rate.windowMs - PACING_MARGIN_MS);
}

/** How many messages may be sent right now without exceeding the rate. */
export function availableSlots(recentSends: readonly number[], now: number, rate: ChannelRate): number {
  return Math.max(0, rate.limit - sendsInWindow(recentSends, now, rate).length);
}

/** The earliest time (epoch ms) the next message may be sent. */
export function nextSlotAt(recentSends: readonly number[], now: number, rate: ChannelRate): number {
  const inWindow = sendsInWindow(recentSends, now, rate).sort((a, b) => a - b);
  if (inWindow.length < rate.limit) return now;
  return inWindow[inWindow.length - rate.limit]! + rate.windowMs + PACING_MARGIN_MS;
}

/**
 * Records that the API told us to wait (429 Retry-After): fills the window so that the next slot
 * is no earlier than `until`.
 */
export function blockUntil(recentSends: number[], until: number, rate: ChannelRate): number[] {
  const phantom = until - rate.windowMs - PACING_MARGIN_MS;
  return [...recentSends, ...Array.from({ length: rate.limit }, () => phantom)].sort((a, b) => a - b);
}
