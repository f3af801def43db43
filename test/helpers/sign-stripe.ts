import Stripe from 'stripe';

/** Headers Stripe sends with an event, signed with the stripe SDK exactly as Stripe signs them. */
export function stripeHeaders(secret: string, body: string, timestamp?: number): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp !== undefined ? { timestamp } : {}) }),
  };
}

/** POSTs a signed Stripe event to `<baseUrl>/webhooks/stripe`. */
export function postStripe(baseUrl: string, secret: string, event: unknown, timestamp?: number): Promise<Response> {
  const body = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
  return fetch(`${baseUrl}/webhooks/stripe`, { method: 'POST', headers: stripeHeaders(secret, body, timestamp), body });
}
