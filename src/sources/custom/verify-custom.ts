/**
 * Signature checks for `POST /webhooks/custom/<name>` (the URL without a token):
 *   - Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp` (Unix seconds,
 *     within 5 minutes of now, either way), `webhook-signature` = space-separated `v1,<base64>`
 *     entries (several while a sender rotates), each an HMAC-SHA256 of `<id>.<timestamp>.<body>`
 *     keyed with the base64-decoded part of the `whsec_` secret. Other versions are ignored.
 *   - GitHub style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, keyed with the
 *     whole secret string.
 * All comparisons are constant-time; malformed headers are a failed check (401), never a 500.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual, verifySha256Signature } from '../../security/hmac.ts';
import { secretKey } from './hook-credentials.ts';

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type Verdict = { ok: true; webhookId: string | null } | { ok: false; reason: string };

export interface SignatureHeaders {
  webhookId?: string;
  webhookTimestamp?: string;
  webhookSignature?: string;
  hubSignature256?: string;
}

const standardHeaders = z.object({
  webhookId: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'webhook-id must be 1 to 256 visible ASCII characters'),
  webhookTimestamp: z.string().regex(/^\d{1,12}$/, 'webhook-timestamp must be Unix seconds'),
  webhookSignature: z.string().min(1).max(4096),
});

/** `v1,<base64>` → the signature bytes; other versions and malformed entries → null. */
function v1Signature(entry: string): Buffer | null {
  const comma = entry.indexOf(',');
  if (comma === -1 || entry.slice(0, comma) !== 'v1') return null;
  const b64 = entry.slice(comma + 1);
  if (!/^[A-Za-z0-9+/]{43}=$/.test(b64)) return null; // 32 bytes of HMAC-SHA256
  return Buffer.from(b64, 'base64');
}

export function signStandardWebhook(secret: string, id: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export function verifyStandardWebhook(secret: string, headers: SignatureHeaders, body: Buffer, now: Date): Verdict {
  const parsed = standardHeaders.safeParse(headers);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'malformed Standard Webhooks headers' };
  const { webhookId, webhookTimestamp, webhookSignature } = parsed.data;
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(webhookTimestamp));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: `webhook-timestamp is ${skew} s away from now (tolerance ${TIMESTAMP_TOLERANCE_SECONDS} s)` };
  }
  const expected = Buffer.from(signStandardWebhook(secret, webhookId, webhookTimestamp, body).slice(3), 'base64');
  let ok = false;
  for (const entry of webhookSignature.split(' ').slice(0, 10)) {
    const given = v1Signature(entry);
    if (given) ok = safeEqual(given, expected) || ok;
  }
  return ok ? { ok: true, webhookId } : { ok: false, reason: 'no webhook-signature entry matches' };
}

/** Standard Webhooks when `webhook-signature` is present, else X-Hub-Signature-256, else a failure. */
export function verifySignedRequest(secret: string, headers: SignatureHeaders, body: Buffer, now: Date): Verdict {
  if (headers.webhookSignature !== undefined) return verifyStandardWebhook(secret, headers, body, now);
  if (headers.hubSignature256 !== undefined) {
    return verifySha256Signature([secret], body, headers.hubSignature256)
      ? { ok: true, webhookId: null }
      : { ok: false, reason: 'X-Hub-Signature-256 does not match' };
  }
  return { ok: false, reason: 'no token in the URL and no webhook-signature or X-Hub-Signature-256 header' };
}
