import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startPaymentsServer, STRIPE_OLD_SECRET, STRIPE_SECRET, type PaymentsServer } from '../../integration/payments-harness.ts';
import { paymentIntent, stripeEvent } from './stripe-fixtures.ts';

describe('POST /webhooks/stripe: input handling', () => {
  let server: PaymentsServer;
  before(async () => {
    server = await startPaymentsServer({ env: { STRIPE_WEBHOOK_SECRET: `${STRIPE_OLD_SECRET}, ${STRIPE_SECRET}` } });
    await server.subscribe('discord', '111', 'stripe');
  });
  after(async () => server.cleanup());

  const eventCount = async () => (await server.store.listEvents({ limit: 1000, source: 'stripe' })).length;
  const raw = (body: string, signature: string | null) =>
    fetch(`${server.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'stripe-signature': signature }) },
      body,
    });
  const sig = (body: string, secret = STRIPE_SECRET, timestamp?: number) =>
    Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp !== undefined ? { timestamp } : {}) });

  it('accepts a correctly signed event: 202 once it is stored with its delivery', async () => {
    const event = stripeEvent('payment_intent.succeeded', paymentIntent());
    const res = await server.postStripe(event);
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { status: 'accepted', id: `stripe:${String(event.id)}`, deliveries: 1 });
    const [stored] = await server.store.listEvents({ limit: 1, source: 'stripe' });
    assert.equal(stored?.deliveryId, event.id);
  });

  it('accepts every secret of a rotation list', async () => {
    assert.equal((await server.postStripe(stripeEvent('payout.paid', { id: 'po_1' }), { secret: STRIPE_OLD_SECRET })).status, 202);
    assert.equal((await server.postStripe(stripeEvent('payout.paid', { id: 'po_2' }), { secret: STRIPE_SECRET })).status, 202);
  });

  it('answers a redelivered event id with 200 and processes it once', async () => {
    const event = stripeEvent('payment_intent.succeeded', paymentIntent(), { id: 'evt_duplicate_1' });
    assert.equal((await server.postStripe(event)).status, 202);
    const again = await server.postStripe(event); // Stripe retries sign again with a new timestamp
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { status: 'duplicate', id: 'stripe:evt_duplicate_1' });
    const deliveries = await server.store.listDeliveries({ limit: 1000 });
    assert.equal(deliveries.filter((d) => d.eventId === 'stripe:evt_duplicate_1').length, 1);
  });

  it('refuses forged, tampered, stale and unsigned bodies with 401 and stores nothing', async () => {
    const before = await eventCount();
    const body = JSON.stringify(stripeEvent('payment_intent.succeeded', paymentIntent()));
    const cases: Array<[string, Promise<Response>]> = [
      ['no header', raw(body, null)],
      ['empty header', raw(body, '')],
      ['garbage header', raw(body, 'hello')],
      ['wrong secret', raw(body, sig(body, 'whsec_someone_else'))],
      ['tampered body', raw(body.replace('"amount":2000', '"amount":2'), sig(body))],
      ['stale timestamp (301 s)', raw(body, sig(body, STRIPE_SECRET, Math.floor(Date.now() / 1000) - 301))],
      ['future timestamp (10 years ahead)', raw(body, sig(body, STRIPE_SECRET, Math.floor(Date.now() / 1000) + 10 * 365 * 86400))],
      ['future timestamp (301 s ahead)', raw(body, sig(body, STRIPE_SECRET, Math.floor(Date.now() / 1000) + 301))],
      ['v0 scheme only', raw(body, sig(body).replace('v1=', 'v0='))],
    ];
    for (const [name, pending] of cases) {
      const res = await pending;
      assert.equal(res.status, 401, name);
      const json = (await res.json()) as { error: string; message: string };
      assert.equal(json.error, 'unauthorized', name);
      if (name.startsWith('stale')) assert.match(json.message, /300 s/);
      if (name.startsWith('future')) assert.match(json.message, /300 s in the future/);
    }
    assert.equal(await eventCount(), before);
  });

  it('accepts a timestamp 299 s old (inside the 300 s tolerance)', async () => {
    const res = await server.postStripe(stripeEvent('payout.paid', { id: 'po_3' }), { timestamp: Math.floor(Date.now() / 1000) - 299 });
    assert.equal(res.status, 202);
  });

  it('answers 400 for correctly signed bodies that are not a Stripe event', async () => {
    const before = await eventCount();
    const wrongTypes = [
      stripeEvent('payment_intent.succeeded', paymentIntent({ amount: '4900', amount_received: '4900' })),
      stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 1e21 })),
      stripeEvent('payment_intent.succeeded', paymentIntent({ amount: -5, amount_received: -5 })),
    ].map((e) => JSON.stringify(e));
    for (const body of ['{"id": "evt_1", "type": ', '[1,2]', '{"id":"not-an-event","type":"payout.paid"}', '{"id":"evt_x"}', ...wrongTypes]) {
      const res = await raw(body, sig(body));
      assert.equal(res.status, 400, body);
      if (wrongTypes.includes(body)) assert.equal(((await res.json()) as { error: string }).error, 'invalid_payload', body);
    }
    assert.equal(await eventCount(), before);
  });

  it('accepts a negative payout (Stripe withdrawing from the bank account)', async () => {
    const res = await server.postStripe(stripeEvent('payout.paid', { id: 'po_neg', amount: -500, currency: 'usd' }));
    assert.equal(res.status, 202, await res.clone().text());
  });

  it('stores unknown event types (202) without planning deliveries', async () => {
    const event = stripeEvent('customer.tax_id.created', { id: 'txi_1' });
    const res = await server.postStripe(event);
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { deliveries: number }).deliveries, 0);
    const list = (await (await server.admin('GET', '/api/events?source=stripe&limit=1')).json()) as Array<{ type: string; feature: string | null }>;
    assert.equal(list[0]?.type, 'customer.tax_id.created');
    assert.equal(list[0]?.feature, null);
  });
});

describe('POST /webhooks/stripe when STRIPE_WEBHOOK_SECRET is unset', () => {
  it('answers 404 naming the variable', async () => {
    const server = await startPaymentsServer({ env: { STRIPE_WEBHOOK_SECRET: '' } });
    try {
      const res = await server.postStripe(stripeEvent('payout.paid', { id: 'po_1' }));
      assert.equal(res.status, 404);
      const json = (await res.json()) as { error: string; message: string };
      assert.equal(json.error, 'source_disabled');
      assert.match(json.message, /STRIPE_WEBHOOK_SECRET is not set/);
    } finally {
      await server.cleanup();
    }
  });
});
