import assert from 'node:assert/strict';
import { normalizePaypalEvent, PAYPAL_HANDLERS } from '../../../src/sources/paypal/normalize-paypal.ts';
import { billingSubscription, capture, everyPostedPaypalEvent, order, paypalDispute, paypalEvent } from './paypal-fixtures.ts';

const now = new Date();
const norm = (e: unknown, certUrl: URL | null = null) => normalizePaypalEvent(e, now, certUrl);

describe('normalizePaypalEvent', () => {
  it('maps every posted type to its feature word', () => {
    const features = Object.fromEntries(everyPostedPaypalEvent().map((e) => { const n = norm(e); return [n.type, n.feature]; }));
    assert.deepEqual(features, {
      'payment.capture.completed': 'payments', 'payment.capture.denied': 'payments', 'payment.capture.refunded': 'refunds',
      'checkout.order.approved': 'payments', 'billing.subscription.created': 'subscriptions',
      'billing.subscription.cancelled': 'subscriptions', 'customer.dispute.created': 'disputes',
    });
    assert.equal(Object.keys(PAYPAL_HANDLERS).length, 7);
  });

  it('dedupes on the WH- event id and targets *', () => {
    const n = norm(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), 'Payment completed', { id: 'WH-58D329510W468432D-8HN650336L201105X' }));
    assert.equal(n.id, 'paypal:WH-58D329510W468432D-8HN650336L201105X');
    assert.equal(n.deliveryId, 'WH-58D329510W468432D-8HN650336L201105X');
    assert.equal(n.target, '*');
    assert.equal(n.action, 'completed');
  });

  it('formats amounts per currency and keeps minor units for min: filters', () => {
    const usd = norm(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture('49.99', 'USD'), ''));
    assert.equal(usd.data.amount, 4999);
    assert.equal(usd.data.amount_formatted, '$49.99');
    const jpy = norm(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture('1000', 'JPY'), ''));
    assert.equal(jpy.data.amount, 1000);
    assert.equal(jpy.data.amount_formatted, '¥1,000');
    const order2 = { ...order('10.00', 'EUR'), purchase_units: [{ amount: { currency_code: 'EUR', value: '10.00' } }, { amount: { currency_code: 'EUR', value: '5.50' } }] };
    assert.equal(norm(paypalEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', order2, '')).data.amount_formatted, '€15.50', 'all purchase units');
  });

  it('tells sandbox from live by the certificate host or the links', () => {
    const live = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), '', { sandbox: false });
    assert.equal(norm(live).data.test, false);
    assert.equal(norm(live).url, 'https://www.paypal.com/activity/payment/2GG279541U471931P');
    assert.equal(norm(live, new URL('https://api.sandbox.paypal.com/v1/notifications/certs/X')).data.test, true);
    const sandbox = norm(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), ''));
    assert.equal(sandbox.data.test, true);
    assert.match(sandbox.summary, /^\[SANDBOX\] /);
    assert.equal(sandbox.url, 'https://www.sandbox.paypal.com/activity/payment/2GG279541U471931P');
  });

  it('describes denials, subscriptions, orders and disputes with their deadline', () => {
    const denied = norm(paypalEvent('PAYMENT.CAPTURE.DENIED', 'capture', capture('5.00', 'USD', { status: 'DENIED', status_details: { reason: 'BUYER_COMPLAINT' } }), ''));
    assert.equal(denied.data.failure, 'buyer complaint');
    assert.equal(denied.data.color, 'failure');
    const sub = norm(paypalEvent('BILLING.SUBSCRIPTION.CANCELLED', 'subscription', billingSubscription('CANCELLED'), ''));
    assert.match(sub.summary, /Subscription cancelled: plan P-5ML4271244454362WXNWU5NQ — John Doe <customer@example\.com>/);
    assert.match(norm(paypalEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', order(), '')).summary, /Order approved: €120\.00 — John Doe/);
    const dispute = norm(paypalEvent('CUSTOMER.DISPUTE.CREATED', 'dispute', paypalDispute(10), ''));
    assert.match(dispute.summary, /Dispute opened: \$49\.99 \(merchandise or service not received\), respond by \d{4}-\d{2}-\d{2} \(in 10 days\) — Jane Buyer/);
    assert.equal(dispute.feature, 'disputes');
  });

  it('stores other event types without posting them', () => {
    const n = norm(paypalEvent('PAYMENT.SALE.COMPLETED', 'sale', { id: 'X' }, 'Payment completed for $ 20.0 USD'));
    assert.equal(n.feature, null);
    assert.equal(n.type, 'payment.sale.completed');
    assert.match(n.summary, /PAYMENT\.SALE\.COMPLETED: Payment completed/);
  });

  it('rejects bodies without an id or event type; odd fields never throw', () => {
    assert.throws(() => norm('x'), /not a JSON object/);
    assert.throws(() => norm({ event_type: 'PAYMENT.CAPTURE.COMPLETED', resource: {} }), /id/);
    assert.throws(() => norm({ id: 'WH-1', resource: {} }), /event_type/);
    assert.throws(() => norm({ id: 'WH-1', event_type: 'PAYMENT.CAPTURE.COMPLETED' }), /resource/);
    for (const e of everyPostedPaypalEvent()) {
      const n = norm({ ...e, resource: { id: 5, amount: { currency_code: 'US', value: 'NaN' }, purchase_units: 'x', subscriber: [1] } });
      assert.equal(n.data.amount, undefined);
    }
  });
});
