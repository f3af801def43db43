import type { Context } from 'koa';
import { HttpError } from '../../http/http-error.ts';
import { readRawBody } from '../../http/read-raw-body.ts';
import type { IngestDeps } from '../../pipeline/ingest-webhook.ts';
import { ingestAndRespond } from '../../http/respond-ingest.ts';
import { normalizeStripeEvent } from './normalize-stripe.ts';
import { verifyStripeEvent } from './verify-stripe-signature.ts';

/** Stripe events are small; 5 MB leaves room for invoices with many lines. */
export const STRIPE_BODY_LIMIT = 5 * 1024 * 1024;

export interface StripeRouteDeps extends IngestDeps {
  /** STRIPE_WEBHOOK_SECRET, split on commas; empty = the source is disabled. */
  secrets: readonly string[];
}

/** POST /webhooks/stripe: verify → normalize → store (dedupe on the evt_ id) → 202. */
export function stripeWebhookHandler(deps: StripeRouteDeps) {
  return async (ctx: Context): Promise<void> => {
    if (deps.secrets.length === 0) {
      throw new HttpError(404, 'source_disabled', 'STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are disabled');
    }
    const raw = await readRawBody(ctx, STRIPE_BODY_LIMIT);
    const now = deps.now?.() ?? new Date();
    const payload = verifyStripeEvent(raw, ctx.get('stripe-signature') || undefined, deps.secrets, now);
    await ingestAndRespond(ctx, deps, normalizeStripeEvent(payload, now)); // a PayloadError is a 400
  };
}
