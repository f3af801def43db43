/** PayPal webhook events shaped like the real ones (v2 payments, v1 subscriptions/disputes). */
let counter = 0;
const SANDBOX = 'https://api.sandbox.paypal.com';
const LIVE = 'https://api.paypal.com';

export interface PaypalEventOptions {
  id?: string;
  /** Links point at api.sandbox.paypal.com (default) or api.paypal.com. */
  sandbox?: boolean;
}

export function paypalEvent(eventType: string, resourceType: string, resource: Record<string, unknown>, summary: string, options: PaypalEventOptions = {}): Record<string, unknown> {
  counter += 1;
  const id = options.id ?? `WH-${Date.now().toString(36).toUpperCase()}${counter}-4N1831857K851783H`;
  const api = options.sandbox === false ? LIVE : SANDBOX;
  return {
    id,
    event_version: '1.0',
    create_time: new Date().toISOString(),
    resource_type: resourceType,
    resource_version: '2.0',
    event_type: eventType,
    summary,
    resource: { ...resource, links: [{ href: `${api}/v2/payments/captures/${String(resource.id ?? 'X')}`, rel: 'self', method: 'GET' }] },
    links: [{ href: `${api}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' }],
  };
}

export function capture(value = '49.99', currency = 'USD', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '2GG279541U471931P',
    amount: { currency_code: currency, value },
    final_capture: true,
    seller_protection: { status: 'ELIGIBLE' },
    seller_receivable_breakdown: {
      gross_amount: { currency_code: currency, value },
      paypal_fee: { currency_code: currency, value: currency === 'JPY' ? '40' : '1.75' },
      net_amount: { currency_code: currency, value: currency === 'JPY' ? '960' : '48.24' },
    },
    invoice_id: 'INV-2026-0042',
    status: 'COMPLETED',
    supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } },
    create_time: new Date().toISOString(),
    ...overrides,
  };
}

export function order(value = '120.00', currency = 'EUR'): Record<string, unknown> {
  return {
    id: '5O190127TN364715T',
    intent: 'CAPTURE',
    status: 'APPROVED',
    purchase_units: [{ reference_id: 'default', amount: { currency_code: currency, value }, description: 'Espresso machine' }],
    payer: { name: { given_name: 'John', surname: 'Doe' }, email_address: 'customer@example.com', payer_id: 'QYR5Z8XDVJNXQ' },
  };
}

export function billingSubscription(status = 'ACTIVE'): Record<string, unknown> {
  return {
    id: 'I-BW452GLLEP1G',
    plan_id: 'P-5ML4271244454362WXNWU5NQ',
    status,
    quantity: '1',
    subscriber: { name: { given_name: 'John', surname: 'Doe' }, email_address: 'customer@example.com', payer_id: '2J6QB8YJQSJRJ' },
    billing_info: { last_payment: { amount: { currency_code: 'USD', value: '10.00' } }, next_billing_time: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    status_change_note: status === 'CANCELLED' ? 'Item out of stock' : undefined,
  };
}

export function paypalDispute(dueInDays = 10): Record<string, unknown> {
  return {
    dispute_id: 'PP-D-27803',
    create_time: new Date().toISOString(),
    disputed_transactions: [{ seller_transaction_id: '2GG279541U471931P', buyer: { name: 'Jane Buyer' } }],
    reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
    status: 'OPEN',
    dispute_amount: { currency_code: 'USD', value: '49.99' },
    seller_response_due_date: new Date(Date.now() + dueInDays * 86_400_000 + 3_600_000).toISOString(),
    dispute_life_cycle_stage: 'INQUIRY',
    dispute_channel: 'INTERNAL',
  };
}

/** One event of every type hookbridge posts, for rendering tests. */
export function everyPostedPaypalEvent(options: PaypalEventOptions = {}): Array<Record<string, unknown>> {
  return [
    paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), 'Payment completed for $ 49.99 USD', options),
    paypalEvent('PAYMENT.CAPTURE.DENIED', 'capture', capture('49.99', 'USD', { status: 'DENIED', status_details: { reason: 'BUYER_COMPLAINT' } }), 'A payment capture for $ 49.99 USD was denied.', options),
    paypalEvent('PAYMENT.CAPTURE.REFUNDED', 'refund', { id: '1JU08902781691411', amount: { currency_code: 'USD', value: '20.00' }, status: 'COMPLETED', note_to_payer: 'Sorry about the delay', invoice_id: 'INV-2026-0042' }, 'A $ 20.00 USD capture payment was refunded', options),
    paypalEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', order(), 'An order has been approved by buyer', options),
    paypalEvent('BILLING.SUBSCRIPTION.CREATED', 'subscription', billingSubscription('APPROVAL_PENDING'), 'Subscription created', options),
    paypalEvent('BILLING.SUBSCRIPTION.CANCELLED', 'subscription', billingSubscription('CANCELLED'), 'Subscription cancelled', options),
    paypalEvent('CUSTOMER.DISPUTE.CREATED', 'dispute', paypalDispute(), 'A new dispute opened with Case # PP-D-27803', options),
  ];
}
