import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, Tx } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Organisation } from '../db/schema.ts';
import { contactConsent, optOutContactRow } from '../stores/contacts.ts';
import { customerLanguage } from '../stores/customers.ts';
import { ensureSigningKey, findOrganisationById } from '../stores/organisations.ts';
import { appendInteraction } from './contact-record.ts';

/**
 * Every e-mail and text carries a one-click opt-out link (US Regulation F; good manners
 * everywhere). The link is a token naming the organisation and contact, signed with the
 * organisation's key, so it needs no login and cannot be forged for another contact.
 */
export async function signingKey(db: Db | Tx, org: Organisation): Promise<string> {
  const existing = (org.settings as { signing_key?: string }).signing_key;
  if (existing) return existing;
  const candidate = randomBytes(32).toString('base64url');
  return ensureSigningKey(db, org.id, candidate);
}

export function optOutToken(key: string, organisationId: string, contactId: string): string {
  const payload = `${organisationId.replaceAll('-', '')}${contactId.replaceAll('-', '')}`;
  return `${payload}.${mac(key, payload)}`;
}

function readOptOutToken(token: string): { organisationId: string; contactId: string; verify(key: string): boolean } | null {
  const match = /^([0-9a-f]{32})([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, org, contact, signature] = match as unknown as [string, string, string, string];
  return {
    organisationId: uuid(org),
    contactId: uuid(contact),
    verify: (key) => {
      const expected = Buffer.from(mac(key, `${org}${contact}`));
      const actual = Buffer.from(signature);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}

export type OptOutTarget = { ok: true; channel: string; language: string; optedOut: boolean } | { ok: false };

/**
 * What an opt-out link points at, changing nothing: a GET of the link only shows this (mail
 * scanners open links), and the opt-out itself takes a POST (optOut). `language` is the
 * contact's, else its customer's.
 */
export async function optOutTarget(db: Db, token: string): Promise<OptOutTarget> {
  const verified = await verify(db, token);
  if (!verified) return { ok: false };
  const contact = await contactConsent(db, verified.org.id, verified.contactId);
  return contact ? { ok: true, channel: contact.channel, language: contact.language, optedOut: contact.consent === 'opted_out' } : { ok: false };
}

/** Applies a verified opt-out: the contact's consent becomes opted_out, on the record. */
export async function optOut(db: Db, token: string, now: Date): Promise<{ ok: true; channel: string; language: string } | { ok: false }> {
  const verified = await verify(db, token);
  if (!verified) return { ok: false };
  const { org, contactId } = verified;
  return inTransaction(db, async (trx) => {
    const contact = await optOutContact(trx, org.id, contactId, now, 'opt-out link');
    if (!contact) return { ok: false as const };
    return { ok: true as const, channel: contact.channel, language: contact.language ?? (await customerLanguage(trx, org.id, contact.customer_id)) };
  });
}

/** The debtor opts a contact out (by the link, or on the portal: `via`), on the contact record. */
export async function optOutContact(trx: Tx, organisationId: string, contactId: string, now: Date, via: string, channel?: string) {
  const contact = await optOutContactRow(trx, organisationId, contactId, now);
  if (!contact) return undefined;
  await appendInteraction(trx, organisationId, {
    occurredAt: now,
    customerId: contact.customer_id,
    actor: 'debtor',
    channel: channel ?? contact.channel,
    kind: 'consent_opted_out',
    content: { contact_id: contactId, address: contact.address, via },
  });
  return contact;
}

async function verify(db: Db, token: string): Promise<{ org: Organisation; contactId: string } | null> {
  const parsed = readOptOutToken(token);
  if (!parsed) return null;
  const org = await findOrganisationById(db, parsed.organisationId);
  if (!org || !parsed.verify(await signingKey(db, org))) return null;
  return { org, contactId: parsed.contactId };
}

function mac(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
