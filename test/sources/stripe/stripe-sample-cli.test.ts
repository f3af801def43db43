import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/run-cli.ts';
import { STRIPE_SAMPLES } from '../../../src/cli/samples/stripe-samples.ts';
import { startPaymentsServer, STRIPE_SECRET, type PaymentsServer } from '../../integration/payments-harness.ts';

/** Runs the CLI with some environment variables set, capturing what it prints. */
async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    return { code: await runCli(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

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
});
