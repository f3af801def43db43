import Router from '@koa/router';
import Koa from 'koa';
import type { DeliveryStatsSnapshot } from './delivery/delivery-stats.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { frontDoorMiddleware, type FrontDoorOptions } from './http/front-door.ts';
import { adminApiRouter } from './http/routes/admin-api.ts';
import type { Logger } from './logging/logger.ts';
import { githubWebhookHandler } from './sources/github/github-webhook-route.ts';
import type { CertificateFetcher } from './sources/paypal/paypal-certificates.ts';
import { paypalWebhookHandler } from './sources/paypal/paypal-webhook-route.ts';
import { stripeWebhookHandler } from './sources/stripe/stripe-webhook-route.ts';
import type { ChannelRef, Store } from './storage/store.ts';

export interface AppDeps {
  store: Store;
  logger: Logger;
  githubSecrets: string[];
  /** STRIPE_WEBHOOK_SECRET list; empty or omitted = Stripe disabled (404). */
  stripeSecrets?: string[];
  /** PAYPAL_WEBHOOK_ID (unset = PayPal disabled) and the certificate fetcher (tests inject one). */
  paypal?: { webhookId: string | undefined; fetchCertificate?: CertificateFetcher };
  adminToken: string | undefined;
  /** Wakes the delivery worker when new deliveries are durable. */
  onDeliveriesQueued: (channels?: readonly ChannelRef[]) => void;
  /** The delivery worker's counters, for GET /api/stats. */
  deliveryStats?: () => DeliveryStatsSnapshot;
  /** Whether a generic hook exists (admin subscriptions to custom hooks are checked). */
  hookExists?: (name: string) => Promise<boolean>;
  /** The uptime SSRF guard (admin API subscriptions to a site). */
  refuseSite?: (url: string) => Promise<string | null>;
  /** Extra routers (chat command receivers) mounted beside the core routes. */
  routers?: Router[];
  /** Client address, rate limit and IP allowlists before any route; omitted = none. */
  frontDoor?: FrontDoorOptions;
  now?: () => Date;
}

/** The Koa application: routes and middleware only, no listening and no background work. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.use(errorMiddleware(deps.logger));
  for (const middleware of deps.frontDoor ? frontDoorMiddleware(deps.frontDoor, deps.logger) : []) app.use(middleware);

  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.post(
    '/webhooks/github',
    githubWebhookHandler({
      store: deps.store,
      secrets: deps.githubSecrets,
      onDeliveriesQueued: deps.onDeliveriesQueued,
      now: deps.now,
    }),
  );
  const ingest = { store: deps.store, onDeliveriesQueued: deps.onDeliveriesQueued, now: deps.now };
  router.post('/webhooks/stripe', stripeWebhookHandler({ ...ingest, secrets: deps.stripeSecrets ?? [] }));
  router.post('/webhooks/paypal', paypalWebhookHandler({ ...ingest, webhookId: deps.paypal?.webhookId, fetchCertificate: deps.paypal?.fetchCertificate }));
  app.use(router.routes()).use(router.allowedMethods());

  const admin = adminApiRouter({ store: deps.store, adminToken: deps.adminToken, onDeliveriesQueued: deps.onDeliveriesQueued, deliveryStats: deps.deliveryStats, hookExists: deps.hookExists, refuseSite: deps.refuseSite });
  app.use(admin.routes()).use(admin.allowedMethods());
  for (const extra of deps.routers ?? []) app.use(extra.routes()).use(extra.allowedMethods());
  return app;
}
