import { createHmac } from 'node:crypto';
import { safeEqual } from '../../security/hmac.ts';

/** Slack rejects requests older than five minutes; so do we (replay window). */
export const SLACK_TIMESTAMP_TOLERANCE_SEC = 300;

export interface SlackSignatureInput {
  signingSecret: string;
  /** `X-Slack-Request-Timestamp` header (unix seconds). */
  timestamp: string | undefined;
  /** `X-Slack-Signature` header (`v0=<hex>`). */
  signature: string | undefined;
  rawBody: Buffer;
  now?: Date;
}

/** Why a request failed verification (for logs), or null when it is authentic. */
export type SlackSignatureProblem = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' | null;

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`: what Slack sends in X-Slack-Signature. */
export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Checks a Slack request signature over the raw bytes: timestamp within the window first (so a
 * captured request cannot be replayed later), then the HMAC in constant time with a length check.
 */
export function checkSlackSignature(input: SlackSignatureInput): SlackSignatureProblem {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return 'missing_headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad_timestamp';
  const nowSec = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - Number(timestamp)) > SLACK_TIMESTAMP_TOLERANCE_SEC) return 'stale_timestamp';
  if (!/^v0=[0-9a-f]{64}$/i.test(signature)) return 'bad_signature';
  const expected = signSlackRequest(input.signingSecret, timestamp, input.rawBody);
  return safeEqual(expected, signature.toLowerCase()) ? null : 'bad_signature';
}
