/**
 * Posts messages to Slack channels with @slack/web-api's WebClient (chat.postMessage). The client
 * is told not to retry and to reject rate-limited calls at once: the outbox owns retries, and a
 * 429's Retry-After travels back in the DeliveryError.
 */
import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type Logger as SlackLogger,
} from '@slack/web-api';
import { DeliveryError } from '../../delivery/errors.ts';
import type { MessageSender, PlatformPayload, SendResult } from '../../delivery/message-sender.ts';
import { silentLogger, type Logger } from '../../logging/logger.ts';

export interface SlackSenderOptions {
  /** Bot token (SLACK_BOT_TOKEN). */
  token: string;
  /** Web API base (SLACK_API_URL), ending with '/'; default https://slack.com/api/. */
  apiUrl?: string;
  /** Timeout of one HTTP request; default 10 s. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Platform errors that a retry cannot fix, by the DeliveryError code they map to. */
const PERMANENT_ERRORS: Record<string, { code: string; hint: string }> = {
  channel_not_found: { code: 'unknown_channel', hint: 'the channel does not exist or the bot cannot see it' },
  not_in_channel: { code: 'missing_access', hint: 'invite the bot to the channel (/invite @hookbridge)' },
  is_archived: { code: 'missing_access', hint: 'the channel is archived' },
  restricted_action: { code: 'missing_access', hint: 'a workspace setting prevents the bot from posting here' },
  missing_scope: { code: 'missing_access', hint: 'the app needs the chat:write scope' },
  not_authed: { code: 'unauthorized', hint: 'set SLACK_BOT_TOKEN' },
  invalid_auth: { code: 'unauthorized', hint: 'check SLACK_BOT_TOKEN' },
  account_inactive: { code: 'unauthorized', hint: 'the bot token belongs to a deactivated app or user' },
  token_revoked: { code: 'unauthorized', hint: 'the bot token was revoked; reinstall the app' },
  token_expired: { code: 'unauthorized', hint: 'the bot token expired' },
  invalid_blocks: { code: 'invalid_body', hint: 'the rendered blocks break a Block Kit limit' },
  invalid_blocks_format: { code: 'invalid_body', hint: 'the rendered blocks are not valid Block Kit JSON' },
  msg_too_long: { code: 'invalid_body', hint: 'the message text is longer than Slack allows' },
  no_text: { code: 'invalid_body', hint: 'the rendered message is empty' },
  too_many_attachments: { code: 'invalid_body', hint: 'too many attachments' },
  invalid_arguments: { code: 'invalid_body', hint: 'Slack rejected the arguments' },
};

const RETRYABLE_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'ratelimited', 'request_timeout']);

export function toDeliveryError(error: unknown, channel: string, timeoutMs: number): DeliveryError {
  const where = `Slack channel ${channel}`;
  if (error instanceof WebAPIRateLimitedError) {
    return new DeliveryError(`${where}: rate limited, retry after ${error.retryAfter} s`, true, error.retryAfter * 1000, 'rate_limited');
  }
  if (error instanceof WebAPIPlatformError) {
    const name = error.data.error;
    const details = error.data.response_metadata?.messages?.join('; ');
    const text = `${where}: Slack answered ${name}${details ? ` (${details})` : ''}`;
    const known = PERMANENT_ERRORS[name];
    if (known) return new DeliveryError(`${text}: ${known.hint}`, false, null, known.code);
    if (RETRYABLE_ERRORS.has(name)) {
      const retryAfter = error.data.response_metadata?.retryAfter;
      const code = name === 'ratelimited' ? 'rate_limited' : 'server_error';
      return new DeliveryError(text, true, typeof retryAfter === 'number' ? retryAfter * 1000 : null, code);
    }
    return new DeliveryError(text, false, null, 'rejected');
  }
  if (error instanceof WebAPIHTTPError) {
    const retryable = error.statusCode >= 500 || error.statusCode === 408;
    const code = retryable ? 'server_error' : 'rejected';
    return new DeliveryError(`${where}: Slack answered HTTP ${error.statusCode} ${error.statusMessage}`, retryable, null, code);
  }
  const cause = error instanceof WebAPIRequestError ? error.original : error instanceof Error ? error : new Error(String(error));
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
    return new DeliveryError(`${where}: no answer from Slack within ${timeoutMs} ms`, true, null, 'timeout');
  }
  const reason = (cause as { cause?: unknown }).cause;
  const detail = reason instanceof Error ? `: ${reason.message}` : '';
  return new DeliveryError(`${where}: network error ${cause.message}${detail}`, true, null, 'network');
}

