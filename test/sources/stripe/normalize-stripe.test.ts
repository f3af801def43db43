import assert from 'node:assert/strict';
import { normalizeStripeEvent, STRIPE_HANDLERS } from '../../../src/sources/stripe/normalize-stripe.ts';
import { matchTargets } from '../../../src/subscriptions/target.ts';
import {
  checkoutSession, dispute, everyPostedEvent, failedPaymentIntent, invoice, paymentIntent, payout, refundedCharge, stripeEvent, subscription,
} from './stripe-fixtures.ts';

const now = new Date();
const norm = (e: unknown) => normalizeStripeEvent(e, now);

describe('normalizeStripeEvent', () => {
  it('maps every posted type to its feature word', () => {
    const features = Object.fromEntries(everyPostedEvent().map((e) => { const n = norm(e); return [n.type, n.feature]; }));
    assert.deepEqual(features, {
      'payment_intent.succeeded': 'payments', 'payment_intent.payment_failed': 'payments', 'charge.refunded': 'refunds',
      'charge.dispute.created': 'disputes', 'charge.dispute.closed': 'disputes', 'checkout.session.completed': 'checkout',
      'invoice.paid': 'invoices', 'invoice.payment_failed': 'invoices', 'customer.subscription.created': 'subscriptions',
      'customer.subscription.deleted': 'subscriptions', 'customer.subscription.trial_will_end': 'subscriptions',
      'payout.paid': 'payouts', 'payout.failed': 'payouts',
    });
    assert.deepEqual(Object.keys(features).sort(), Object.keys(STRIPE_HANDLERS).sort());
  });

  it('keeps ids for dedupe and puts the amount in ISO minor units at the top of data', () => {
    const e = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 1000, amount_received: 1000, currency: 'jpy' }), { id: 'evt_1AbC' });
    const n = norm(e);
    assert.equal(n.id, 'stripe:evt_1AbC');
    assert.equal(n.deliveryId, 'evt_1AbC');
    assert.equal(n.source, 'stripe');
    assert.equal(n.action, 'succeeded');
    assert.equal(n.data.amount, 1000);
    assert.equal(n.data.currency, 'JPY');
    assert.equal(n.data.amount_formatted, '¥1,000');
    assert.match(n.summary, /^\[TEST\] Payment of ¥1,000 succeeded — Jenny Rosen <jenny\.rosen@example\.com>$/);
  });

  it('targets * for the platform and the Connect account id for connected accounts', () => {
    const own = norm(stripeEvent('payment_intent.succeeded', paymentIntent()));
    assert.equal(own.target, '*');
    assert.deepEqual(matchTargets(own), ['*']);
    const connect = norm(stripeEvent('payment_intent.succeeded', paymentIntent(), { account: 'acct_1Nx2Y3' }));
    assert.equal(connect.target, 'acct_1Nx2Y3');
    assert.deepEqual(matchTargets(connect), ['acct_1Nx2Y3', 'acct_1nx2y3', '*'], 'lower-cased too: subscriptions stored before ids kept their case');
    assert.equal(connect.data.account, 'acct_1Nx2Y3');
  });

  it('links to the object in the Stripe Dashboard: test mode, live mode, Connect', () => {
    const pi = paymentIntent();
    assert.equal(norm(stripeEvent('payment_intent.succeeded', pi)).url, 'https://dashboard.stripe.com/test/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    assert.equal(norm(stripeEvent('payment_intent.succeeded', pi, { livemode: true })).url, 'https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    assert.equal(norm(stripeEvent('payment_intent.succeeded', pi, { livemode: true, account: 'acct_9' })).url, 'https://dashboard.stripe.com/acct_9/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    const live = { livemode: true };
    assert.equal(norm(stripeEvent('charge.dispute.created', dispute(), live)).url, 'https://dashboard.stripe.com/disputes/dp_1MtwBwLkdIwHu7ixExample');
    assert.equal(norm(stripeEvent('invoice.paid', invoice(), live)).url, 'https://dashboard.stripe.com/invoices/in_1MtHbELkdIwHu7ixl4OzzPMv');
    assert.equal(norm(stripeEvent('customer.subscription.deleted', subscription(), live)).url, 'https://dashboard.stripe.com/subscriptions/sub_1MowQVLkdIwHu7ixeRlqHVzs');
    assert.equal(norm(stripeEvent('payout.paid', payout(), live)).url, 'https://dashboard.stripe.com/payouts/po_1OaFDbEcg9tTZuTgNYmX0PKB');
    assert.equal(norm(stripeEvent('charge.refunded', refundedCharge(), live)).url, 'https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    assert.equal(norm(stripeEvent('checkout.session.completed', checkoutSession(), live)).url, 'https://dashboard.stripe.com/payments/pi_3CheckoutIntent');
    const odd = norm(stripeEvent('payment_intent.succeeded', paymentIntent({ id: 'pi_1/../../evil' }), live));
    assert.equal(odd.url, 'https://dashboard.stripe.com/payments', 'ids that are not plain ids never reach the path');
  });

  it('marks test mode and live mode', () => {
    assert.equal(norm(stripeEvent('payout.paid', payout())).data.test, true);
    const live = norm(stripeEvent('payout.paid', payout(), { livemode: true }));
    assert.equal(live.data.test, false);
    assert.doesNotMatch(live.summary, /TEST/);
  });

  it('says why payments, invoices and payouts failed', () => {
    const pi = norm(stripeEvent('payment_intent.payment_failed', failedPaymentIntent()));
    assert.equal(pi.data.failure, 'Your card has insufficient funds. (insufficient funds)');
    assert.equal(pi.data.color, 'failure');
    const inv = norm(stripeEvent('invoice.payment_failed', invoice({ attempt_count: 2, next_payment_attempt: Math.floor(now.getTime() / 1000) + 3 * 86_400 })));
    assert.match(String(inv.data.failure), /^payment attempt 2 failed, next try \d{4}-\d{2}-\d{2} \(in 3 days\)$/);
    const final = norm(stripeEvent('invoice.payment_failed', invoice({ attempt_count: 4, next_payment_attempt: null })));
    assert.equal(final.data.failure, 'payment attempt 4 failed, no retry scheduled');
    const po = norm(stripeEvent('payout.failed', payout({ failure_code: 'account_closed', failure_message: 'The bank account has been closed.' })));
    assert.equal(po.data.failure, 'The bank account has been closed.');
  });

  it('gives disputes their evidence deadline as date and countdown', () => {
    const n = norm(stripeEvent('charge.dispute.created', dispute({}, 6)));
    const due = (n.data.dispute as { due: { text: string; countdown: string } }).due;
    assert.match(due.text, /^\d{4}-\d{2}-\d{2} \(in 6 days\)$/);
    assert.match(n.summary, /evidence due \d{4}-\d{2}-\d{2} \(in 6 days\)/);
    const closed = norm(stripeEvent('charge.dispute.closed', dispute({ status: 'won' })));
    assert.equal(closed.data.color, 'success');
    assert.match(closed.summary, /Dispute won: \$42\.00 \(fraudulent\)/);
  });

  it('describes refunds, subscriptions and checkout', () => {
    assert.match(norm(stripeEvent('charge.refunded', refundedCharge())).summary, /Partially refunded €15\.00 of €50\.00/);
    assert.match(norm(stripeEvent('charge.refunded', refundedCharge({ refunded: true, amount_refunded: 5000 }))).summary, /\] Refunded €50\.00 —/);
    const sub = norm(stripeEvent('customer.subscription.created', subscription()));
    assert.equal((sub.data.subscription as { price: string }).price, '$20.00 / month');
    assert.equal(sub.data.amount, 2000);
    const yearly = subscription({ items: { data: [{ quantity: 3, price: { nickname: 'Team', unit_amount: 10000, currency: 'eur', recurring: { interval: 'year', interval_count: 1 } } }] } });
    assert.match(norm(stripeEvent('customer.subscription.created', yearly)).summary, /New subscription: Team \(€300\.00 \/ year\)/);
    assert.match(norm(stripeEvent('checkout.session.completed', checkoutSession({ amount_total: 0, mode: 'setup', payment_intent: null }))).summary, /Checkout completed: \$0\.00/);
  });

  it('stores other event types without posting them, including charge.succeeded', () => {
    for (const type of ['charge.succeeded', 'customer.created', 'v2.core.something_new']) {
      const n = norm(stripeEvent(type, { id: 'obj_1' }));
      assert.equal(n.feature, null, type);
      assert.equal(n.type, type);
    }
  });

  it('rejects bodies without an evt_ id or a type, or whose object has fields of the wrong type', () => {
    assert.throws(() => norm([]), /not a JSON object/);
    assert.throws(() => norm({ id: 'nope', type: 'payout.paid', data: { object: {} } }), /evt_/);
    assert.throws(() => norm({ id: 'evt_1', data: { object: {} } }), /type/);
    assert.throws(() => norm({ id: 'evt_1', type: 'payout.paid', data: {} }), /data\.object/);
    for (const e of everyPostedEvent()) {
      const object = (e.data as { object: Record<string, unknown> }).object;
      // Odd envelope fields are tolerated: an unusable account is "*", an absurd time is dropped.
      const n = norm({ ...e, created: 1e20, account: 'not an account' });
      assert.equal(n.target, '*');
      // A field of the object with the wrong type is refused, naming it.
      for (const [field, value] of [['id', 42], ['currency', 7], ['customer', { nested: true }], ['amount', '4900'], ['amount', -5], ['amount', 1e21]] as const) {
        if (field !== 'id' && !(field in object)) continue;
        if (value === -5 && String(e.type).startsWith('payout.')) continue; // a payout may be negative (a withdrawal)
        assert.throws(() => norm({ ...e, data: { object: { ...object, [field]: value } } }), new RegExp(`${String(e.type).replaceAll('.', '\\.')}: data\\.object\\.${field}: `), `${String(e.type)} ${field}=${JSON.stringify(value)}`);
      }
    }
    const session = everyPostedEvent().find((e) => e.type === 'checkout.session.completed')!;
    assert.throws(() => norm({ ...session, data: { object: { ...(session.data as { object: object }).object, amount_total: '9900' } } }), /amount_total/);
  });
});
