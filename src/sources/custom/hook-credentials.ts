/**
 * Credentials of a generic hook: a Standard Webhooks signing secret `whsec_<base64 of 32 random
 * bytes>` and, separately, a 192-bit URL token (base64url). Only the token's SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../../security/hmac.ts';

export const SECRET_PREFIX = 'whsec_';

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check of a URL token against the stored hash (both sides hashed: equal lengths). */
export function tokenMatches(given: string, tokenHash: string): boolean {
  return safeEqual(hashToken(given), tokenHash);
}

/** The HMAC key of a `whsec_…` secret: its base64 part, decoded (Standard Webhooks). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** A new secret and token; the token is returned once for the URL and only its hash is kept. */
export function newCredentials(): { secret: string; token: string; tokenHash: string } {
  const token = generateToken();
  return { secret: generateSecret(), token, tokenHash: hashToken(token) };
}
