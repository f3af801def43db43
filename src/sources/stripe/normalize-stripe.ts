/**
 * A verified Stripe event → NormalizedEvent. Posted event types and their features:
 *   payment_intent.succeeded / payment_failed → payments · charge.refunded → refunds
 *   charge.dispute.created / closed → disputes · checkout.session.completed → checkout
 *   invoice.paid / payment_failed → invoices
 *   customer.subscription.created / deleted / trial_will_end → subscriptions
 *   payout.paid / failed → payouts
 * Every other type is stored with feature null (never posted). charge.succeeded is one of them on
 * purpose: Stripe sends it alongside payment_intent.succeeded, and one payment is one message.
 * Target: the Connect account id (`event.account`) or `*` for the platform's own events.
 */
import { stripeObjectProblem } from './stripe-payload-schema.ts';
import { PayloadError } from '../../http/http-error.ts';
import { paymentEvent } from '../money/payment-parts.ts';
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import { toDate } from '../money/due-date.ts';
import { obj, str } from '../money/payload-readers.ts';
import { normalizeInvoice, normalizePayout, normalizeSubscription } from './stripe-billing-events.ts';
import { dashboardUrl, type StripeContext, type StripeHandler, type StripeParts } from './stripe-context.ts';
import { normalizeChargeRefunded, normalizeCheckoutCompleted, normalizeDispute, normalizePaymentIntent } from './stripe-payment-events.ts';

/** A signed Stripe body without what every event has (400). */
export class StripePayloadError extends PayloadError {
  constructor(reason: string) {
    super(`invalid Stripe event: ${reason}`);
    this.name = 'StripePayloadError';
  }
}

export const STRIPE_HANDLERS: Readonly<Record<string, StripeHandler>> = Object.freeze({
  'payment_intent.succeeded': (ctx) => normalizePaymentIntent(ctx, true),
  'payment_intent.payment_failed': (ctx) => normalizePaymentIntent(ctx, false),
  'charge.refunded': normalizeChargeRefunded,
  'charge.dispute.created': (ctx) => normalizeDispute(ctx, false),
  'charge.dispute.closed': (ctx) => normalizeDispute(ctx, true),
  'checkout.session.completed': normalizeCheckoutCompleted,
  'invoice.paid': (ctx) => normalizeInvoice(ctx, true),
  'invoice.payment_failed': (ctx) => normalizeInvoice(ctx, false),
  'customer.subscription.created': (ctx) => normalizeSubscription(ctx, 'created'),
  'customer.subscription.deleted': (ctx) => normalizeSubscription(ctx, 'deleted'),
  'customer.subscription.trial_will_end': (ctx) => normalizeSubscription(ctx, 'trial_will_end'),
  'payout.paid': (ctx) => normalizePayout(ctx, true),
  'payout.failed': (ctx) => normalizePayout(ctx, false),
});

const EVENT_ID = /^evt_[A-Za-z0-9_]{1,250}$/;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;
const ACCOUNT = /^acct_[A-Za-z0-9]{1,64}$/;

function otherEvent(type: string, ctx: StripeContext): StripeParts {
  const id = str(ctx.object.id);
  return { feature: null, summary: `${type}${id ? ` ${id}` : ''}`, color: 'neutral', url: null, amount: null, data: {} };
}

export function normalizeStripeEvent(payload: unknown, receivedAt: Date): NormalizedEvent {
  const event = obj(payload);
  if (!event) throw new StripePayloadError('the body is not a JSON object');
  const id = str(event.id);
  const type = str(event.type);
  if (id === null || !EVENT_ID.test(id)) throw new StripePayloadError('"id" is not an evt_… id');
  if (type === null || !EVENT_TYPE.test(type)) throw new StripePayloadError('"type" is missing or not an event type');
  const object = obj(obj(event.data)?.object);
  const handler = Object.hasOwn(STRIPE_HANDLERS, type) ? STRIPE_HANDLERS[type] : undefined;
  if (handler && !object) throw new StripePayloadError(`${type} without data.object`);
  const problem = handler ? stripeObjectProblem(type, object) : null;
  if (problem) throw new StripePayloadError(problem);
  const livemode = event.livemode === true;
  const rawAccount = str(event.account);
  const account = rawAccount !== null && ACCOUNT.test(rawAccount) ? rawAccount : null;
  const ctx: StripeContext = {
    object: object ?? {},
    livemode,
    account,
    now: receivedAt,
    dashboard: (path) => dashboardUrl(path, livemode, account),
  };
  const parts = handler ? handler(ctx) : otherEvent(type, ctx);
  return paymentEvent({
    source: 'stripe',
    id,
    type,
    target: account ?? '*', // matchTargets also offers it lower-cased (older subscriptions)
    tags: [livemode ? null : 'TEST', account].filter((t) => t !== null),
    parts,
    receivedAt,
    data: { created: toDate(event.created)?.toISOString() ?? null, test: !livemode, mode: livemode ? 'live' : 'test', account },
  });
}
