/**
 * Stripe-Signature verification with the stripe SDK: `t=<unix>,v1=<hmac>` over `<t>.<raw body>`,
 * 300 s tolerance, each secret of STRIPE_WEBHOOK_SECRET tried in turn (rotation, and one
 * endpoint receiving from both `stripe listen` and the dashboard).
 */
import Stripe from 'stripe';
import { HttpError, badRequest, unauthorized } from '../../http/http-error.ts';

/** Stripe's own default, and what PRODUCT.md promises. */
export const STRIPE_TOLERANCE_SECONDS = 300;

/**
 * Verifies the raw bytes and returns the parsed event object. Throws 401 for a missing, wrong or
 * stale signature, 400 for a correctly signed body that is not JSON.
 */
export function verifyStripeEvent(raw: Buffer, header: string | undefined, secrets: readonly string[], now: Date): unknown {
  if (!header) throw unauthorized('Missing Stripe-Signature header');
  if (header.length > 4096) throw unauthorized('Stripe-Signature header is too long');
  // The SDK only refuses old timestamps; a signature "from the future" would stay replayable for as long.
  const signedAt = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(header)?.[1]);
  if (Number.isFinite(signedAt) && signedAt * 1000 > now.getTime() + STRIPE_TOLERANCE_SECONDS * 1000) {
    throw unauthorized(`Stripe-Signature timestamp is more than ${STRIPE_TOLERANCE_SECONDS} s in the future (or the clock is off)`);
  }
  let stale = false;
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(raw, header, secret, STRIPE_TOLERANCE_SECONDS, undefined, now.getTime());
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        if (/tolerance/i.test(err.message)) stale = true;
        continue;
      }
      if (err instanceof SyntaxError) throw badRequest('invalid_json', 'Body is not valid JSON');
      throw new HttpError(400, 'bad_signature_header', 'Could not read the Stripe-Signature header');
    }
  }
  throw unauthorized(
    stale
      ? `Stripe-Signature timestamp is more than ${STRIPE_TOLERANCE_SECONDS} s old (or the clock is off)`
      : 'Missing or invalid Stripe-Signature (is STRIPE_WEBHOOK_SECRET the signing secret of this endpoint?)',
  );
}
