import assert from 'node:assert/strict';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { commandInteraction, makeDiscordKeys, postInteraction } from '../helpers/sign-discord.ts';
import { postSlashCommand, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, waitFor } from '../helpers/test-server.ts';
import { capture, paypalEvent } from '../sources/paypal/paypal-fixtures.ts';
import { dispute, paymentIntent, payout, stripeEvent } from '../sources/stripe/stripe-fixtures.ts';
import { startPaymentsServer, type PaymentsServer } from './payments-harness.ts';

describe('end to end: /subscribe stripe and /subscribe paypal in Slack and Discord → payment messages', () => {
  const keys = makeDiscordKeys();
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let server: PaymentsServer;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    server = await startPaymentsServer({
      discordApiUrl: discord.apiUrl,
      slackApiUrl: slack.apiUrl,
      env: { SLACK_SIGNING_SECRET, DISCORD_PUBLIC_KEY: keys.publicKeyHex },
    });
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
  });

  const slackCommand = async (text: string, channel: string) => {
    const res = await postSlashCommand(server.url, { command: '/subscribe', text, channel_id: channel });
    assert.equal(res.status, 200);
    return ((await res.json()) as { text: string }).text;
  };
  const discordCommand = async (subcommand: string, channelId: string, options: Record<string, string> = {}) => {
    const res = await postInteraction(server.url, keys.privateKey, commandInteraction({ name: 'subscribe', subcommand, options, channelId }));
    assert.equal(res.status, 200);
    return ((await res.json()) as { data: { content: string } }).data.content;
  };

  it('Slack: /subscribe stripe payouts min:100USD and /subscribe paypal', async () => {
    assert.match(await slackCommand('stripe payouts min:100USD', 'C-FIN'), /^Subscribed/);
    assert.match(await slackCommand('paypal', 'C-PP'), /^Subscribed/);
    assert.equal((await server.postStripe(stripeEvent('payout.paid', payout({ amount: 5000 })))).status, 202);
    assert.equal((await server.postStripe(stripeEvent('payout.paid', payout({ amount: 250_000 })))).status, 202);
    assert.equal((await server.postStripe(stripeEvent('charge.dispute.created', dispute()))).status, 202);
    assert.equal((await server.postPaypal(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), 'Payment completed'))).status, 202);

    await waitFor(() => slack.messages.length >= 3, 5000, 'three Slack messages');
    await new Promise((r) => setTimeout(r, 300));
    const texts = (channel: string) => slack.messages.filter((m) => m.channel === channel).map((m) => (m.body as { text: string }).text).sort();
    assert.deepEqual(texts('C-FIN'), ['[TEST] Dispute opened: $42.00 (fraudulent)', '[TEST] Payout of $2,500.00 paid']);
    assert.deepEqual(texts('C-PP'), ['[SANDBOX] Payment received: $49.99 (invoice INV-2026-0042)']);
  });

  it('Discord: subscribe stripe (with a Connect account) and subscribe paypal', async () => {
    assert.match(await discordCommand('stripe', '111', { features: 'acct_1Shop -subscriptions' }), /^Subscribed/);
    assert.match(await discordCommand('paypal', '222'), /^Subscribed/);
    await server.postStripe(stripeEvent('payment_intent.succeeded', paymentIntent({ description: 'other shop' }), { account: 'acct_2Other' }));
    await server.postStripe(stripeEvent('payment_intent.succeeded', paymentIntent({ description: 'our shop' }), { account: 'acct_1Shop' }));
    await server.postPaypal(paypalEvent('PAYMENT.CAPTURE.REFUNDED', 'refund', { id: 'R1', amount: { currency_code: 'EUR', value: '5.00' } }, 'Refunded'));

    await waitFor(() => discord.messages.length >= 2, 5000, 'two Discord messages');
    await new Promise((r) => setTimeout(r, 300));
    const byChannel = (c: string) => discord.messages.filter((m) => m.channel === c).map((m) => JSON.stringify(m.body));
    assert.equal(byChannel('111').length, 1);
    assert.match(byChannel('111')[0]!, /our shop/);
    assert.equal(byChannel('222').length, 1);
    assert.match(byChannel('222')[0]!, /Refunded €5\.00/);
  });
});
