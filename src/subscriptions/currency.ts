/**
 * Currency helpers for `min:<amount><CUR>`. Amounts are compared in minor units (what providers
 * send: cents, yen, fils). The exponent follows ISO 4217, extended with the currencies Stripe
 * documents as zero-decimal. Payment sources must put `data.amount` in these same minor units
 * and `data.currency` as the ISO code (any case).
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const FOUR_DECIMAL = new Set(['CLF', 'UYW']);

let knownCurrencies: Set<string> | null = null;

/** ISO 4217 codes this Node knows (Intl), so `min:100USB` is caught as a typo. */
export function isKnownCurrency(code: string): boolean {
  if (knownCurrencies === null) {
    try {
      knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
    } catch {
      knownCurrencies = new Set();
    }
  }
  const upper = code.toUpperCase();
  if (knownCurrencies.size === 0) return /^[A-Z]{3}$/.test(upper);
  return knownCurrencies.has(upper) || ZERO_DECIMAL.has(upper) || THREE_DECIMAL.has(upper);
}

/** Number of minor-unit digits: 0 for JPY/KRW…, 3 for BHD/KWD/JOD/OMR/TND…, 2 otherwise. */
export function currencyExponent(code: string): number {
  const upper = code.toUpperCase();
  if (ZERO_DECIMAL.has(upper)) return 0;
  if (THREE_DECIMAL.has(upper)) return 3;
  if (FOUR_DECIMAL.has(upper)) return 4;
  return 2;
}

export type AmountResult = { ok: true; amount: number; currency: string } | { ok: false; error: string };

/**
 * Parses "100USD", "99.5 eur", "1,000JPY", "USD100" into minor units of an upper-case currency.
 * Rejects more decimals than the currency has (e.g. "10.5JPY").
 */
export function parseAmount(text: string): AmountResult {
  const compact = text.replace(/\s+/g, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([A-Za-z]{3})$/.exec(compact) ?? /^([A-Za-z]{3})(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(compact);
  if (m === null) return { ok: false, error: `"${text}" is not an amount. Write it like 100USD, 49.99EUR or 5000JPY.` };
  const [units, decimals, currency] = /^[A-Za-z]/.test(compact) ? [m[2]!, m[3], m[1]!] : [m[1]!, m[2], m[3]!];
  const code = currency.toUpperCase();
  if (!isKnownCurrency(code)) return { ok: false, error: `"${currency}" is not a currency code (ISO 4217, e.g. USD, EUR, JPY).` };
  const exponent = currencyExponent(code);
  const fraction = (decimals ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    return { ok: false, error: exponent === 0 ? `${code} has no minor unit: write whole amounts like 1000${code}.` : `${code} amounts have at most ${exponent} decimals.` };
  }
  const amount = Number(units.replace(/,/g, '')) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  if (!Number.isSafeInteger(amount)) return { ok: false, error: `${text} is too large.` };
  return { ok: true, amount, currency: code };
}

/** "100USD" style text of a minor-unit amount, as people type it in `min:` (round-trips parseAmount). */
export function formatAmountWord(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const major = exponent === 0 ? String(amount) : (amount / 10 ** exponent).toFixed(exponent).replace(/\.?0+$/, '');
  return `${major}${currency.toUpperCase()}`;
}
