/**
 * The real server with Stripe and PayPal enabled, a test PayPal certificate served through the
 * injected fetcher (so the test can see every fetch), and signed-post helpers.
 */
import { certificateFetcher, makePaypalKeys, PAYPAL_WEBHOOK_ID, postPaypal, type PaypalKeys, type PaypalSignOptions, type RecordingFetcher } from '../helpers/sign-paypal.ts';
import { postStripe } from '../helpers/sign-stripe.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

export const STRIPE_SECRET = 'whsec_test_current_0123456789abcdef';
export const STRIPE_OLD_SECRET = 'whsec_test_previous_fedcba9876543210';

/** One key pair for the whole run: openssl takes a moment. */
let sharedKeys: PaypalKeys | null = null;
export function paypalKeys(): PaypalKeys {
  sharedKeys ??= makePaypalKeys();
  return sharedKeys;
}

/** The test server (GitHub enabled too) plus Stripe and PayPal helpers. */
export interface PaymentsServer extends TestServer {
  certs: RecordingFetcher;
  postStripe(event: unknown, options?: { secret?: string; timestamp?: number }): Promise<Response>;
  postPaypal(event: unknown, options?: PaypalSignOptions & { keys?: PaypalKeys }): Promise<Response>;
  subscribe(platform: 'discord' | 'slack', channel: string, source: 'stripe' | 'paypal', target?: string, features?: string[]): Promise<void>;
}

export interface PaymentsServerOptions {
  discordApiUrl?: string;
  slackApiUrl?: string;
  env?: Record<string, string>;
}

export async function startPaymentsServer(options: PaymentsServerOptions = {}): Promise<PaymentsServer> {
  const keys = paypalKeys();
  const certs = certificateFetcher(keys.certPem);
  const server = await startTestServer({
    discordApiUrl: options.discordApiUrl,
    slackApiUrl: options.slackApiUrl,
    env: { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, PAYPAL_WEBHOOK_ID, ...options.env },
    paypalCertificateFetcher: certs.fetch,
  });
  return {
    ...server,
    certs,
    postStripe: (event, o = {}) => postStripe(server.url, o.secret ?? STRIPE_SECRET, event, o.timestamp),
    postPaypal: (event, o = {}) => postPaypal(server.url, o.keys ?? keys, event, o),
    async subscribe(platform, channel, source, target = '*', features) {
      const res = await server.admin('POST', '/api/subscriptions', { platform, workspace: 'w1', channel, source, target, features });
      if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
    },
  };
}
