import assert from 'node:assert/strict';
import { countdown, dueDate } from '../../../src/sources/money/due-date.ts';
import { decimalToMinor, formatMoney, stripeAmountToMinor, stripeExponent } from '../../../src/sources/money/format-money.ts';
import { parseAmount } from '../../../src/subscriptions/currency.ts';

describe('money formatting', () => {
  // Intl puts a no-break space between a currency code and the number ("KWD 1.234").
  const NBSP = '\u00a0';

  it('formats each currency with its own decimals (Intl.NumberFormat)', () => {
    assert.equal(formatMoney(1234, 'USD'), '$12.34');
    assert.equal(formatMoney(1000, 'JPY'), '¥1,000', 'JPY has no minor unit: 1000 is ¥1,000, not ¥10.00');
    assert.equal(formatMoney(50000, 'krw'), '₩50,000');
    assert.equal(formatMoney(1234, 'KWD'), `KWD${NBSP}1.234`, 'three decimals');
    assert.equal(formatMoney(5, 'BHD'), `BHD${NBSP}0.005`);
    assert.equal(formatMoney(123456789, 'EUR'), '€1,234,567.89');
    assert.equal(formatMoney(-500, 'GBP'), '-£5.00');
    assert.equal(formatMoney(100000, 'HUF'), `HUF${NBSP}1,000`, 'whole forints drop .00 as Intl does');
    assert.equal(formatMoney(100050, 'HUF'), `HUF${NBSP}1,000.50`);
  });

  it('converts Stripe amounts to ISO minor units (the unit min: filters use)', () => {
    assert.equal(stripeExponent('jpy'), 0);
    assert.equal(stripeExponent('kwd'), 3);
    assert.equal(stripeExponent('usd'), 2);
    assert.equal(stripeAmountToMinor(1000, 'jpy'), 1000);
    assert.equal(stripeAmountToMinor(1230, 'kwd'), 1230);
    assert.equal(stripeAmountToMinor(50000, 'isk'), 500, 'Stripe keeps ISK two-decimal: 50000 is 500 kr');
    assert.equal(formatMoney(stripeAmountToMinor(50000, 'isk'), 'ISK'), `ISK${NBSP}500`);
    // and they compare like what people type in min:
    const min = parseAmount('500ISK');
    assert.ok(min.ok && min.amount === stripeAmountToMinor(50000, 'isk'));
  });

  it('reads PayPal decimal strings', () => {
    assert.equal(decimalToMinor('12.34', 'USD'), 1234);
    assert.equal(decimalToMinor('12.3', 'USD'), 1230);
    assert.equal(decimalToMinor('0.07', 'USD'), 7);
    assert.equal(decimalToMinor('1000', 'JPY'), 1000);
    assert.equal(decimalToMinor('1.5', 'KWD'), 1500);
    assert.equal(decimalToMinor('-3.00', 'EUR'), -300);
    for (const bad of ['', 'abc', '1e5', '12.', '.5', '1,000.00']) assert.equal(decimalToMinor(bad, 'USD'), null, bad);
  });
});

describe('due dates', () => {
  const now = new Date('2026-11-25T12:00:00Z');

  it('date plus countdown', () => {
    assert.equal(dueDate(Date.parse('2026-12-01T13:00:00Z') / 1000, now)?.text, '2026-12-01 (in 6 days)');
    assert.equal(dueDate('2026-12-01T13:00:00Z', now)?.text, '2026-12-01 (in 6 days)', 'ISO strings (PayPal) too');
    assert.equal(dueDate(Date.parse('2026-11-25T17:30:00Z') / 1000, now)?.text, '2026-11-25 17:30 UTC (in 5 hours)', 'near deadlines show the hour');
    assert.equal(dueDate(Date.parse('2026-11-20T12:00:00Z') / 1000, now)?.text, '2026-11-20 (5 days ago)');
    assert.equal(dueDate(null, now), null);
    assert.equal(dueDate('not a date', now), null);
  });

  it('counts whole days, rounding up only in the last hour', () => {
    const at = (ms: number) => countdown(new Date(now.getTime() + ms), now);
    assert.equal(at(3 * 86_400_000 - 60_000), 'in 3 days', 'trial_will_end arrives just under 3 days before');
    assert.equal(at(3 * 86_400_000 - 2 * 3_600_000), 'in 2 days');
    assert.equal(at(90 * 60_000), 'in 1 hour');
    assert.equal(at(10 * 60_000), 'in 10 minutes');
    assert.equal(at(1000), 'now');
  });
});