/** WebClient's own log lines are noise next to our DeliveryErrors: keep them at debug. */
function toSlackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  const forward = (...msg: unknown[]): void => logger.debug({ component: 'slack-web-api' }, msg.map(String).join(' '));
  return {
    debug: () => {},
    info: () => {},
    warn: forward,
    error: forward,
    setLevel: (value) => (level = value),
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackSender(options: SlackSenderOptions): MessageSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const logger = options.logger ?? silentLogger;
  const client = new WebClient(options.token, {
    // WebClient appends the method name as is: make sure the base ends with '/'.
    slackApiUrl: (options.apiUrl ?? 'https://slack.com/api/').replace(/\/*$/, '/'),
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: toSlackLogger(logger),
  });

  let historyUnavailable = false;
  return {
    platform: 'slack',
    // Slack has no nonce: each message carries its idempotency key as message metadata, and the
    // outbox asks findSent() before re-sending after an attempt whose outcome is unknown.
    async send(channel: string, payload: PlatformPayload, idempotencyKey: string): Promise<SendResult> {
      if (payload.platform !== 'slack') {
        throw new DeliveryError(`Slack sender got a ${payload.platform} payload`, false, null, 'invalid_body');
      }
      try {
        const result = (await client.apiCall('chat.postMessage', {
          channel,
          ...payload.body,
          metadata: { event_type: SLACK_METADATA_TYPE, event_payload: { key: idempotencyKey } },
        })) as { ts?: unknown };
        return { messageId: typeof result.ts === 'string' ? result.ts : '' };
      } catch (error) {
        const failure = toDeliveryError(error, channel, timeoutMs);
        logger.debug({ channel, code: failure.code, retryable: failure.retryable, err: error }, failure.message);
        throw failure;
      }
    },

    async findSent(channel: string, idempotencyKey: string, since: Date): Promise<SendResult | null> {
      if (historyUnavailable) return null;
      try {
        // Newest first, so the attempt's message is on the last page: follow the cursor (a retry
        // can come hours later in a busy channel), up to HISTORY_PAGES pages.
        let cursor: string | undefined;
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const result = (await client.apiCall('conversations.history', {
            channel,
            oldest: (since.getTime() / 1000 - 5).toFixed(6),
            limit: 200,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          })) as {
            messages?: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: { key?: unknown } } }>;
            response_metadata?: { next_cursor?: string };
          };
          const hit = (result.messages ?? []).find(
            (m) => m.metadata?.event_type === SLACK_METADATA_TYPE && m.metadata.event_payload?.key === idempotencyKey,
          );
          if (hit?.ts) return { messageId: hit.ts };
          cursor = result.response_metadata?.next_cursor || undefined;
          if (!cursor) return null;
        }
        logger.warn({ channel, pages: HISTORY_PAGES }, 'Slack: the channel history since the attempt is too long to search; posting again');
        return null;
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === 'missing_scope' || code === 'not_allowed_token_type') {
          historyUnavailable = true;
          logger.warn({ code }, 'Slack: add the channels:history and groups:history scopes so retries after a timeout or crash can never post twice');
          return null;
        }
        throw toDeliveryError(error, channel, timeoutMs);
      }
    },
  };
}

/** Pages of 200 messages searched for an earlier attempt (findSent). */
const HISTORY_PAGES = 25;

/** Message metadata type carrying the delivery's idempotency key. */
export const SLACK_METADATA_TYPE = 'hookbridge_delivery';
