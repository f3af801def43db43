/** invoice.paid / payment_failed, customer.subscription.created / deleted / trial_will_end, payout.paid / failed. */
import { dueDate } from '../money/due-date.ts';
import { money, stripeAmountToMinor, type Money } from '../money/format-money.ts';
import { at, customer, firstStr, idOf, list, num, obj, oneLine, str, words } from '../money/payload-readers.ts';
import { by, shown } from '../money/payment-parts.ts';
import { objectPath, stripeMoney, type StripeContext, type StripeParts } from './stripe-context.ts';

export function normalizeInvoice(ctx: StripeContext, paid: boolean): StripeParts {
  const invoice = ctx.object;
  const id = str(invoice.id);
  const amount = paid ? (stripeMoney(invoice, 'amount_paid') ?? stripeMoney(invoice, 'total')) : (stripeMoney(invoice, 'amount_due') ?? stripeMoney(invoice, 'total'));
  const who = customer(invoice.customer_name, invoice.customer_email, idOf(invoice.customer));
  const number = oneLine(invoice.number, 80);
  const attempts = num(invoice.attempt_count);
  const nextAttempt = paid ? null : dueDate(invoice.next_payment_attempt, ctx.now);
  const failure = paid
    ? null
    : (oneLine(at(invoice, 'last_finalization_error.message')) ??
      `payment attempt${attempts ? ` ${attempts}` : ''} failed${nextAttempt ? `, next try ${nextAttempt.text}` : ', no retry scheduled'}`);
  const url = ctx.dashboard(objectPath('invoices', id));
  const name = number ? `Invoice ${number}` : 'Invoice';
  return {
    feature: 'invoices',
    summary: paid ? `${name} paid: ${shown(amount)}${by(who)}` : `${name} payment failed: ${shown(amount)} (${failure})${by(who)}`,
    color: paid ? 'success' : 'failure',
    url,
    amount,
    data: {
      invoice: {
        id, number, url, hosted_url: str(invoice.hosted_invoice_url), billing_reason: words(invoice.billing_reason),
        attempt_count: attempts, next_attempt: nextAttempt, subscription: idOf(invoice.subscription) ?? firstStr(invoice, 'parent.subscription_details.subscription'),
      },
      customer: who,
      failure,
    },
  };
}

/** The first item's price: name, and the recurring total of all items ("$20.00 / month"). */
function subscriptionPlan(sub: StripeContext['object']): { name: string | null; amount: Money | null; interval: string | null } {
  const items = list(at(sub, 'items.data')).map(obj).filter((i) => i !== null);
  const first = items[0];
  const price = obj(first?.price) ?? obj(first?.plan) ?? obj(sub.plan);
  const name = oneLine(price?.nickname, 120) ?? oneLine(price?.lookup_key, 120) ?? oneLine(at(price, 'product.name'), 120) ?? idOf(price?.product);
  const currency = str(price?.currency);
  let total = 0;
  let known = currency !== null;
  for (const item of items.length > 0 ? items : [{ price, quantity: sub.quantity }]) {
    const p = obj(item?.price) ?? obj(item?.plan);
    const unit = num(p?.unit_amount) ?? num(p?.amount);
    if (unit === null || str(p?.currency) !== currency) known = false;
    else total += unit * (num(item?.quantity) ?? 1);
  }
  const recurring = obj(price?.recurring) ?? price;
  const count = num(recurring?.interval_count) ?? 1;
  const unit = str(recurring?.interval);
  const interval = unit === null ? null : count === 1 ? unit : `${count} ${unit}s`;
  return { name, amount: known && currency !== null ? money(stripeAmountToMinor(total, currency), currency) : null, interval };
}

export type SubscriptionChange = 'created' | 'deleted' | 'trial_will_end';

export function normalizeSubscription(ctx: StripeContext, change: SubscriptionChange): StripeParts {
  const sub = ctx.object;
  const id = str(sub.id);
  const plan = subscriptionPlan(sub);
  const who = customer(at(sub, 'customer.name'), at(sub, 'customer.email'), idOf(sub.customer));
  const price = plan.amount ? `${plan.amount.formatted}${plan.interval ? ` / ${plan.interval}` : ''}` : null;
  const what = (plan.name ? [plan.name, price ? `(${price})` : null] : [price]).filter(Boolean).join(' ') || (id ?? 'subscription');
  const trialEnd = dueDate(sub.trial_end, ctx.now);
  const cancelReason = words(at(sub, 'cancellation_details.reason'));
  const feedback = words(at(sub, 'cancellation_details.feedback'));
  const comment = oneLine(at(sub, 'cancellation_details.comment'), 500);
  const url = ctx.dashboard(objectPath('subscriptions', id));
  const summaries: Record<SubscriptionChange, string> = {
    created: `New subscription: ${what}${str(sub.status) === 'trialing' && trialEnd ? `, trial until ${trialEnd.date}` : ''}`,
    deleted: `Subscription cancelled: ${what}${cancelReason ? ` (${cancelReason})` : ''}`,
    trial_will_end: `Trial ends ${trialEnd?.text ?? 'soon'}: ${what}`,
  };
  return {
    feature: 'subscriptions',
    summary: summaries[change] + by(who),
    color: change === 'created' ? 'success' : 'warning',
    url,
    amount: plan.amount,
    data: {
      subscription: {
        id, status: words(sub.status), plan: plan.name, price, interval: plan.interval, trial_end: trialEnd,
        cancel_reason: cancelReason, feedback, comment, url,
      },
      customer: who,
    },
  };
}

export function normalizePayout(ctx: StripeContext, paid: boolean): StripeParts {
  const payout = ctx.object;
  const id = str(payout.id);
  const amount = stripeMoney(payout);
  // Stripe gives the arrival day (as midnight UTC): a date, never a time of day.
  const arrivalDay = dueDate(payout.arrival_date, ctx.now)?.iso.slice(0, 10) ?? null;
  const failureText = oneLine(payout.failure_message) ?? words(payout.failure_code);
  const failure = paid ? null : (failureText ?? 'no reason given');
  const url = ctx.dashboard(objectPath('payouts', id));
  return {
    feature: 'payouts',
    summary: paid
      ? `Payout of ${shown(amount)} paid${arrivalDay ? `, arrival ${arrivalDay}` : ''}`
      : `Payout of ${shown(amount)} failed: ${failure}`,
    color: paid ? 'success' : 'failure',
    url,
    amount,
    data: {
      payout: {
        id, url, arrival: arrivalDay, method: words(payout.method),
        description: oneLine(payout.description) ?? oneLine(payout.statement_descriptor),
        failure_code: words(payout.failure_code),
      },
      failure,
    },
  };
}
