import type { Context } from 'koa';
import { HttpError } from '../../http/http-error.ts';
import { parseJsonObject, readRawBody } from '../../http/read-raw-body.ts';
import type { IngestDeps } from '../../pipeline/ingest-webhook.ts';
import { ingestAndRespond } from '../../http/respond-ingest.ts';
import { normalizePaypalEvent } from './normalize-paypal.ts';
import { createCertificateCache, type CertificateCache, type CertificateFetcher } from './paypal-certificates.ts';
import { verifyPaypalSignature } from './verify-paypal-signature.ts';

/** PayPal events are a few KB. */
export const PAYPAL_BODY_LIMIT = 1024 * 1024;

export interface PaypalRouteDeps extends IngestDeps {
  /** PAYPAL_WEBHOOK_ID; unset = the source is disabled. */
  webhookId: string | undefined;
  /** Fetches certificate PEMs (default: https fetch); tests inject their own. */
  fetchCertificate?: CertificateFetcher;
  /** Hosts certificates may come from (default: PayPal's API hosts). */
  certHosts?: readonly string[];
}

/** POST /webhooks/paypal: verify (certificate signature) → normalize → store (dedupe on WH-… id) → 202. */
export function paypalWebhookHandler(deps: PaypalRouteDeps) {
  const certificates: CertificateCache = createCertificateCache(deps.fetchCertificate);
  return async (ctx: Context): Promise<void> => {
    if (!deps.webhookId) {
      throw new HttpError(404, 'source_disabled', 'PAYPAL_WEBHOOK_ID is not set: PayPal webhooks are disabled');
    }
    const raw = await readRawBody(ctx, PAYPAL_BODY_LIMIT);
    const now = deps.now?.() ?? new Date();
    const header = (name: string): string | undefined => ctx.get(name) || undefined;
    const certUrl = await verifyPaypalSignature(raw, {
      transmissionId: header('paypal-transmission-id'),
      transmissionTime: header('paypal-transmission-time'),
      transmissionSig: header('paypal-transmission-sig'),
      certUrl: header('paypal-cert-url'),
      authAlgo: header('paypal-auth-algo'),
    }, { webhookId: deps.webhookId, certificates, certHosts: deps.certHosts, now });
    const payload = parseJsonObject(raw);
    await ingestAndRespond(ctx, deps, normalizePaypalEvent(payload, now, certUrl)); // a PayloadError is a 400
  };
}
