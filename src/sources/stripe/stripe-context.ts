/** What every Stripe event handler gets, and what it gives back to normalizeStripeEvent. */
import type { PaymentParts } from '../money/payment-parts.ts';
import { money, stripeAmountToMinor, type Money } from '../money/format-money.ts';
import { num, str, type Obj } from '../money/payload-readers.ts';

export interface StripeContext {
  /** The event's `data.object` (a PaymentIntent, Charge, Dispute, …). */
  object: Obj;
  livemode: boolean;
  /** Connect account id (`event.account`) or null for the platform's own events. */
  account: string | null;
  /** When the event was received: countdowns are computed against it. */
  now: Date;
  /** Dashboard link to `<path>` (e.g. "payments/pi_123") in the right mode and account. */
  dashboard(path: string | null): string;
}

export type StripeParts = PaymentParts;

export type StripeHandler = (ctx: StripeContext) => StripeParts;

const SAFE_ID = /^[A-Za-z0-9_]{1,255}$/;

/** `https://dashboard.stripe.com[/acct_…][/test]/<path>`; ids that are not plain ids are dropped. */
export function dashboardUrl(path: string | null, livemode: boolean, account: string | null): string {
  const base = `https://dashboard.stripe.com${account && SAFE_ID.test(account) ? `/${account}` : ''}${livemode ? '' : '/test'}`;
  const parts = (path ?? '').split('/');
  return parts.every((p) => SAFE_ID.test(p)) ? `${base}/${path}` : `${base}/payments`;
}

/** "<collection>/<id>" when the id is known. */
export function objectPath(collection: string, id: string | null): string | null {
  return id === null ? null : `${collection}/${id}`;
}

/** Money from an object's integer amount field and its `currency`, in ISO minor units. */
export function stripeMoney(object: Obj, field = 'amount', currencyField = 'currency'): Money | null {
  const amount = num(object[field]);
  const currency = str(object[currencyField]);
  if (amount === null || currency === null || !/^[a-z]{3}$/i.test(currency)) return null;
  return money(stripeAmountToMinor(amount, currency), currency);
}
