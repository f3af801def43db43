/**
 * Posts messages to Discord channels through discord.js's REST client. discord.js keeps its
 * per-route rate-limit buckets from the response headers and waits before it would trip one;
 * everything that would make it retry or sleep for long (5xx, 429, long waits) is turned into a
 * DeliveryError instead, because the outbox owns retries.
 */
import { createHash } from 'node:crypto';
import { DefaultRestOptions, DiscordAPIError, HTTPError, RateLimitError, REST, Routes, type RESTOptions } from 'discord.js';
import type { SharedBotPacer } from '../../delivery/bot-pacer.ts';
import { DeliveryError } from '../../delivery/errors.ts';
import { isSnowflake } from './snowflake.ts';
import type { MessageSender, PlatformPayload, SendResult } from '../../delivery/message-sender.ts';
import { silentLogger, type Logger } from '../../logging/logger.ts';

export interface DiscordSenderOptions {
  /** Bot token (DISCORD_BOT_TOKEN). */
  token: string;
  /** API base without version (DISCORD_API_URL); default https://discord.com/api. */
  apiUrl?: string;
  /** Timeout of one HTTP request; default 10 s. */
  timeoutMs?: number;
  /**
   * Longest a send may wait for discord.js's rate-limit queue before it fails as retryable;
   * default 15 s (a channel allows 5 messages per 5 s).
   */
  maxQueueMs?: number;
  logger?: Logger;
  /**
   * The bot's request slots shared with other instances (Postgres). Without it, discord.js paces
   * this process alone (50 requests/s per bot).
   */
  sharedPacer?: SharedBotPacer;
}


/** Discord accepts a nonce of at most 25 characters. */
export const MAX_NONCE_LENGTH = 25;

/** The key itself when short enough, otherwise a stable 25-character digest of it. */
export function toDiscordNonce(idempotencyKey: string): string {
  if (idempotencyKey.length <= MAX_NONCE_LENGTH) return idempotencyKey;
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, MAX_NONCE_LENGTH);
}

