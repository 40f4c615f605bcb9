/**
 * Stripe webhook signatures (https://docs.stripe.com/webhooks#verify-manually):
 * `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`, where each v1 is
 * HMAC-SHA256 of "<t>.<raw body>" keyed with an endpoint secret. Several v1 values appear
 * while a secret is being rolled; any one matching any of our secrets is enough. v0 is a
 * test-mode scheme and is ignored, as Stripe's own libraries do.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './errors.ts';

export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Throws WebhookSignatureError unless `header` signs `payload` with one of `secrets` and its
 * timestamp is within `toleranceSeconds` of `now`, before or after. The signature is checked
 * first, so "expired" is only ever said of a delivery that really came from Stripe. A timestamp
 * a little ahead of `now` is clock skew; one far ahead would let a captured delivery be replayed
 * until then, so it is refused like an old one.
 */
export function verifyStripeSignature(
  payload: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds: number = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): void {
  if (header === undefined || header.trim() === '') {
    throw new WebhookSignatureError('missing Stripe-Signature header', 'missing');
  }
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookSignatureError('Stripe-Signature has no timestamp t=<unix seconds>', 'malformed');
  }
  if (signatures.length === 0) throw new WebhookSignatureError('Stripe-Signature has no v1 signature', 'malformed');

  const matches = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
    return signatures.some((signature) => timingSafeEqual(signature, expected));
  });
  if (!matches) throw new WebhookSignatureError('no Stripe-Signature v1 value matches the payload', 'mismatch');

  const ageSeconds = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (ageSeconds > toleranceSeconds) {
    throw new WebhookSignatureError(`Stripe-Signature timestamp is ${ageSeconds} s old (tolerance ${toleranceSeconds} s)`, 'expired');
  }
  if (-ageSeconds > toleranceSeconds) {
    throw new WebhookSignatureError(`Stripe-Signature timestamp is ${-ageSeconds} s in the future (tolerance ${toleranceSeconds} s)`, 'expired');
  }
}
