/**
 * `hookbridge sample stripe <event>`: a realistic test-mode Stripe event, signed with the first
 * STRIPE_WEBHOOK_SECRET exactly as Stripe signs it. PayPal samples cannot exist: PayPal signs
 * with its own private key, which nobody else has (use PayPal's Webhooks simulator instead).
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Config } from '../../config/config.ts';
import { postSample } from './post-sample.ts';

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
const customer = { receipt_email: 'jenny.rosen@example.com', customer: 'cus_SampleJenny' };
const pi = (extra: Record<string, unknown> = {}) => ({
  id: 'pi_3SampleIntent', object: 'payment_intent', amount: 4900, amount_received: 4900, currency: 'usd',
  description: 'Order #1042: espresso machine', status: 'succeeded', shipping: { name: 'Jenny Rosen' }, ...customer, ...extra,
});
const subscription = { id: 'sub_1Sample', object: 'subscription', customer: 'cus_SampleJenny', status: 'active',
  items: { data: [{ quantity: 1, price: { nickname: 'Pro', unit_amount: 2000, currency: 'usd', recurring: { interval: 'month', interval_count: 1 } } }] } };

export const STRIPE_SAMPLES: Record<string, () => Record<string, unknown>> = {
  'payment_intent.succeeded': () => pi(),
  'payment_intent.payment_failed': () => pi({
    status: 'requires_payment_method', amount_received: 0,
    last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  }),
  'charge.refunded': () => ({ id: 'ch_3Sample', object: 'charge', amount: 4900, amount_refunded: 1500, refunded: false, currency: 'usd',
    payment_intent: 'pi_3SampleIntent', billing_details: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' }, refunds: { data: [{ reason: 'requested_by_customer' }] } }),
  'charge.dispute.created': () => ({ id: 'dp_1Sample', object: 'dispute', amount: 4900, currency: 'usd', reason: 'fraudulent', status: 'needs_response',
    charge: 'ch_3Sample', payment_intent: 'pi_3SampleIntent', evidence_details: { due_by: now() + 7 * DAY, submission_count: 0 } }),
  'checkout.session.completed': () => ({ id: 'cs_test_Sample', object: 'checkout.session', amount_total: 1_500_000, currency: 'jpy', mode: 'payment',
    payment_status: 'paid', payment_intent: 'pi_3SampleIntent', customer_details: { name: 'Sato Hanako', email: 'hanako@example.jp' } }),
  'invoice.paid': () => ({ id: 'in_1Sample', object: 'invoice', number: 'HB-0001', amount_paid: 2000, amount_due: 2000, currency: 'usd',
    customer_name: 'Jenny Rosen', customer_email: 'jenny.rosen@example.com', billing_reason: 'subscription_cycle' }),
  'invoice.payment_failed': () => ({ id: 'in_1Sample', object: 'invoice', number: 'HB-0002', amount_paid: 0, amount_due: 2000, currency: 'usd',
    customer_name: 'Jenny Rosen', customer_email: 'jenny.rosen@example.com', attempt_count: 2, next_payment_attempt: now() + 3 * DAY }),
  'customer.subscription.created': () => subscription,
  'customer.subscription.deleted': () => ({ ...subscription, status: 'canceled', cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive' } }),
  'payout.paid': () => ({ id: 'po_1Sample', object: 'payout', amount: 1_234_500, currency: 'usd', arrival_date: now() + 2 * DAY, method: 'standard', status: 'paid' }),
  'payout.failed': () => ({ id: 'po_1Sample', object: 'payout', amount: 1_234_500, currency: 'usd', status: 'failed',
    failure_code: 'account_closed', failure_message: 'The bank account has been closed.' }),
};

export const PAYPAL_SAMPLE_NOTE =
  'PayPal samples cannot be sent: PayPal signs webhooks with its own private key. Use the Webhooks simulator ' +
  'in the PayPal developer dashboard (Testing tools → Webhooks simulator) with your /webhooks/paypal URL.';

/** A test-mode event envelope around a sample object. */
export function stripeSampleEvent(type: string): Record<string, unknown> | null {
  const make = Object.hasOwn(STRIPE_SAMPLES, type) ? STRIPE_SAMPLES[type] : undefined;
  if (!make) return null;
  return {
    id: `evt_sample_${randomBytes(9).toString('hex')}`, object: 'event', api_version: '2025-03-31.basil', created: now(),
    data: { object: make() }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type,
  };
}

/** Signs and sends one sample; returns the exit code. */
export async function sendStripeSample(type: string | undefined, baseUrl: string, config: Config): Promise<number> {
  const event = type ? stripeSampleEvent(type) : null;
  if (!event) {
    console.error(`${type ? `Unknown Stripe sample "${type}". ` : ''}Usage: hookbridge sample stripe <event> [--url URL]\nevents: ${Object.keys(STRIPE_SAMPLES).join(', ')}`);
    return 2;
  }
  const secret = config.stripe.secrets[0];
  if (!secret) {
    console.error('STRIPE_WEBHOOK_SECRET is not set: cannot sign the sample (set it to the same value as the server).');
    return 2;
  }
  const body = JSON.stringify(event, null, 2);
  return postSample(baseUrl, '/webhooks/stripe', {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks; hookbridge sample)',
    'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }),
  }, body);
}
