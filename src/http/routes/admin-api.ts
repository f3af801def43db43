import { postsNothing, targetProblem } from '../../subscriptions/target-checks.ts';
import { SNOWFLAKE } from '../../platforms/discord/snowflake.ts';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import type { DeliveryStatsSnapshot } from '../../delivery/delivery-stats.ts';
import { isSource } from '../../events/normalized-event.ts';
import { safeEqual } from '../../security/hmac.ts';
import { DELIVERY_STATUSES, type Store } from '../../storage/store.ts';
import { parseFeatureWords, validateTarget } from '../../subscriptions/parse.ts';
import { sameTarget } from '../../subscriptions/target.ts';
import { PLATFORMS } from '../../subscriptions/subscription.ts';
import { HttpError, badRequest, notFound } from '../http-error.ts';
import { parseBody, parseJsonObject, readRawBody } from '../read-raw-body.ts';

export interface AdminApiDeps {
  store: Store;
  adminToken: string | undefined;
  /** Called when a delivery was put back in the queue. */
  onDeliveriesQueued?: () => void;
  /** The delivery worker's counters (GET /api/stats). */
  deliveryStats?: () => DeliveryStatsSnapshot;
  /** Whether a generic (custom) hook exists: a subscription to a missing one is refused. */
  hookExists?: (name: string) => Promise<boolean>;
  /** The uptime SSRF guard: a refusal for a site that may not be monitored, or null. */
  refuseSite?: (url: string) => Promise<string | null>;
}

/** Channel ids as the platforms give them: a Discord snowflake, a Slack id such as C024BE91L. */
const CHANNEL_ID: Record<(typeof PLATFORMS)[number], { pattern: RegExp; example: string }> = {
  discord: { pattern: SNOWFLAKE, example: 'a numeric id such as 1234567890123456789 (Developer Mode → Copy Channel ID)' },
  slack: { pattern: /^[A-Z0-9]{2,32}$/, example: 'an id such as C024BE91L (channel details → bottom of the About tab)' },
};

const newSubscriptionBody = z.object({
  platform: z.enum(PLATFORMS),
  channel: z.string().trim().min(1).max(128),
  workspace: z.string().trim().max(128).optional(),
  source: z.string().refine(isSource, { message: 'unknown source' }),
  target: z.string().trim().max(512).optional(),
  features: z.array(z.string().max(200)).max(50).optional(),
  /** false: never combine this subscription's events into storm digests. */
  digest: z.boolean().optional(),
});

/** A query parameter given at most once (a repeated one is refused, not silently ignored). */
function queryParam(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest('invalid_query', `give ${name} once`);
  return value;
}

function intParam(value: unknown, name: string, fallback: number, max: number): number {
  const text = queryParam(value, name);
  if (text === undefined) return fallback;
  const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN; // digits only: not 1e3, 0x10, +5 or 1.0
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest('invalid_query', `${name} must be a whole number 1..${max}`);
  return n;
}

/** Bearer ADMIN_TOKEN check; the admin API is off (404) when no token is configured. */
export function requireAdmin(token: string | undefined) {
  return async (ctx: Context, next: Next) => {
    if (!token) throw new HttpError(404, 'admin_api_disabled', 'ADMIN_TOKEN is not set: the admin API is off');
    const header = ctx.get('authorization');
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!safeEqual(given, token)) {
      throw new HttpError(401, 'unauthorized', 'Missing or wrong Bearer token', true, { 'WWW-Authenticate': 'Bearer' });
    }
    await next();
  };
}

