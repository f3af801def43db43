/**
 * Per-client rate limiting: a token bucket per client address holding RATE_LIMIT_PER_MINUTE
 * tokens, refilled continuously (so a provider's burst of redeliveries fits, a flood does not).
 * A request costs 1; a request answered 401 (failed signature, token or admin bearer check)
 * costs FAILED_VERIFICATION_COST in all, so a forger runs dry ten times sooner than a real sender.
 * Over budget: 429 with Retry-After, before anything is read or processed.
 *
 * Memory is bounded: buckets that have refilled completely carry no information and are swept,
 * and at most `maxClients` buckets are kept (least recently seen dropped first). IPv6 clients
 * are counted per /64, the block one host usually owns.
 */
import type { Context, Middleware } from 'koa';
import { rateLimitKey } from '../security/ip-ranges.ts';
import { clientAddressOf } from './client-ip.ts';
import { HttpError } from './http-error.ts';

export const FAILED_VERIFICATION_COST = 10;

export interface RateLimiterOptions {
  perMinute: number;
  maxClients?: number;
  now?: () => number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;
  private lastSweep: number;

  constructor(options: RateLimiterOptions) {
    this.capacity = options.perMinute;
    this.perMs = options.perMinute / 60_000;
    this.maxClients = options.maxClients ?? 50_000;
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Takes `cost` tokens if the client has them. */
  take(key: string, cost = 1): TakeResult {
    const bucket = this.bucket(key);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Charges extra tokens after the fact (a failed verification); the balance may go into debt, down to -capacity. */
  charge(key: string, cost: number): void {
    const bucket = this.bucket(key);
    bucket.tokens = Math.max(-this.capacity, bucket.tokens - cost);
  }

  private bucket(key: string): Bucket {
    const now = this.now();
    this.sweep(now);
    const found = this.buckets.get(key);
    const bucket = found ?? { tokens: this.capacity, at: now };
    if (found) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
      bucket.at = now;
      this.buckets.delete(key); // re-insert: Map order = least recently seen first
    }
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    return bucket;
  }

  /** Once a minute, drops buckets that have refilled completely since they were last seen. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs < this.capacity) {
        // Newer buckets were seen even more recently; most of them are not full either.
        if (now - bucket.at < 120_000) break;
        continue;
      }
      this.buckets.delete(key);
    }
  }
}

export interface RateLimitMiddlewareOptions {
  limiter: RateLimiter;
  /** Paths never limited (load-balancer health checks). */
  exempt?: (ctx: Context) => boolean;
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function rateLimitMiddleware(options: RateLimitMiddlewareOptions): Middleware {
  const { limiter } = options;
  return async (ctx, next) => {
    if (options.exempt?.(ctx)) return next();
    const client = clientAddressOf(ctx);
    const key = client.ip ? rateLimitKey(client.ip) : `unparsed:${client.text}`;
    const taken = limiter.take(key);
    if (!taken.ok) {
      const seconds = String(taken.retryAfterSeconds);
      throw new HttpError(429, 'rate_limited', `Too many requests from ${client.text}: retry after ${seconds} s`, true, { 'Retry-After': seconds });
    }
    const penalise = () => limiter.charge(key, FAILED_VERIFICATION_COST - 1);
    try {
      await next();
    } catch (err) {
      if (statusOf(err) === 401) penalise();
      throw err;
    }
    if (ctx.status === 401) penalise();
  };
}