/** A 429 seen by our request function: surfaced at once instead of slept through by discord.js. */
class RateLimitedResponse extends Error {
  constructor(
    readonly retryAfterMs: number,
    readonly global: boolean,
  ) {
    super(`rate limited${global ? ' (global)' : ''}, retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitedResponse';
  }
}

type MakeRequest = RESTOptions['makeRequest'];

const throwOn429 =
  (makeRequest: MakeRequest): MakeRequest =>
  async (url, init) => {
    const res = await makeRequest(url, init);
    if (res.status !== 429) return res;
    const body = (await res.json().catch(() => ({}))) as { retry_after?: unknown; global?: unknown };
    const header = Number(res.headers.get('retry-after'));
    const seconds = typeof body.retry_after === 'number' ? body.retry_after : Number.isFinite(header) ? header : 1;
    throw new RateLimitedResponse(Math.ceil(seconds * 1000), body.global === true || res.headers.has('x-ratelimit-global'));
  };

const PERMANENT_CODES: Record<number, { code: string; hint: string }> = {
  10003: { code: 'unknown_channel', hint: 'the channel was deleted or the id is wrong' },
  50001: { code: 'missing_access', hint: 'the bot cannot see this channel; invite it or grant View Channel' },
  50013: { code: 'missing_permissions', hint: 'grant the bot Send Messages and Embed Links in this channel' },
  50035: { code: 'invalid_body', hint: 'the rendered message breaks a Discord limit' },
  50006: { code: 'invalid_body', hint: 'the rendered message is empty' },
  50109: { code: 'invalid_body', hint: 'the request body is not valid JSON' },
  40001: { code: 'unauthorized', hint: 'check DISCORD_BOT_TOKEN' },
};

export function toDeliveryError(error: unknown, channel: string, timeoutMs: number, deadline: AbortSignal): DeliveryError {
  const where = `Discord channel ${channel}`;
  if (error instanceof RateLimitedResponse) {
    return new DeliveryError(`${where}: ${error.message}`, true, error.retryAfterMs, 'rate_limited');
  }
  if (error instanceof RateLimitError) {
    const message = `${where}: rate-limit bucket exhausted for ${Math.round(error.retryAfter)} ms`;
    return new DeliveryError(message, true, Math.ceil(error.retryAfter), 'rate_limited');
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(`${where}: Discord answered ${error.status} ${error.message}`, true, null, 'server_error');
  }
  if (error instanceof DiscordAPIError) {
    const known = typeof error.code === 'number' ? PERMANENT_CODES[error.code] : undefined;
    if (known) return new DeliveryError(`${where}: ${error.message} (${known.hint})`, false, null, known.code);
    if (error.status === 401) {
      return new DeliveryError(`${where}: Discord rejected the bot token (401): check DISCORD_BOT_TOKEN`, false, null, 'unauthorized');
    }
    if (error.status === 408) return new DeliveryError(`${where}: ${error.message}`, true, null, 'timeout');
    const code = error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : 'rejected';
    return new DeliveryError(`${where}: Discord refused the message (${error.status} ${error.message})`, false, null, code);
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (deadline.aborted) {
    return new DeliveryError(`${where}: still queued behind Discord rate limits, gave up`, true, null, 'timeout');
  }
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return new DeliveryError(`${where}: no answer from Discord within ${timeoutMs} ms`, true, null, 'timeout');
  }
  const cause = (err as { code?: unknown }).code;
  return new DeliveryError(`${where}: network error ${typeof cause === 'string' ? `${cause} ` : ''}${err.message}`, true, null, 'network');
}

/** Waits for the bot's next shared request slot; a store that can't be asked fails the send as retryable. */
async function waitForSlot(pacer: SharedBotPacer, bot: string, channel: string, deadline: AbortSignal): Promise<void> {
  try {
    await pacer.wait(bot, deadline);
  } catch (error) {
    const where = `Discord channel ${channel}`;
    if (deadline.aborted) throw new DeliveryError(`${where}: still queued behind the bot's shared rate limit, gave up`, true, null, 'timeout');
    throw new DeliveryError(`${where}: could not reserve a request slot in the shared store (${(error as Error).message})`, true, null, 'store_unavailable');
  }
}

export function createDiscordSender(options: DiscordSenderOptions): MessageSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxQueueMs = options.maxQueueMs ?? 15_000;
  const logger = options.logger ?? silentLogger;
  const rest = new REST({
    api: (options.apiUrl ?? DefaultRestOptions.api).replace(/\/+$/, ''),
    timeout: timeoutMs,
    retries: 0,
    // Wait for a bucket to reset (that is pacing), but not for longer than the outbox would.
    rejectOnRateLimit: (data) => data.retryAfter > maxQueueMs,
    makeRequest: throwOn429(DefaultRestOptions.makeRequest),
  });

  const botKey = createHash('sha256').update(`discord:${options.token}`).digest('hex').slice(0, 16);

  return {
    platform: 'discord',
    async send(channel: string, payload: PlatformPayload, idempotencyKey: string): Promise<SendResult> {
      if (payload.platform !== 'discord') {
        throw new DeliveryError(`Discord sender got a ${payload.platform} payload`, false, null, 'invalid_body');
      }
      if (!isSnowflake(channel)) {
        throw new DeliveryError(`Discord channel id "${channel}" is not a snowflake (a numeric id)`, false, null, 'unknown_channel');
      }
      // discord.js forgets the token after a 401; set it again so a fixed token works at once.
      rest.setToken(options.token);
      const deadline = AbortSignal.timeout(maxQueueMs + timeoutMs);
      const body = { ...payload.body, nonce: toDiscordNonce(idempotencyKey), enforce_nonce: true };
      if (options.sharedPacer) await waitForSlot(options.sharedPacer, botKey, channel, deadline);
      try {
        const message = (await rest.post(Routes.channelMessages(channel), { body, signal: deadline })) as { id: string };
        return { messageId: message.id };
      } catch (error) {
        const failure = toDeliveryError(error, channel, timeoutMs, deadline);
        logger.debug({ channel, code: failure.code, retryable: failure.retryable, err: error }, failure.message);
        throw failure;
      }
    },
  };
}
