import type { Logger } from '../logging/logger.ts';
import { type ChannelRef, channelKey, type Store } from '../storage/store.ts';
import { DeliveryError } from './errors.ts';

/** Permanent errors that say "this channel is gone or closed to us", not "this message is bad". */
const CHANNEL_ERRORS = new Set(['unknown_channel', 'missing_access', 'missing_permissions']);
/** Consecutive channel errors before its subscriptions are paused (unknown_channel: at once). */
export const PAUSE_AFTER = 3;

/**
 * Tracks permanent channel errors; when a channel keeps failing (deleted, bot removed), pauses
 * its subscriptions with an operator-visible reason so the bot stops hammering the API (Discord
 * bans bots that send too many invalid requests).
 */
export class ChannelHealth {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  succeeded(channel: ChannelRef): void {
    this.failures.delete(channelKey(channel));
  }

  /** Returns the pause reason when the channel was paused because of this error. */
  async failed(channel: ChannelRef, err: unknown): Promise<string | null> {
    if (!(err instanceof DeliveryError) || err.retryable || !CHANNEL_ERRORS.has(err.code)) return null;
    const key = channelKey(channel);
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, count);
    if (err.code !== 'unknown_channel' && count < PAUSE_AFTER) return null;
    this.failures.delete(key);
    const reason = `${new Date().toISOString()}: paused after ${count} failed deliveries: ${err.message} (${err.code}). Re-invite the bot or fix its permissions, then resume with /subscribe or POST /api/subscriptions/:id/resume`;
    // Exactly this channel's: a store given a partial key (an empty field) must not pause others.
    const subs = (await this.store.listSubscriptions(channel)).filter((s) => channelKey(s) === key);
    for (const sub of subs) {
      if (!sub.pausedReason) await this.store.updateSubscription(sub.id, { pausedReason: reason });
    }
    this.logger.warn(
      { platform: channel.platform, workspace: channel.workspace, channel: channel.channel, subscriptions: subs.length, code: err.code },
      'channel keeps failing permanently: its subscriptions are paused',
    );
    return reason;
  }
}
