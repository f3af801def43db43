/**
 * A verified PayPal webhook event → NormalizedEvent. Posted event types and their features:
 *   PAYMENT.CAPTURE.COMPLETED / DENIED, CHECKOUT.ORDER.APPROVED → payments
 *   PAYMENT.CAPTURE.REFUNDED → refunds · CUSTOMER.DISPUTE.CREATED → disputes
 *   BILLING.SUBSCRIPTION.CREATED / CANCELLED → subscriptions
 * Every other type is stored with feature null. `type` is the event type in lower case
 * (templates/paypal/payment.capture.completed.liquid); the target is always `*`.
 */
import { PayloadError } from '../../http/http-error.ts';
import { paymentEvent } from '../money/payment-parts.ts';
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import { list, obj, oneLine, str } from '../money/payload-readers.ts';
import {
  normalizeCapture, normalizeDisputeCreated, normalizeOrderApproved, normalizeSubscription,
  type PaypalContext, type PaypalHandler, type PaypalParts,
} from './paypal-events.ts';

export class PaypalPayloadError extends PayloadError {
  constructor(reason: string) {
    super(`invalid PayPal event: ${reason}`);
    this.name = 'PaypalPayloadError';
  }
}

export const PAYPAL_HANDLERS: Readonly<Record<string, PaypalHandler>> = Object.freeze({
  'PAYMENT.CAPTURE.COMPLETED': (ctx) => normalizeCapture(ctx, 'completed'),
  'PAYMENT.CAPTURE.DENIED': (ctx) => normalizeCapture(ctx, 'denied'),
  'PAYMENT.CAPTURE.REFUNDED': (ctx) => normalizeCapture(ctx, 'refunded'),
  'CHECKOUT.ORDER.APPROVED': normalizeOrderApproved,
  'BILLING.SUBSCRIPTION.CREATED': (ctx) => normalizeSubscription(ctx, false),
  'BILLING.SUBSCRIPTION.CANCELLED': (ctx) => normalizeSubscription(ctx, true),
  'CUSTOMER.DISPUTE.CREATED': normalizeDisputeCreated,
});

const EVENT_ID = /^[A-Za-z0-9-]{1,100}$/;
const EVENT_TYPE = /^[A-Z0-9_.-]{1,100}$/i;

/** Sandbox events link to api.sandbox.paypal.com; so does their certificate URL. */
function isSandbox(payload: Record<string, unknown>, certUrl: URL | null): boolean {
  if (certUrl?.hostname.includes('sandbox')) return true;
  const resource = obj(payload.resource);
  return [...list(payload.links), ...list(resource?.links)].some((l) => /\/\/[^/]*sandbox\.paypal\.com\//i.test(str(obj(l)?.href) ?? ''));
}

export function normalizePaypalEvent(payload: unknown, receivedAt: Date, certUrl: URL | null = null): NormalizedEvent {
  const event = obj(payload);
  if (!event) throw new PaypalPayloadError('the body is not a JSON object');
  const id = str(event.id);
  const rawType = str(event.event_type);
  if (id === null || !EVENT_ID.test(id)) throw new PaypalPayloadError('"id" is missing or not a webhook event id (WH-…)');
  if (rawType === null || !EVENT_TYPE.test(rawType)) throw new PaypalPayloadError('"event_type" is missing');
  const eventType = rawType.toUpperCase();
  const resource = obj(event.resource);
  const handler = Object.hasOwn(PAYPAL_HANDLERS, eventType) ? PAYPAL_HANDLERS[eventType] : undefined;
  if (handler && !resource) throw new PaypalPayloadError(`${eventType} without a resource object`);
  const sandbox = isSandbox(event, certUrl);
  const received = Number.isFinite(receivedAt.getTime()) ? receivedAt : new Date();
  const ctx: PaypalContext = { resource: resource ?? {}, summary: oneLine(event.summary), sandbox, now: received };
  const parts: PaypalParts = handler
    ? handler(ctx)
    : { feature: null, summary: `${eventType}${ctx.summary ? `: ${ctx.summary}` : ''}`, color: 'neutral', url: null, amount: null, data: {} };
  return paymentEvent({
    source: 'paypal',
    id,
    type: eventType.toLowerCase(),
    target: '*',
    tags: sandbox ? ['SANDBOX'] : [],
    parts,
    receivedAt: received,
    data: { event_type: eventType, paypal_summary: ctx.summary, test: sandbox, mode: sandbox ? 'sandbox' : 'live' },
  });
}
