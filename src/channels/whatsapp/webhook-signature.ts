import { createHmac, timingSafeEqual } from 'node:crypto';

/** Meta's webhook signature (X-Hub-Signature-256): "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the app secret. */
export function metaSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Constant-time check over the bytes as received (re-serialised JSON would not match). */
export function verifyMetaSignature(appSecret: string, rawBody: Buffer | string, header: string): boolean {
  const expected = Buffer.from(metaSignature(appSecret, rawBody));
  const given = Buffer.from(header.trim().toLowerCase().startsWith('sha256=') ? `sha256=${header.trim().slice(7).toLowerCase()}` : header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
