/** PAYMENT.CAPTURE.*, CHECKOUT.ORDER.APPROVED, BILLING.SUBSCRIPTION.*, CUSTOMER.DISPUTE.CREATED. */
import { by, shown, type PaymentParts } from '../money/payment-parts.ts';
import { dueDate } from '../money/due-date.ts';
import { decimalToMinor, money, type Money } from '../money/format-money.ts';
import { at, customer, firstStr, list, obj, oneLine, str, words, type Customer, type Obj } from '../money/payload-readers.ts';

export interface PaypalContext {
  resource: Obj;
  /** PayPal's own one-line summary of the event ("Payment completed for $ 2.51 USD"). */
  summary: string | null;
  sandbox: boolean;
  now: Date;
}

export type PaypalParts = PaymentParts;

export type PaypalHandler = (ctx: PaypalContext) => PaypalParts;

/** `{currency_code, value}` → Money in ISO minor units. */
export function paypalMoney(value: unknown): Money | null {
  const currency = str(at(value, 'currency_code'));
  const amount = str(at(value, 'value'));
  if (currency === null || amount === null || !/^[A-Za-z]{3}$/.test(currency)) return null;
  const minor = decimalToMinor(amount, currency);
  return minor === null ? null : money(minor, currency);
}

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** PayPal's web pages for the merchant (www.paypal.com or www.sandbox.paypal.com). */
export function paypalWebUrl(sandbox: boolean, path: string, id: string | null): string | null {
  if (id !== null && !SAFE_ID.test(id)) return null;
  return `https://www.${sandbox ? 'sandbox.' : ''}paypal.com/${path}${id ?? ''}`;
}


function person(value: unknown): Customer | null {
  const given = firstStr(value, 'name.given_name');
  const surname = firstStr(value, 'name.surname');
  const full = firstStr(value, 'name.full_name') ?? ([given, surname].filter(Boolean).join(' ') || null);
  return customer(full, at(value, 'email_address'), at(value, 'payer_id'));
}

export type CaptureOutcome = 'completed' | 'denied' | 'refunded';

export function normalizeCapture(ctx: PaypalContext, outcome: CaptureOutcome): PaypalParts {
  const r = ctx.resource;
  const id = str(r.id);
  const amount = paypalMoney(r.amount);
  const url = paypalWebUrl(ctx.sandbox, 'activity/payment/', id);
  const reason = words(at(r, 'status_details.reason'));
  const invoice = oneLine(r.invoice_id, 127);
  const net = paypalMoney(at(r, 'seller_receivable_breakdown.net_amount') ?? at(r, 'seller_payable_breakdown.net_amount'));
  const fee = paypalMoney(at(r, 'seller_receivable_breakdown.paypal_fee') ?? at(r, 'seller_payable_breakdown.paypal_fee'));
  const summaries: Record<CaptureOutcome, string> = {
    completed: `Payment of ${shown(amount)} completed`,
    denied: `Payment of ${shown(amount)} denied${reason ? `: ${reason}` : ''}`,
    refunded: `Refunded ${shown(amount)}`,
  };
  return {
    feature: outcome === 'refunded' ? 'refunds' : 'payments',
    summary: summaries[outcome] + (invoice ? ` (invoice ${invoice})` : ''),
    color: outcome === 'completed' ? 'success' : outcome === 'denied' ? 'failure' : 'warning',
    url,
    amount,
    data: {
      payment: {
        id, status: words(r.status), invoice, custom_id: oneLine(r.custom_id, 127), note: oneLine(r.note_to_payer, 500),
        net: net?.formatted ?? null, fee: fee?.formatted ?? null, order_id: firstStr(r, 'supplementary_data.related_ids.order_id'), url,
      },
      failure: outcome === 'denied' ? (reason ?? 'denied') : null,
    },
  };
}

export function normalizeOrderApproved(ctx: PaypalContext): PaypalParts {
  const r = ctx.resource;
  const units = list(r.purchase_units).map(obj).filter((u) => u !== null);
  const amounts = units.map((u) => paypalMoney(u.amount)).filter((m) => m !== null);
  const sameCurrency = amounts.length > 0 && amounts.every((m) => m.currency === amounts[0]!.currency);
  const amount = sameCurrency ? money(amounts.reduce((sum, m) => sum + m.amount, 0), amounts[0]!.currency) : (amounts[0] ?? null);
  const who = person(r.payer) ?? person(at(r, 'payment_source.paypal'));
  const description = oneLine(units[0]?.description);
  return {
    feature: 'payments',
    summary: `Order approved: ${shown(amount) || 'amount unknown'}${by(who)}`,
    color: 'info',
    url: null,
    amount,
    data: { order: { id: str(r.id), intent: words(r.intent), status: words(r.status), description }, customer: who },
  };
}

export function normalizeSubscription(ctx: PaypalContext, cancelled: boolean): PaypalParts {
  const r = ctx.resource;
  const id = str(r.id);
  const who = person(r.subscriber);
  const amount = paypalMoney(at(r, 'billing_info.last_payment.amount'));
  const plan = str(r.plan_id);
  const url = paypalWebUrl(ctx.sandbox, 'billing/subscriptions/', id);
  const next = dueDate(at(r, 'billing_info.next_billing_time'), ctx.now);
  return {
    feature: 'subscriptions',
    summary: `${cancelled ? 'Subscription cancelled' : 'New subscription'}${plan ? `: plan ${plan}` : ''}${by(who)}`,
    color: cancelled ? 'warning' : 'success',
    url,
    amount,
    data: {
      subscription: { id, plan, status: words(r.status), quantity: str(r.quantity), next_billing: next?.date ?? null, reason: oneLine(r.status_change_note), url },
      customer: who,
    },
  };
}

export function normalizeDisputeCreated(ctx: PaypalContext): PaypalParts {
  const r = ctx.resource;
  const id = str(r.dispute_id);
  const amount = paypalMoney(r.dispute_amount);
  const reason = words(r.reason);
  const due = dueDate(r.seller_response_due_date, ctx.now);
  const transaction = obj(list(r.disputed_transactions)[0]);
  const who = customer(firstStr(transaction, 'buyer.name'), firstStr(transaction, 'buyer.email'), null);
  const url = paypalWebUrl(ctx.sandbox, 'resolutioncenter', null);
  return {
    feature: 'disputes',
    summary: `Dispute opened: ${shown(amount)}${reason ? ` (${reason})` : ''}${due ? `, respond by ${due.text}` : ''}${by(who)}`,
    color: 'failure',
    url,
    amount,
    data: {
      dispute: {
        id, reason, status: words(r.status), stage: words(r.dispute_life_cycle_stage), channel: words(r.dispute_channel),
        due, transaction: str(transaction?.seller_transaction_id), url,
      },
      customer: who,
    },
  };
}
