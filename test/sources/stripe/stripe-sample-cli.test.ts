import assert from 'node:assert/strict';
import { cli } from '../../helpers/capture-cli.ts';
import { STRIPE_SAMPLES } from '../../../src/cli/samples/stripe-samples.ts';
import { startPaymentsServer, STRIPE_SECRET, type PaymentsServer } from '../../integration/payments-harness.ts';

describe('hookbridge sample stripe|paypal', () => {
  let server: PaymentsServer;
  before(async () => {
    server = await startPaymentsServer();
    await server.subscribe('discord', '111', 'stripe', '*', ['payouts', 'checkout']);
  });
  after(async () => server.cleanup());

  it('sends every Stripe sample signed with STRIPE_WEBHOOK_SECRET; each is accepted and posted', async () => {
    for (const type of Object.keys(STRIPE_SAMPLES)) {
      const { code, out } = await cli(['sample', 'stripe', type, '--url', server.url], { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
      assert.equal(code, 0, type);
      assert.match(out, /^202 .*"deliveries":1/, type);
    }
    const events = await server.store.listEvents({ limit: 100, source: 'stripe' });
    assert.deepEqual(events.map((e) => e.type).sort(), Object.keys(STRIPE_SAMPLES).sort());
  });

  it('explains what is wrong: unknown sample, missing secret, PayPal', async () => {
    const unknown = await cli(['sample', 'stripe', 'nope', '--url', server.url], { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET });
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown Stripe sample "nope".*\n.*payment_intent\.succeeded/);
    const noSecret = await cli(['sample', 'stripe', 'payout.paid', '--url', server.url], { STRIPE_WEBHOOK_SECRET: undefined });
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.err, /STRIPE_WEBHOOK_SECRET is not set/);
    const paypal = await cli(['sample', 'paypal', 'PAYMENT.CAPTURE.COMPLETED'], {});
    assert.equal(paypal.code, 2);
    assert.match(paypal.err, /PayPal signs webhooks with its own private key.*Webhooks simulator/);
    const help = await cli(['help'], {});
    assert.match(help.out, /sample stripe <event>/);
    assert.match(help.out, /no PayPal samples/);
  });

  it('--help of sample and register-commands prints their usage (exit 0), an unknown option exits 2', async () => {
    for (const command of ['sample', 'register-commands']) {
      const help = await cli([command, '--help'], {});
      assert.equal(help.code, 0, command);
      assert.match(help.out, new RegExp(`^Usage: hookbridge ${command}`), command);
      const bad = await cli([command, '--nope'], {});
      assert.equal(bad.code, 2, command);
      assert.match(bad.err, /Unknown option '--nope'[\s\S]*Usage: hookbridge/, command);
    }
  });
});
