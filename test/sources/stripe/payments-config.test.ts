import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

describe('config: STRIPE_WEBHOOK_SECRET and PAYPAL_WEBHOOK_ID', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      return err.problems;
    }
  };

  it('both sources are off by default', () => {
    const config = loadConfig({});
    assert.deepEqual(config.stripe.secrets, []);
    assert.equal(config.paypal.webhookId, undefined);
  });

  it('reads a comma-separated list of Stripe signing secrets', () => {
    assert.deepEqual(loadConfig({ STRIPE_WEBHOOK_SECRET: ' whsec_old , whsec_new ' }).stripe.secrets, ['whsec_old', 'whsec_new']);
  });

  it('refuses an API key in place of a signing secret, naming the variable', () => {
    const [problem] = problems({ STRIPE_WEBHOOK_SECRET: 'sk_live_123' });
    assert.match(problem ?? '', /^STRIPE_WEBHOOK_SECRET: .*whsec_/);
    assert.equal(problems({ STRIPE_WEBHOOK_SECRET: 'whsec_ok,rk_test_1' }).length, 1);
  });

  it('reads the PayPal webhook id and refuses anything else', () => {
    assert.equal(loadConfig({ PAYPAL_WEBHOOK_ID: '4JH86294D6297924G' }).paypal.webhookId, '4JH86294D6297924G');
    assert.equal(loadConfig({ PAYPAL_WEBHOOK_ID: 'WEBHOOK_ID' }).paypal.webhookId, 'WEBHOOK_ID', 'the Webhooks simulator\'s id');
    assert.match(problems({ PAYPAL_WEBHOOK_ID: 'https://example.com/hook' })[0] ?? '', /^PAYPAL_WEBHOOK_ID: .*Webhook ID/);
  });
});
