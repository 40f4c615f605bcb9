import { createHmac, timingSafeEqual } from 'node:crypto';
import { addDays } from '../dates.ts';

/**
 * The debtor portal's link: a token naming one customer of one organisation, the customer's
 * link generation (revoking bumps it) and the last day it opens, signed with HMAC-SHA256.
 * Binary and base64url so it fits in a text message: 16 bytes organisation id, 16 bytes
 * customer id, 2 bytes generation, 2 bytes expiry (days since 1970-01-01) and the first 8
 * bytes of the MAC = 44 bytes, 59 characters. Pure: the key and "today" are inputs.
 */
export interface PortalClaims {
  organisationId: string;
  customerId: string;
  /** The customer's link generation when the token was signed (0 … 65535). */
  generation: number;
  /** The last day (ISO, UTC) the link opens. */
  expiresOn: string;
}

const payloadBytes = 36;
const macBytes = 8;
const dayMs = 86_400_000;

/** Default lifetime of a link: 30 days after the message that carries it. */
export const defaultPortalLinkDays = 30;

export function signPortalToken(key: string, claims: PortalClaims): string {
  const payload = Buffer.alloc(payloadBytes);
  Buffer.from(claims.organisationId.replaceAll('-', ''), 'hex').copy(payload, 0);
  Buffer.from(claims.customerId.replaceAll('-', ''), 'hex').copy(payload, 16);
  payload.writeUInt16BE(claims.generation & 0xffff, 32);
  payload.writeUInt16BE(Math.round(Date.parse(`${claims.expiresOn}T00:00:00Z`) / dayMs), 34);
  return Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

/** The token's claims, not yet verified (the key depends on the organisation it names); null when malformed. */
export function readPortalToken(token: string): { claims: PortalClaims; verify(key: string): boolean } | null {
  if (!/^[A-Za-z0-9_-]{59}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Canonical only: the last character's two spare bits must be zero, so one link has one spelling.
  if (bytes.length !== payloadBytes + macBytes || bytes.toString('base64url') !== token) return null;
  const payload = bytes.subarray(0, payloadBytes);
  const signature = bytes.subarray(payloadBytes);
  return {
    claims: {
      organisationId: uuid(payload.subarray(0, 16)),
      customerId: uuid(payload.subarray(16, 32)),
      generation: payload.readUInt16BE(32),
      expiresOn: new Date(payload.readUInt16BE(34) * dayMs).toISOString().slice(0, 10),
    },
    verify: (key) => timingSafeEqual(mac(key, payload), signature),
  };
}

export type PortalTokenProblem = 'expired' | 'revoked';

/** Whether verified claims still open the portal on `today` (ISO date, UTC) for the customer's current generation. */
export function portalTokenProblem(claims: PortalClaims, currentGeneration: number, today: string): PortalTokenProblem | null {
  if ((currentGeneration & 0xffff) !== claims.generation) return 'revoked';
  if (today > claims.expiresOn) return 'expired';
  return null;
}

/** The last day a link carried by a message sent on `sentOn` opens. */
export function portalLinkExpiry(sentOn: string, lifetimeDays: number): string {
  return addDays(sentOn, lifetimeDays);
}

/** A per-purpose key derived from the portal secret (the token's MAC and the forms' CSRF token use different keys). */
function derive(key: string, purpose: string): Buffer {
  return createHmac('sha256', key).update(`regua-portal:${purpose}`).digest();
}

function mac(key: string, payload: Buffer): Buffer {
  return createHmac('sha256', derive(key, 'link')).update(payload).digest().subarray(0, macBytes);
}

/** The CSRF token of a portal token's forms: only who holds the key can compute it. */
export function portalCsrfToken(key: string, token: string): string {
  return createHmac('sha256', derive(key, 'csrf')).update(token).digest('base64url').slice(0, 22);
}

export function portalCsrfValid(key: string, token: string, csrf: string): boolean {
  const expected = Buffer.from(portalCsrfToken(key, token));
  const actual = Buffer.from(csrf);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const uuid = (bytes: Buffer) => {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
