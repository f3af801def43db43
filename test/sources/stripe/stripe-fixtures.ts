/** Stripe events shaped like the real ones (API version 2025), built per test. */
let counter = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

export interface StripeEventOptions {
  id?: string;
  livemode?: boolean;
  /** Connect account id: the event happened on a connected account. */
  account?: string;
}

export function stripeEvent(type: string, object: Record<string, unknown>, options: StripeEventOptions = {}): Record<string, unknown> {
  counter += 1;
  return {
    id: options.id ?? `evt_1Test${Date.now().toString(36)}${counter}`,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: nowSeconds(),
    data: { object },
    livemode: options.livemode ?? false,
    pending_webhooks: 1,
    request: { id: 'req_abc123', idempotency_key: null },
    type,
    ...(options.account ? { account: options.account } : {}),
  };
}

export function paymentIntent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
    object: 'payment_intent',
    amount: 2000,
    amount_received: 2000,
    currency: 'usd',
    customer: 'cus_NffrFeUfNV2Hib',
    description: 'Order #1042: 2 × Coffee beans',
    receipt_email: 'jenny.rosen@example.com',
    shipping: { name: 'Jenny Rosen', address: { city: 'Berlin', country: 'DE' } },
    status: 'succeeded',
    last_payment_error: null,
    livemode: false,
    ...overrides,
  };
}

export function failedPaymentIntent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return paymentIntent({
    status: 'requires_payment_method',
    amount_received: 0,
    shipping: null,
    last_payment_error: {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      type: 'card_error',
      payment_method: { id: 'pm_1', billing_details: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' } },
    },
    ...overrides,
  });
}

export function refundedCharge(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'ch_3MtwBwLkdIwHu7ix0snN0B15',
    object: 'charge',
    amount: 5000,
    amount_refunded: 1500,
    currency: 'eur',
    refunded: false,
    payment_intent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
    billing_details: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' },
    receipt_email: null,
    customer: 'cus_NffrFeUfNV2Hib',
    refunds: { object: 'list', data: [{ id: 're_1', amount: 1500, reason: 'requested_by_customer' }] },
    ...overrides,
  };
}

export function dispute(overrides: Record<string, unknown> = {}, dueInDays = 6): Record<string, unknown> {
  return {
    id: 'dp_1MtwBwLkdIwHu7ixExample',
    object: 'dispute',
    amount: 4200,
    currency: 'usd',
    charge: 'ch_3MtwBwLkdIwHu7ix0snN0B15',
    payment_intent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
    reason: 'fraudulent',
    status: 'needs_response',
    evidence: { customer_email_address: 'mallory@example.com', customer_name: 'Mallory' },
    evidence_details: { due_by: nowSeconds() + dueInDays * DAY + 3600, has_evidence: false, past_due: false, submission_count: 0 },
    ...overrides,
  };
}

export function checkoutSession(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cs_test_a1b2c3',
    object: 'checkout.session',
    amount_total: 4900,
    currency: 'usd',
    customer: 'cus_NffrFeUfNV2Hib',
    customer_details: { email: 'sam@example.com', name: 'Sam Lee' },
    mode: 'payment',
    payment_intent: 'pi_3CheckoutIntent',
    payment_status: 'paid',
    subscription: null,
    ...overrides,
  };
}

export function invoice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'in_1MtHbELkdIwHu7ixl4OzzPMv',
    object: 'invoice',
    number: 'F1A2B3C4-0007',
    amount_due: 2900,
    amount_paid: 2900,
    total: 2900,
    currency: 'usd',
    customer: 'cus_NffrFeUfNV2Hib',
    customer_email: 'jenny.rosen@example.com',
    customer_name: 'Jenny Rosen',
    hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test_abc',
    billing_reason: 'subscription_cycle',
    attempt_count: 1,
    next_payment_attempt: null,
    status: 'paid',
    ...overrides,
  };
}

export function subscription(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'sub_1MowQVLkdIwHu7ixeRlqHVzs',
    object: 'subscription',
    customer: 'cus_NffrFeUfNV2Hib',
    status: 'active',
    items: {
      object: 'list',
      data: [{ id: 'si_1', quantity: 1, price: { id: 'price_1', nickname: 'Pro', unit_amount: 2000, currency: 'usd', recurring: { interval: 'month', interval_count: 1 }, product: 'prod_1' } }],
    },
    trial_end: null,
    cancellation_details: { reason: null, feedback: null, comment: null },
    ...overrides,
  };
}

export function payout(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'po_1OaFDbEcg9tTZuTgNYmX0PKB',
    object: 'payout',
    amount: 1_250_000,
    currency: 'usd',
    arrival_date: nowSeconds() + 2 * DAY,
    method: 'standard',
    status: 'paid',
    description: 'STRIPE PAYOUT',
    failure_code: null,
    failure_message: null,
    ...overrides,
  };
}

/** One event of every type hookbridge posts, for rendering tests. */
export function everyPostedEvent(options: StripeEventOptions = {}): Array<Record<string, unknown>> {
  return [
    stripeEvent('payment_intent.succeeded', paymentIntent(), options),
    stripeEvent('payment_intent.payment_failed', failedPaymentIntent(), options),
    stripeEvent('charge.refunded', refundedCharge(), options),
    stripeEvent('charge.dispute.created', dispute(), options),
    stripeEvent('charge.dispute.closed', dispute({ status: 'lost' }), options),
    stripeEvent('checkout.session.completed', checkoutSession(), options),
    stripeEvent('invoice.paid', invoice(), options),
    stripeEvent('invoice.payment_failed', invoice({ amount_paid: 0, attempt_count: 2, next_payment_attempt: nowSeconds() + 3 * DAY, status: 'open' }), options),
    stripeEvent('customer.subscription.created', subscription({ status: 'trialing', trial_end: nowSeconds() + 14 * DAY }), options),
    stripeEvent('customer.subscription.deleted', subscription({ status: 'canceled', cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive', comment: 'Going with a cheaper plan' } }), options),
    stripeEvent('customer.subscription.trial_will_end', subscription({ status: 'trialing', trial_end: nowSeconds() + 3 * DAY }), options),
    stripeEvent('payout.paid', payout(), options),
    stripeEvent('payout.failed', payout({ status: 'failed', failure_code: 'account_closed', failure_message: 'The bank account has been closed.' }), options),
  ];
}
