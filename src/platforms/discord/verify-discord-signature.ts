import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Discord recommends rejecting old interactions; five minutes, like Slack's window. */
export const DISCORD_TIMESTAMP_TOLERANCE_SEC = 300;

/** ASN.1 DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Turns the 64-hex-character "Public Key" from the developer portal into a KeyObject. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hex characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export interface DiscordSignatureInput {
  publicKey: KeyObject;
  /** `X-Signature-Ed25519` header: 128 hex characters (64 bytes). */
  signature: string | undefined;
  /** `X-Signature-Timestamp` header (unix seconds). */
  timestamp: string | undefined;
  rawBody: Buffer;
  now?: Date;
}

export type DiscordSignatureProblem = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' | null;

/**
 * Verifies an interaction: Ed25519 over timestamp + raw body. Every malformed input is a problem
 * (a 401 for the caller), never an exception.
 */
export function checkDiscordSignature(input: DiscordSignatureInput): DiscordSignatureProblem {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return 'missing_headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad_timestamp';
  const nowSec = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSec - Number(timestamp)) > DISCORD_TIMESTAMP_TOLERANCE_SEC) return 'stale_timestamp';
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return 'bad_signature';
  const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), input.rawBody]);
  try {
    return verify(null, message, input.publicKey, Buffer.from(signature, 'hex')) ? null : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}