export function adminApiRouter(deps: AdminApiDeps): Router {
  const { store } = deps;
  const router = new Router({ prefix: '/api' });
  router.use(requireAdmin(deps.adminToken));

  router.get('/subscriptions', async (ctx) => {
    const q = ctx.query;
    const platform = queryParam(q.platform, 'platform');
    if (platform !== undefined && !(PLATFORMS as readonly string[]).includes(platform)) {
      throw badRequest('invalid_query', 'platform must be discord or slack');
    }
    ctx.body = await store.listSubscriptions({
      platform: platform as (typeof PLATFORMS)[number] | undefined,
      channel: queryParam(q.channel, 'channel'),
      workspace: queryParam(q.workspace, 'workspace'),
      source: queryParam(q.source, 'source'),
    });
  });

  router.post('/subscriptions', async (ctx) => {
    const data = parseBody(newSubscriptionBody, parseJsonObject(await readRawBody(ctx, 1024 * 1024)), 'invalid_subscription');
    const { platform, channel, source, features } = data;
    if (!isSource(source)) throw badRequest('invalid_subscription', 'unknown source');
    const target = validateTarget(source, data.target ?? '');
    if (!target.ok) throw badRequest('invalid_target', target.error);
    const id = CHANNEL_ID[platform];
    if (!id.pattern.test(channel)) throw badRequest('invalid_channel', `"${channel}" is not a ${platform} channel id: give ${id.example}`);
    const problem = await targetProblem(source, target.target, deps);
    if (problem?.kind === 'refused_address') throw badRequest('refused_address', problem.reason);
    if (problem?.kind === 'unknown_hook') {
      throw badRequest('unknown_hook', `No generic hook named "${target.target}": create it first with POST /api/hooks or hookbridge hooks create`);
    }
    const parsed = parseFeatureWords(source, features ?? []);
    if (!parsed.ok) throw badRequest('invalid_features', parsed.error);
    if (postsNothing(source, parsed.features)) {
      throw badRequest('invalid_features', 'every feature is turned off: the subscription would post nothing (DELETE it instead)');
    }
    const workspace = data.workspace ?? '';
    const duplicate = (await store.listSubscriptions({ platform, workspace, channel, source })).find(
      (s) => sameTarget(source, s.target, target.target),
    );
    if (duplicate) {
      ctx.status = 200;
      ctx.body = await store.updateSubscription(duplicate.id, {
        features: parsed.features,
        filters: parsed.filters,
        pausedReason: null,
        ...(data.digest === undefined ? {} : { digest: data.digest }),
      });
      return;
    }
    ctx.status = 201;
    ctx.body = await store.addSubscription({
      platform,
      workspace,
      channel,
      source,
      target: target.target,
      features: parsed.features,
      filters: parsed.filters,
      createdBy: 'admin-api',
      pausedReason: null,
      ...(data.digest === undefined ? {} : { digest: data.digest }),
    });
  });

  router.delete('/subscriptions/:id', async (ctx) => {
    if (!(await store.removeSubscription(ctx.params.id!))) throw notFound('not_found', 'No such subscription');
    ctx.status = 204;
  });

  router.post('/subscriptions/:id/resume', async (ctx) => {
    const updated = await store.updateSubscription(ctx.params.id!, { pausedReason: null });
    if (!updated) throw notFound('not_found', 'No such subscription');
    ctx.body = updated;
  });

  router.get('/stats', (ctx) => {
    if (!deps.deliveryStats) throw notFound('no_worker', 'No delivery worker runs in this process');
    ctx.body = { delivery: deps.deliveryStats() };
  });

  router.get('/events', async (ctx) => {
    const limit = intParam(ctx.query.limit, 'limit', 50, 1000);
    const source = queryParam(ctx.query.source, 'source');
    if (source !== undefined && !isSource(source)) throw badRequest('invalid_query', `unknown source "${source}"`);
    ctx.body = await store.listEvents({ limit, source });
  });

  router.get('/deliveries', async (ctx) => {
    const status = queryParam(ctx.query.status, 'status');
    if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status)) {
      throw badRequest('invalid_query', `status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    }
    const limit = intParam(ctx.query.limit, 'limit', 100, 1000);
    ctx.body = await store.listDeliveries({ status: status as (typeof DELIVERY_STATUSES)[number] | undefined, limit });
  });

  router.post('/deliveries/retry', async (ctx) => {
    const raw = await readRawBody(ctx, 64 * 1024);
    const body = z
      .object({ status: z.enum(['dead', 'failed']).default('dead'), limit: z.number().int().min(1).max(10_000).default(1000) })
      .safeParse(raw.length === 0 ? {} : parseJsonObject(raw));
    if (!body.success) throw badRequest('invalid_body', body.error.issues[0]?.message ?? 'invalid body');
    const targets = await store.listDeliveries({ status: body.data.status, limit: body.data.limit });
    await store.updateDeliveries(
      targets.map((d) => d.id),
      { status: 'pending', attempts: 0, nextAttemptAt: new Date().toISOString(), digestKey: null },
    );
    if (targets.length > 0) deps.onDeliveriesQueued?.();
    ctx.status = 202;
    ctx.body = { requeued: targets.length };
  });

  router.post('/deliveries/:id/retry', async (ctx) => {
    const current = await store.getDelivery(ctx.params.id!);
    if (!current) throw notFound('not_found', 'No such delivery');
    if (current.status !== 'dead' && current.status !== 'failed') {
      throw new HttpError(409, 'not_retryable', `Delivery is ${current.status}; only dead or failed deliveries can be retried`);
    }
    const updated = await store.updateDelivery(current.id, {
      status: 'pending',
      attempts: 0,
      digestKey: null,
      nextAttemptAt: new Date().toISOString(),
    });
    if (!updated) throw notFound('not_found', 'No such delivery');
    deps.onDeliveriesQueued?.();
    ctx.status = 202;
    ctx.body = updated;
  });

  return router;
}
