/**
 * Money for payment messages. Amounts travel as integers in ISO 4217 minor units (what
 * `min:` filters compare, see subscriptions/currency.ts) plus an upper-case currency code, and
 * are shown with Intl.NumberFormat: ¥1,000 (JPY has no minor unit), KWD 1.234 (three decimals),
 * $12.34.
 *
 * Stripe states amounts in its own minor units, which equal ISO's except for its documented
 * special cases: ISK stays a two-decimal currency in the Stripe API (100 = 1 króna) although
 * ISO gives it no minor unit. PayPal states decimal strings ("12.34").
 */
import { currencyExponent } from '../../subscriptions/currency.ts';

/** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
/** Stripe's three-decimal currencies (amounts must end in 0 there, but are still in thousandths). */
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many decimals Stripe's integer `amount` has for a currency (ISK: 2, see above). */
export function stripeExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** A Stripe amount → ISO minor units (rounded when Stripe has more decimals than ISO, e.g. ISK). */
export function stripeAmountToMinor(amount: number, currency: string): number {
  const shift = currencyExponent(currency) - stripeExponent(currency);
  return shift === 0 ? amount : Math.round(amount * 10 ** shift);
}

/** A decimal string ("1234.56", "-3", "1000") → ISO minor units, or null when it is not a number. */
export function decimalToMinor(value: string, currency: string): number | null {
  const m = /^(-?)(\d{1,15})(?:\.(\d{1,10}))?$/.exec(value.trim());
  if (m === null) return null;
  const exponent = currencyExponent(currency);
  const fraction = m[3] ?? '';
  const scaled = Number(m[2]) * 10 ** exponent + Math.round(Number(`0.${fraction || '0'}`) * 10 ** exponent);
  if (!Number.isSafeInteger(scaled)) return null;
  return m[1] === '-' ? -scaled : scaled;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(code: string, digits: number): Intl.NumberFormat | null {
  const key = `${code}:${digits}`;
  let f = formatters.get(key);
  if (f === undefined) {
    try {
      f = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      return null;
    }
    formatters.set(key, f);
  }
  return f;
}

const defaultDigits = new Map<string, number>();

/** Decimals Intl shows by default for a currency (0 for JPY, HUF, ISK…), 2 when unknown. */
function intlDefaultDigits(code: string): number {
  let digits = defaultDigits.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    defaultDigits.set(code, digits);
  }
  return digits;
}

/**
 * "$12.34", "¥1,000", "KWD 1.234", "-€5.00". Whole amounts of currencies that Intl shows without
 * decimals (HUF, TWD cash…) drop ".00"; otherwise every ISO decimal is shown.
 */
export function formatMoney(minor: number, currency: string): string {
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  const major = minor / 10 ** exponent;
  const whole = Number.isInteger(major);
  const digits = whole && intlDefaultDigits(code) === 0 ? 0 : exponent;
  const f = /^[A-Z]{3}$/.test(code) ? formatter(code, digits) : null;
  if (f === null) return `${major.toFixed(exponent)} ${code}`.trim();
  return f.format(major);
}

/** What templates see for an amount. `amount` is in ISO minor units (for `min:` filters). */
export interface Money {
  [key: string]: string | number;
  amount: number;
  currency: string;
  formatted: string;
}

export function money(minor: number, currency: string): Money {
  const code = currency.toUpperCase();
  return { amount: minor, currency: code, formatted: formatMoney(minor, code) };
}
