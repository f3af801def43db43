import type { DiscordMessagePayload, SlackMessagePayload } from '../rendering/message.ts';
import type { Platform } from '../subscriptions/subscription.ts';

export type PlatformPayload =
  | { platform: 'discord'; body: DiscordMessagePayload }
  | { platform: 'slack'; body: SlackMessagePayload };

export interface SendResult {
  /** Discord message id / Slack message ts. */
  messageId: string;
}

/**
 * Posts one message to one channel. Throws DeliveryError (src/delivery/errors.ts):
 * retryable for network errors, timeouts, 5xx and 429 (with retryAfterMs), permanent for
 * unknown channel, missing access, invalid body, bad token.
 * The sender itself must not retry for long: the outbox owns retries.
 */
export interface MessageSender {
  readonly platform: Platform;
  /** idempotencyKey: stable per (event, channel); Discord uses it as `nonce` with enforce_nonce. */
  send(channel: string, payload: PlatformPayload, idempotencyKey: string): Promise<SendResult>;
  /**
   * For platforms without an idempotency key (Slack): looks for a message this bot already posted
   * with `idempotencyKey` since `since`. Used before re-sending after an attempt whose outcome is
   * unknown (timeout, crash). Returns null when not found or when the platform can't tell.
   */
  findSent?(channel: string, idempotencyKey: string, since: Date): Promise<SendResult | null>;
}
