import assert from 'node:assert/strict';
import { paypalKeys, startPaymentsServer, type PaymentsServer } from '../../integration/payments-harness.ts';
import { PAYPAL_CERT_URL, paypalHeaders } from '../../helpers/sign-paypal.ts';
import { capture, paypalEvent } from './paypal-fixtures.ts';

describe('POST /webhooks/paypal: input handling', () => {
  let server: PaymentsServer;
  before(async () => {
    server = await startPaymentsServer();
    await server.subscribe('slack', 'C1', 'paypal');
  });
  after(async () => server.cleanup());

  const completed = (id?: string) => paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), 'Payment completed for $ 49.99 USD', id ? { id } : {});
  const eventCount = async () => (await server.store.listEvents({ limit: 1000, source: 'paypal' })).length;
  const post = (body: string, headers: Record<string, string>) => fetch(`${server.url}/webhooks/paypal`, { method: 'POST', headers, body });
  const errorOf = async (res: Response) => ((await res.json()) as { error: string; message: string });

  it('accepts a correctly signed event (202) and fetches the certificate once for many events', async () => {
    const calls = server.certs.calls.length;
    const res = await server.postPaypal(completed());
    assert.equal(res.status, 202, await res.clone().text());
    assert.equal(((await res.json()) as { deliveries: number }).deliveries, 1);
    assert.equal((await server.postPaypal(completed())).status, 202);
    assert.deepEqual(server.certs.calls.slice(calls), calls === 0 ? [PAYPAL_CERT_URL] : [], 'cached after the first fetch');
  });

  it('answers a redelivered event id (new transmission, same WH- id) with 200 and processes it once', async () => {
    const event = completed('WH-DUPLICATE-0001');
    assert.equal((await server.postPaypal(event)).status, 202);
    const again = await server.postPaypal(event);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { status: 'duplicate', id: 'paypal:WH-DUPLICATE-0001' });
    const deliveries = await server.store.listDeliveries({ limit: 1000 });
    assert.equal(deliveries.filter((d) => d.eventId === 'paypal:WH-DUPLICATE-0001').length, 1);
  });

  it('refuses tampered bodies, other webhook ids, stale or missing headers with 401 and stores nothing', async () => {
    const before = await eventCount();
    const body = JSON.stringify(completed());
    const keys = paypalKeys();
    const good = paypalHeaders(keys, body);
    const without = (name: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name));
    const cases: Array<[string, string, Record<string, string>]> = [
      ['tampered body', body.replace('49.99', '4999.00'), good],
      ['other webhook id', body, paypalHeaders(keys, body, { webhookId: 'SOMEOTHERHOOK01' })],
      ['stale transmission (6 min)', body, paypalHeaders(keys, body, { time: new Date(Date.now() - 360_000) })],
      ['future transmission (6 min)', body, paypalHeaders(keys, body, { time: new Date(Date.now() + 360_000) })],
      ['other algorithm', body, paypalHeaders(keys, body, { authAlgo: 'SHA1withRSA' })],
      ['no signature', body, without('paypal-transmission-sig')],
      ['no cert url', body, without('paypal-cert-url')],
      ['no transmission time', body, without('paypal-transmission-time')],
      ['garbage signature', body, { ...good, 'paypal-transmission-sig': Buffer.from('x'.repeat(256)).toString('base64') }],
    ];
    for (const [name, b, h] of cases) {
      const res = await post(b, h);
      assert.equal(res.status, 401, name);
      await res.arrayBuffer();
    }
    assert.equal(await eventCount(), before);
  });

  it('refuses certificate URLs off PayPal\'s https hosts without fetching anything', async () => {
    const keys = paypalKeys();
    const calls = server.certs.calls.length;
    const body = JSON.stringify(completed());
    for (const certUrl of [
      'http://api.paypal.com/v1/notifications/certs/CERT-1',
      'https://attacker.example/cert.pem',
      'https://api.paypal.com.attacker.example/cert.pem',
      'https://api.paypal.com@127.0.0.1/cert.pem',
      'https://127.0.0.1:3000/api/subscriptions',
    ]) {
      const res = await post(body, paypalHeaders(keys, body, { certUrl }));
      assert.equal(res.status, 401, certUrl);
      assert.equal((await errorOf(res)).error, 'untrusted_cert_url');
    }
    assert.equal(server.certs.calls.length, calls, 'the fetcher was never called');
  });

  it('answers 400 for signed bodies that are not JSON or not a PayPal event', async () => {
    const keys = paypalKeys();
    const before = await eventCount();
    for (const body of ['{"id": "WH-1",', '[]', '{"event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}', '{"id":"WH-2","event_type":"PAYMENT.CAPTURE.COMPLETED"}']) {
      const res = await post(body, paypalHeaders(keys, body));
      assert.equal(res.status, 400, `${body}: ${await res.clone().text()}`);
      await res.arrayBuffer();
    }
    assert.equal(await eventCount(), before);
  });

  it('stores unknown event types (202) without planning deliveries', async () => {
    const res = await server.postPaypal(paypalEvent('PAYMENT.PAYOUTSBATCH.SUCCESS', 'payouts', { batch_header: {} }, 'Payouts batch completed'));
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { deliveries: number }).deliveries, 0);
    const [latest] = (await (await server.admin('GET', '/api/events?source=paypal&limit=1')).json()) as Array<{ type: string; feature: string | null }>;
    assert.equal(latest?.type, 'payment.payoutsbatch.success');
    assert.equal(latest?.feature, null);
  });
});

describe('POST /webhooks/paypal when PAYPAL_WEBHOOK_ID is unset', () => {
  it('answers 404 naming the variable, without fetching anything', async () => {
    const server = await startPaymentsServer({ env: { PAYPAL_WEBHOOK_ID: '' } });
    try {
      const res = await server.postPaypal(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), ''));
      assert.equal(res.status, 404);
      const json = (await res.json()) as { error: string; message: string };
      assert.equal(json.error, 'source_disabled');
      assert.match(json.message, /PAYPAL_WEBHOOK_ID is not set/);
      assert.deepEqual(server.certs.calls, []);
    } finally {
      await server.cleanup();
    }
  });
});
