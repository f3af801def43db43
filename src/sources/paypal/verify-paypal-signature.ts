/**
 * PayPal webhook signatures, checked locally as PayPal documents it:
 *   signed string = <PAYPAL-TRANSMISSION-ID>|<PAYPAL-TRANSMISSION-TIME>|<webhook id>|<CRC32 of the raw body, decimal>
 *   PAYPAL-TRANSMISSION-SIG = base64 SHA256withRSA signature of it, by the certificate at PAYPAL-CERT-URL.
 *
 * The transmission time is when PayPal sent this HTTP request. Retries (PayPal retries failed
 * deliveries for up to 3 days) are new transmissions with a new id, time and signature, so a
 * short window loses nothing: a transmission more than 5 minutes away from our clock is refused,
 * which bounds replays (and replays inside the window are duplicates of the event id anyway).
 */
import { verify } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { HttpError, unauthorized } from '../../http/http-error.ts';
import { allowedCertUrl, CertificateError, type CertificateCache } from './paypal-certificates.ts';

export const PAYPAL_TOLERANCE_SECONDS = 300;
export const PAYPAL_AUTH_ALGO = 'SHA256withRSA';

export interface PaypalHeaders {
  transmissionId: string | undefined;
  transmissionTime: string | undefined;
  transmissionSig: string | undefined;
  certUrl: string | undefined;
  authAlgo: string | undefined;
}

export interface PaypalVerifyOptions {
  webhookId: string;
  certificates: CertificateCache;
  certHosts?: readonly string[];
  now: Date;
}

const TRANSMISSION_ID = /^[^\s|]{1,100}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]{16,2048}={0,2}$/;

/** CRC32 (IEEE, as zlib and PayPal compute it) of the raw body, as an unsigned decimal. */
export function bodyCrc32(raw: Buffer): number {
  return crc32(raw) >>> 0;
}

export function paypalSignedString(transmissionId: string, transmissionTime: string, webhookId: string, raw: Buffer): string {
  return `${transmissionId}|${transmissionTime}|${webhookId}|${bodyCrc32(raw)}`;
}

/**
 * Throws 401 for anything that is not a fresh, correctly signed transmission; 503 when PayPal's
 * certificate cannot be fetched right now (PayPal retries). Cheap checks come first, so a forged
 * request never causes a fetch unless its cert URL is on PayPal's hosts and it is fresh.
 * Returns the vetted certificate URL.
 */
export async function verifyPaypalSignature(raw: Buffer, h: PaypalHeaders, options: PaypalVerifyOptions): Promise<URL> {
  const { transmissionId, transmissionTime, transmissionSig, certUrl, authAlgo } = h;
  if (!transmissionId || !transmissionTime || !transmissionSig || !certUrl || !authAlgo) {
    throw unauthorized('Missing PayPal signature headers (PAYPAL-TRANSMISSION-ID, -TIME, -SIG, PAYPAL-CERT-URL, PAYPAL-AUTH-ALGO)');
  }
  if (authAlgo.toLowerCase() !== PAYPAL_AUTH_ALGO.toLowerCase()) throw unauthorized(`Unsupported PAYPAL-AUTH-ALGO "${authAlgo.slice(0, 40)}" (expected ${PAYPAL_AUTH_ALGO})`);
  if (!TRANSMISSION_ID.test(transmissionId)) throw unauthorized('Invalid PAYPAL-TRANSMISSION-ID');
  const sentAt = ISO_TIME.test(transmissionTime) ? Date.parse(transmissionTime) : NaN;
  if (!Number.isFinite(sentAt)) throw unauthorized('Invalid PAYPAL-TRANSMISSION-TIME');
  if (Math.abs(options.now.getTime() - sentAt) > PAYPAL_TOLERANCE_SECONDS * 1000) {
    throw new HttpError(401, 'stale_transmission', `PAYPAL-TRANSMISSION-TIME is more than ${PAYPAL_TOLERANCE_SECONDS} s from now (replayed, or a clock is off)`);
  }
  const url = allowedCertUrl(certUrl, options.certHosts);
  if (url === null) {
    throw new HttpError(401, 'untrusted_cert_url', 'PAYPAL-CERT-URL must be an https URL on a PayPal API host (api.paypal.com, api-m.paypal.com or their sandbox hosts)');
  }
  if (!BASE64.test(transmissionSig)) throw unauthorized('PAYPAL-TRANSMISSION-SIG is not base64');
  let cert;
  try {
    cert = await options.certificates.get(url, options.now);
  } catch (err) {
    if (!(err instanceof CertificateError)) throw err;
    if (err.kind === 'unavailable') throw new HttpError(503, 'certificate_unavailable', `PayPal's signing certificate could not be fetched: ${err.message}`, true, { 'retry-after': '30' });
    throw unauthorized(`PAYPAL-CERT-URL: ${err.message}`);
  }
  const message = Buffer.from(paypalSignedString(transmissionId, transmissionTime, options.webhookId, raw));
  let ok = false;
  try {
    ok = verify('sha256', message, cert.publicKey, Buffer.from(transmissionSig, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) throw unauthorized('Invalid PAYPAL-TRANSMISSION-SIG (is PAYPAL_WEBHOOK_ID the id of this webhook?)');
  return url;
}
