/**
 * The front door, in the order a request meets it: who is the client (client-ip.ts) → is it
 * over its rate limit (429) → may it post webhooks at all (403) → the routes. All three run
 * before any body is read.
 */
import type { Middleware } from 'koa';
import type { FrontDoorConfig } from '../config/front-door-config.ts';
import type { Logger } from '../logging/logger.ts';
import { clientAddressMiddleware } from './client-ip.ts';
import { ipAllowlistMiddleware } from './ip-allowlist.ts';
import { RateLimiter, rateLimitMiddleware } from './rate-limit.ts';

export type FrontDoorOptions = Pick<FrontDoorConfig, 'allowedIps' | 'trustProxy' | 'rateLimitPerMinute'> & {
  /** Clock for the rate limiter (tests). */
  now?: () => number;
};

/** `/healthz` is for load balancers and orchestrators: never rate limited. */
const isHealthCheck = (path: string): boolean => path === '/healthz';

export function frontDoorMiddleware(options: FrontDoorOptions, logger: Logger): Middleware[] {
  const chain: Middleware[] = [clientAddressMiddleware(options.trustProxy)];
  if (options.rateLimitPerMinute > 0) {
    const limiter = new RateLimiter({ perMinute: options.rateLimitPerMinute, ...(options.now ? { now: options.now } : {}) });
    chain.push(rateLimitMiddleware({ limiter, exempt: (ctx) => isHealthCheck(ctx.path) }));
  }
  chain.push(ipAllowlistMiddleware(options.allowedIps, logger));
  return chain;
}
