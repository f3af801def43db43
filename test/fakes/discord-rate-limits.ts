/** Discord's rate-limit answers: X-RateLimit-* headers on every bucketed response, 429 bodies. */
import type { ServerResponse } from 'node:http';
import { sendJson } from './fake-http.ts';
import { FixedWindowLimiter, type WindowState } from './rate-limiters.ts';

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

export function rateLimitHeaders(state: WindowState, bucket: string): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(Math.max(0, state.remaining)),
    'x-ratelimit-reset': seconds(state.resetAt),
    'x-ratelimit-reset-after': seconds(state.resetAfterMs),
    'x-ratelimit-bucket': bucket,
  };
}

export function sendRateLimited(
  res: ServerResponse,
  retryAfterMs: number,
  scope: 'user' | 'global',
  headers: Record<string, string>,
): void {
  const retryAfter = Math.max(0.001, retryAfterMs / 1000);
  sendJson(
    res,
    429,
    { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global: scope === 'global' },
    {
      ...headers,
      'retry-after': String(Math.ceil(retryAfter)),
      'x-ratelimit-scope': scope,
      ...(scope === 'global' ? { 'x-ratelimit-global': 'true' } : {}),
    },
  );
}

/** The per-route/per-channel buckets plus the global limit of one bot token. */
export class DiscordRateLimits {
  readonly global: FixedWindowLimiter;
  private readonly buckets = new Map<string, FixedWindowLimiter>();

  constructor(
    private readonly perRoute: RateLimitConfig,
    globalLimit: RateLimitConfig,
  ) {
    this.global = new FixedWindowLimiter(globalLimit.limit, globalLimit.windowMs);
  }

  /** bucket: the route's bucket hash; major: the channel id. */
  take(bucket: string, major: string): WindowState {
    let limiter = this.buckets.get(bucket);
    if (!limiter) {
      limiter = new FixedWindowLimiter(this.perRoute.limit, this.perRoute.windowMs);
      this.buckets.set(bucket, limiter);
    }
    return limiter.take(major);
  }
}
