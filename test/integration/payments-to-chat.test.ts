import assert from 'node:assert/strict';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { assertDiscordLimits, assertSlackLimits } from '../helpers/platform-limits.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, waitFor } from '../helpers/test-server.ts';
import { capture, paypalDispute, paypalEvent } from '../sources/paypal/paypal-fixtures.ts';
import { dispute, invoice, paymentIntent, stripeEvent } from '../sources/stripe/stripe-fixtures.ts';
import { startPaymentsServer, type PaymentsServer } from './payments-harness.ts';

type Embed = { title: string; url?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string } };

describe('Stripe and PayPal webhooks → Discord and Slack', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: PaymentsServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startPaymentsServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
  });

  const embedsIn = (channel: string): Embed[] =>
    discord.messages.filter((m) => m.channel === channel).map((m) => {
      assertDiscordLimits(m.body);
      return (m.body as { embeds: Embed[] }).embeds[0]!;
    });
  const slackIn = (channel: string): string[] =>
    slack.messages.filter((m) => m.channel === channel).map((m) => {
      assertSlackLimits(m.body);
      return JSON.stringify(m.body);
    });
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('routes Stripe events by feature and min: — big sales to #sales, disputes and failed invoices to #finance', async () => {
    await server.subscribe('discord', '100', 'stripe', '*', ['-refunds', '-disputes', '-subscriptions', '-invoices', 'min:100USD']); // #sales
    await server.subscribe('discord', '200', 'stripe', '*', ['-payments', '-refunds', '-subscriptions']); // #finance
    const small = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 2000, amount_received: 2000 }));
    const big = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 15000, amount_received: 15000 }));
    const yen = stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 1000, amount_received: 1000, currency: 'jpy' }));
    const disputed = stripeEvent('charge.dispute.created', dispute({ amount: 500 }, 6));
    const failedInvoice = stripeEvent('invoice.payment_failed', invoice({ attempt_count: 1, next_payment_attempt: Math.floor(Date.now() / 1000) + 5 * 86_400 }));
    for (const e of [small, big, yen, disputed, failedInvoice]) assert.equal((await server.postStripe(e)).status, 202);

    await waitFor(() => discord.messages.length >= 4, 5000, 'four messages');
    await settle();
    const sales = embedsIn('100').map((e) => e.title);
    assert.deepEqual(sales.sort(), ['[TEST] Payment received: $150.00 from Jenny Rosen', '[TEST] Payment received: ¥1,000 from Jenny Rosen'],
      '$20 is under min:100USD; yen is another currency and is never converted');
    const finance = embedsIn('200');
    assert.deepEqual(finance.map((e) => e.title).sort(), ['[TEST] Dispute opened: $5.00 (fraudulent)', '[TEST] Invoice F1A2B3C4-0007 payment failed: $29.00 for Jenny Rosen']);
    const disputeEmbed = finance.find((e) => e.title.includes('Dispute'))!;
    assert.match(disputeEmbed.fields!.find((f) => f.name === 'Evidence due')!.value, /^\d{4}-\d{2}-\d{2} \(in 6 days\)$/);
    assert.equal(disputeEmbed.url, 'https://dashboard.stripe.com/test/disputes/dp_1MtwBwLkdIwHu7ixExample');
    assert.match(finance.find((e) => e.title.includes('Invoice'))!.description!, /payment attempt 1 failed, next try \d{4}-\d{2}-\d{2} \(in 5 days\)/);
  });

  it('sends Connect events to subscriptions of that account and of *', async () => {
    await server.subscribe('slack', 'CPLATFORM', 'stripe');
    await server.subscribe('slack', 'CSHOP', 'stripe', 'acct_1Shop');
    await server.postStripe(stripeEvent('payment_intent.succeeded', paymentIntent({ description: 'own sale' }), { livemode: true }));
    await server.postStripe(stripeEvent('payment_intent.succeeded', paymentIntent({ description: 'shop sale' }), { livemode: true, account: 'acct_1Shop' }));
    await waitFor(() => slack.messages.length >= 3, 5000, 'three messages');
    await settle();
    assert.equal(slack.messages.length, 3);
    const shop = slackIn('CSHOP');
    assert.equal(shop.length, 1);
    assert.match(shop[0]!, /shop sale/);
    assert.match(shop[0]!, /https:\/\/dashboard\.stripe\.com\/acct_1Shop\/payments\/pi_/);
    assert.doesNotMatch(shop[0]!, /\[TEST\]/);
    assert.equal(slackIn('CPLATFORM').length, 2);
  });

  it('posts a Stripe event once however often Stripe delivers it, and never posts unknown types', async () => {
    await server.subscribe('discord', '100', 'stripe', '*', ['payouts', 'checkout']);
    const event = stripeEvent('payment_intent.succeeded', paymentIntent());
    assert.equal((await server.postStripe(event)).status, 202);
    assert.equal((await server.postStripe(event)).status, 200);
    assert.equal((await server.postStripe(event)).status, 200);
    assert.equal((await server.postStripe(stripeEvent('charge.succeeded', { id: 'ch_1', amount: 2000, currency: 'usd' }))).status, 202);
    assert.equal((await server.postStripe(stripeEvent('customer.created', { id: 'cus_1' }))).status, 202);
    await waitFor(() => discord.messages.length >= 1, 5000, 'the message');
    await settle();
    assert.equal(discord.messages.length, 1);
    const events = (await (await server.admin('GET', '/api/events?source=stripe')).json()) as unknown[];
    assert.equal(events.length, 3, 'all three distinct events are stored');
  });

  it('routes PayPal events with min: and formats them for both platforms', async () => {
    await server.subscribe('slack', 'CALL', 'paypal');
    await server.subscribe('discord', '300', 'paypal', '*', ['min:50USD']);
    const small = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture('49.99', 'USD'), 'Payment completed for $ 49.99 USD');
    const large = paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture('75.00', 'USD'), 'Payment completed for $ 75.00 USD', { sandbox: false });
    const opened = paypalEvent('CUSTOMER.DISPUTE.CREATED', 'dispute', paypalDispute(10), 'A new dispute opened');
    const unknown = paypalEvent('PAYMENT.SALE.COMPLETED', 'sale', { id: 'S1' }, 'old API');
    for (const e of [small, large, opened, unknown]) assert.equal((await server.postPaypal(e)).status, 202);
    assert.equal((await server.postPaypal(large)).status, 200, 'redelivery (new transmission, same event id)');

    await waitFor(() => slack.messages.length >= 3 && discord.messages.length >= 2, 5000, 'messages');
    await settle();
    const all = slackIn('CALL');
    assert.equal(all.length, 3);
    assert.ok(all.some((m) => m.includes('[SANDBOX] Payment received: $49.99')));
    assert.ok(all.some((m) => m.includes('Payment received: $75.00') && m.includes('https://www.paypal.com/activity/payment/')));
    assert.ok(all.some((m) => /Respond by \*\d{4}-\d{2}-\d{2}\* \(in 10 days\)/.test(m)));
    const big = embedsIn('300').map((e) => e.title).sort();
    assert.deepEqual(big, ['Payment received: $75.00 (invoice INV-2026-0042)', '[SANDBOX] Dispute opened: $49.99 (merchandise or service not received)'],
      'min:50USD drops $49.99 but never disputes');
  });
});
