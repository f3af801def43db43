import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>` signature over raw bytes, as GitHub sends in X-Hub-Signature-256. */
export function signSha256(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time comparison that treats different lengths as a mismatch instead of throwing. */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = typeof a === 'string' ? Buffer.from(a) : a;
  const y = typeof b === 'string' ? Buffer.from(b) : b;
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // keep the timing similar
    return false;
  }
  return timingSafeEqual(x, y);
}

/**
 * Verifies an `X-Hub-Signature-256` header against a list of secrets (rotation: any may match).
 * Each secret is checked, so timing does not reveal which one matched.
 */
export function verifySha256Signature(secrets: string[], body: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const given = header.toLowerCase();
  let ok = false;
  for (const secret of secrets) ok = safeEqual(signSha256(secret, body), given) || ok;
  return ok;
}
