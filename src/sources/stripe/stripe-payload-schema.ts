/**
 * The types Stripe sends for the fields hookbridge reads from each posted event's `data.object`,
 * as zod schemas (absent or null is fine where Stripe may omit a field; a present field must have
 * Stripe's type). A correctly signed event with, say, `amount: "4900"` is refused with 400
 * instead of being posted as "Payment received:" with no amount — as for GitHub's payloads.
 */
import { z } from 'zod';

/** Stripe amounts: integers in the currency's smallest unit, at most 12 digits. */
const amount = z.number().int().min(0).max(999_999_999_999).nullable().optional();
/** Amounts Stripe may send negative: an invoice total (credits), a payout (a withdrawal). */
const signedAmount = z.number().int().min(-999_999_999_999).max(999_999_999_999).nullable().optional();
const currency = z.string().regex(/^[a-zA-Z]{3}$/, 'expected a 3-letter currency code').nullable().optional();
const text = z.string().nullable().optional();
const unixTime = z.number().int().min(0).nullable().optional();
/** An id, or the expanded object it names. */
const ref = z.union([z.string(), z.object({ id: z.string() })]).nullable().optional();
const flag = z.boolean().nullable().optional();

const paymentIntent = z.object({
  id: z.string(), amount, amount_received: amount, currency, customer: ref, description: text, status: text,
  last_payment_error: z.object({ code: text, decline_code: text, message: text }).nullable().optional(),
});
const charge = z.object({
  id: z.string(), amount, amount_refunded: amount, currency, customer: ref, payment_intent: ref, refunded: flag,
  refunds: z.object({ data: z.array(z.object({ amount, currency })) }).nullable().optional(),
});
const dispute = z.object({
  id: z.string(), amount, currency, charge: ref, payment_intent: ref, reason: text, status: text,
  evidence_details: z.object({ due_by: unixTime, submission_count: z.number().int().nullable().optional() }).nullable().optional(),
});
const session = z.object({
  id: z.string(), amount_total: amount, currency, customer: ref, mode: text, payment_status: text, payment_intent: ref, subscription: ref,
});
const invoice = z.object({
  id: z.string(), amount_paid: amount, amount_due: amount, total: signedAmount, currency, customer: ref,
  number: text, attempt_count: z.number().int().min(0).nullable().optional(), next_payment_attempt: unixTime,
});
const price = z.object({ unit_amount: amount, amount, currency }).nullable().optional();
const subscription = z.object({
  id: z.string(), customer: ref, status: text, trial_end: unixTime, quantity: z.number().int().min(0).nullable().optional(),
  items: z.object({ data: z.array(z.object({ price, plan: price, quantity: z.number().int().min(0).nullable().optional() })) }).nullable().optional(),
  plan: price,
});
// A payout is negative when Stripe takes money back from the bank account (negative balance).
const payout = z.object({ id: z.string(), amount: signedAmount, currency, arrival_date: unixTime, method: text, failure_code: text, failure_message: text });

/** Per posted event type: the shape of its `data.object`. */
const OBJECT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'payment_intent.succeeded': paymentIntent,
  'payment_intent.payment_failed': paymentIntent,
  'charge.refunded': charge,
  'charge.dispute.created': dispute,
  'charge.dispute.closed': dispute,
  'checkout.session.completed': session,
  'invoice.paid': invoice,
  'invoice.payment_failed': invoice,
  'customer.subscription.created': subscription,
  'customer.subscription.deleted': subscription,
  'customer.subscription.trial_will_end': subscription,
  'payout.paid': payout,
  'payout.failed': payout,
};

/** Null when `object` has what its event type needs, else a short reason naming the field. */
export function stripeObjectProblem(type: string, object: unknown): string | null {
  const schema = Object.hasOwn(OBJECT_SCHEMAS, type) ? OBJECT_SCHEMAS[type] : undefined;
  if (!schema) return null;
  const parsed = schema.safeParse(object);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${type}: data.object.${issue?.path.map(String).join('.') || ''}: ${issue?.message ?? 'invalid'}`;
}

/** Every event type with a schema (tests check it covers every posted type). */
export const STRIPE_SCHEMA_TYPES = Object.keys(OBJECT_SCHEMAS);
