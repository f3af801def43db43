/**
 * PayPal signing certificates: which URLs may be fetched, how, and a cache.
 *
 * PAYPAL-CERT-URL comes from the (not yet verified) request, so fetching it blindly would let
 * anyone make this server fetch any URL (SSRF). Only https URLs on PayPal's own API hosts are
 * fetched, without following redirects, with a timeout and a size cap. Trust in the certificate
 * comes from TLS to those hosts; its validity dates are checked too.
 */
import { X509Certificate } from 'node:crypto';

/** PayPal's live and sandbox API hosts, the only places certificates are fetched from. */
export const PAYPAL_CERT_HOSTS: readonly string[] = Object.freeze([
  'api.paypal.com', 'api-m.paypal.com', 'api.sandbox.paypal.com', 'api-m.sandbox.paypal.com',
]);

/** Fetches the PEM text at an already-vetted URL. Injectable (tests serve their own certificate). */
export type CertificateFetcher = (url: URL) => Promise<string>;

/** `unavailable`: PayPal could not be reached (503, PayPal retries); `invalid`: no usable certificate (401). */
export class CertificateError extends Error {
  constructor(readonly kind: 'unavailable' | 'invalid', message: string) {
    super(message);
    this.name = 'CertificateError';
  }
}

const MAX_PEM_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5000;

/** The URL when it is https on an allowed host with no credentials or port; otherwise null. */
export function allowedCertUrl(raw: string, hosts: readonly string[] = PAYPAL_CERT_HOSTS): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return hosts.includes(url.hostname.toLowerCase()) ? url : null;
}

/** The default fetcher: global fetch, no redirects (they could lead off PayPal's hosts), 5 s, 64 KB. */
export const fetchCertificate: CertificateFetcher = async (url) => {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: '*/*' } });
  } catch (err) {
    throw new CertificateError('unavailable', `could not fetch ${url.href}: ${(err as Error).message}`);
  }
  if (res.status >= 500 || res.status === 429) throw new CertificateError('unavailable', `${url.href} answered ${res.status}`);
  if (!res.ok) throw new CertificateError('invalid', `${url.href} answered ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_PEM_BYTES) throw new CertificateError('invalid', `${url.href} is larger than ${MAX_PEM_BYTES} bytes`);
  const text = await res.text();
  if (text.length > MAX_PEM_BYTES) throw new CertificateError('invalid', `${url.href} is larger than ${MAX_PEM_BYTES} bytes`);
  return text;
};

export interface CertificateCache {
  /** The certificate at `url` (fetched once, then cached until it expires); throws CertificateError. */
  get(url: URL, now: Date): Promise<X509Certificate>;
}

/** Parses the first certificate of a PEM text and checks it is valid at `now`. */
export function parseCertificate(pem: string, now: Date): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new CertificateError('invalid', 'the certificate URL did not return a PEM certificate');
  }
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(from <= now.getTime() && now.getTime() <= to)) {
    throw new CertificateError('invalid', `the signing certificate is not valid now (valid ${cert.validFrom} – ${cert.validTo})`);
  }
  return cert;
}

/** A small cache keyed by URL; concurrent requests for one URL share one fetch. Failures are not cached. */
export function createCertificateCache(fetcher: CertificateFetcher = fetchCertificate, maxEntries = 32): CertificateCache {
  const cache = new Map<string, { cert: X509Certificate; expires: number }>();
  const inFlight = new Map<string, Promise<X509Certificate>>();
  const load = async (url: URL, now: Date): Promise<X509Certificate> => {
    let pem: string;
    try {
      pem = await fetcher(url);
    } catch (err) {
      if (err instanceof CertificateError) throw err;
      throw new CertificateError('unavailable', `could not fetch ${url.href}: ${(err as Error).message}`);
    }
    const cert = parseCertificate(pem, now);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(url.href, { cert, expires: Date.parse(cert.validTo) });
    return cert;
  };
  return {
    async get(url, now) {
      const key = url.href;
      const hit = cache.get(key);
      if (hit && hit.expires > now.getTime()) return hit.cert;
      cache.delete(key);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = load(url, now).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
