/** payment_intent.succeeded / payment_failed, charge.refunded, charge.dispute.*, checkout.session.completed. */
import { dueDate } from '../money/due-date.ts';
import { at, customer, firstStr, idOf, num, oneLine, str, words, type Customer } from '../money/payload-readers.ts';
import { by, shown } from '../money/payment-parts.ts';
import { objectPath, stripeMoney, type StripeContext, type StripeParts } from './stripe-context.ts';

/** "Your card was declined. (insufficient funds)" from a last_payment_error-like object. */
function failureReason(error: unknown): string | null {
  const message = oneLine(at(error, 'message'), 300);
  const code = words(at(error, 'decline_code')) ?? words(at(error, 'code'));
  if (message && code) return `${message} (${code})`;
  return message ?? code;
}

function paymentIntentCustomer(pi: StripeContext['object']): Customer | null {
  return customer(
    firstStr(pi, 'shipping.name', 'last_payment_error.payment_method.billing_details.name', 'customer.name'),
    firstStr(pi, 'receipt_email', 'last_payment_error.payment_method.billing_details.email', 'customer.email'),
    idOf(pi.customer),
  );
}

export function normalizePaymentIntent(ctx: StripeContext, succeeded: boolean): StripeParts {
  const pi = ctx.object;
  const id = str(pi.id);
  const amount = succeeded ? (stripeMoney(pi, 'amount_received') ?? stripeMoney(pi)) : stripeMoney(pi);
  const who = paymentIntentCustomer(pi);
  const failure = succeeded ? null : failureReason(pi.last_payment_error);
  const url = ctx.dashboard(objectPath('payments', id));
  return {
    feature: 'payments',
    summary: succeeded
      ? `Payment of ${shown(amount)} succeeded${by(who)}`
      : `Payment of ${shown(amount)} failed${failure ? `: ${failure}` : ''}${by(who)}`,
    color: succeeded ? 'success' : 'failure',
    url,
    amount,
    data: {
      payment: { id, description: oneLine(pi.description), status: str(pi.status), url },
      customer: who,
      failure,
    },
  };
}

export function normalizeChargeRefunded(ctx: StripeContext): StripeParts {
  const charge = ctx.object;
  const refunded = stripeMoney(charge, 'amount_refunded');
  const original = stripeMoney(charge);
  const full = charge.refunded === true;
  const who = customer(firstStr(charge, 'billing_details.name'), firstStr(charge, 'billing_details.email', 'receipt_email'), idOf(charge.customer));
  const paymentIntent = idOf(charge.payment_intent);
  const url = ctx.dashboard(objectPath('payments', paymentIntent ?? str(charge.id)));
  const reason = words(firstRefundReason(charge));
  return {
    feature: 'refunds',
    summary: `${full ? 'Refunded' : 'Partially refunded'} ${shown(refunded)}${full || !original ? '' : ` of ${original.formatted}`}${by(who)}`,
    color: 'warning',
    url,
    amount: refunded,
    data: {
      refund: { full, original: original?.formatted ?? null, reason, charge: str(charge.id), url },
      customer: who,
    },
  };
}

/** refunds.data is a list; `at` reads object keys only, so take the first element by hand. */
function firstRefundReason(charge: StripeContext['object']): unknown {
  const data = at(charge, 'refunds.data');
  return Array.isArray(data) ? at(data[0], 'reason') : null;
}

const DISPUTE_OUTCOMES: Record<string, string> = {
  won: 'won', lost: 'lost', warning_closed: 'closed (inquiry ended)', charge_refunded: 'closed (charge refunded)',
};

export function normalizeDispute(ctx: StripeContext, closed: boolean): StripeParts {
  const dispute = ctx.object;
  const id = str(dispute.id);
  const amount = stripeMoney(dispute);
  const status = str(dispute.status);
  const reason = words(dispute.reason);
  const due = closed ? null : dueDate(at(dispute, 'evidence_details.due_by'), ctx.now);
  const who = customer(firstStr(dispute, 'evidence.customer_name'), firstStr(dispute, 'evidence.customer_email_address'), idOf(at(dispute, 'evidence.customer')));
  const url = ctx.dashboard(objectPath('disputes', id));
  const outcome = closed ? (DISPUTE_OUTCOMES[status ?? ''] ?? words(status) ?? 'closed') : null;
  // An inquiry (warning_*) is not a chargeback yet: answering it in time avoids one.
  const inquiry = (status ?? '').startsWith('warning_');
  const opened = inquiry ? 'Inquiry opened' : 'Dispute opened';
  const summary = closed
    ? `Dispute ${outcome}: ${shown(amount)}${reason ? ` (${reason})` : ''}`
    : `${opened}: ${shown(amount)}${reason ? ` (${reason})` : ''}${due ? `, ${inquiry ? 'respond' : 'evidence due'} ${due.text}` : ''}`;
  return {
    feature: 'disputes',
    summary: summary + by(who),
    color: closed ? (status === 'won' ? 'success' : status === 'lost' ? 'failure' : 'neutral') : 'failure',
    url,
    amount,
    data: {
      dispute: {
        id, reason, status: words(status), outcome, due, inquiry,
        charge: idOf(dispute.charge), payment_intent: idOf(dispute.payment_intent),
        evidence_submitted: (num(at(dispute, 'evidence_details.submission_count')) ?? 0) > 0,
        url,
      },
      customer: who,
    },
  };
}

export function normalizeCheckoutCompleted(ctx: StripeContext): StripeParts {
  const session = ctx.object;
  const amount = stripeMoney(session, 'amount_total');
  const who = customer(firstStr(session, 'customer_details.name'), firstStr(session, 'customer_details.email', 'customer_email'), idOf(session.customer));
  const paymentIntent = idOf(session.payment_intent);
  const subscription = idOf(session.subscription);
  const customerId = idOf(session.customer);
  const path = objectPath('payments', paymentIntent) ?? objectPath('subscriptions', subscription) ?? objectPath('customers', customerId);
  const url = ctx.dashboard(path);
  const mode = str(session.mode);
  const paid = str(session.payment_status);
  return {
    feature: 'checkout',
    summary: `Checkout completed: ${shown(amount) || 'no charge'}${mode === 'subscription' ? ' (subscription)' : ''}${by(who)}`,
    color: paid === 'unpaid' ? 'warning' : 'success',
    url,
    amount,
    data: {
      checkout: { id: str(session.id), mode, payment_status: words(paid), subscription, payment_intent: paymentIntent, url },
      customer: who,
    },
  };
}
