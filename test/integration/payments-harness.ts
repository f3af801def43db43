/**
 * The real server with Stripe and PayPal enabled, a test PayPal certificate served through the
 * injected fetcher (so the test can see every fetch), and signed-post helpers.
 */
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { certificateFetcher, makePaypalKeys, PAYPAL_WEBHOOK_ID, postPaypal, type PaypalKeys, type PaypalSignOptions, type RecordingFetcher } from '../helpers/sign-paypal.ts';
import { postStripe } from '../helpers/sign-stripe.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, SLACK_TOKEN } from '../helpers/test-server.ts';

export const STRIPE_SECRET = 'whsec_test_current_0123456789abcdef';
export const STRIPE_OLD_SECRET = 'whsec_test_previous_fedcba9876543210';

/** One key pair for the whole run: openssl takes a moment. */
let sharedKeys: PaypalKeys | null = null;
export function paypalKeys(): PaypalKeys {
  sharedKeys ??= makePaypalKeys();
  return sharedKeys;
}

export interface PaymentsServer extends RunningServer {
  certs: RecordingFetcher;
  postStripe(event: unknown, options?: { secret?: string; timestamp?: number }): Promise<Response>;
  postPaypal(event: unknown, options?: PaypalSignOptions & { keys?: PaypalKeys }): Promise<Response>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  subscribe(platform: 'discord' | 'slack', channel: string, source: 'stripe' | 'paypal', target?: string, features?: string[]): Promise<void>;
  cleanup(): Promise<void>;
}

export interface PaymentsServerOptions {
  discordApiUrl?: string;
  slackApiUrl?: string;
  env?: Record<string, string>;
}

export async function startPaymentsServer(options: PaymentsServerOptions = {}): Promise<PaymentsServer> {
  const temp = await makeTempDir();
  const keys = paypalKeys();
  const certs = certificateFetcher(keys.certPem);
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_FILE: join(temp.dir, 'hookbridge.json'),
    STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
    PAYPAL_WEBHOOK_ID,
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...(options.discordApiUrl ? { DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: options.discordApiUrl } : {}),
    ...(options.slackApiUrl ? { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_API_URL: options.slackApiUrl } : {}),
    ...options.env,
  };
  const running = await startServer(loadConfig(env), { logger: silentLogger, paypalCertificateFetcher: certs.fetch });
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    ...running,
    certs,
    postStripe: (event, o = {}) => postStripe(running.url, o.secret ?? STRIPE_SECRET, event, o.timestamp),
    postPaypal: (event, o = {}) => postPaypal(running.url, o.keys ?? keys, event, o),
    admin,
    async subscribe(platform, channel, source, target = '*', features) {
      const res = await admin('POST', '/api/subscriptions', { platform, workspace: 'w1', channel, source, target, features });
      if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
    },
    cleanup: async () => {
      await running.stop();
      await temp.cleanup();
    },
  };
}
