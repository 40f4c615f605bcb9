import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
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
  const row = await db
    .updateTable('organisations')
    .set({ settings: sql`jsonb_set(settings, '{signing_key}', coalesce(settings->'signing_key', to_jsonb(${candidate}::text)))` })
    .where('id', '=', org.id)
    .returning(sql<string>`settings->>'signing_key'`.as('key'))
    .executeTakeFirstOrThrow();
  return row.key;
}

export function optOutToken(key: string, organisationId: string, contactId: string): string {
  const payload = `${organisationId.replaceAll('-', '')}${contactId.replaceAll('-', '')}`;
  return `${payload}.${mac(key, payload)}`;
}

export function readOptOutToken(token: string): { organisationId: string; contactId: string; verify(key: string): boolean } | null {
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

/** Applies a verified opt-out: the contact's consent becomes opted_out, on the record. */
export async function optOut(db: Db, token: string, now: Date): Promise<{ ok: true; channel: string } | { ok: false }> {
  const parsed = readOptOutToken(token);
  if (!parsed) return { ok: false };
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', parsed.organisationId).executeTakeFirst();
  if (!org || !parsed.verify(await signingKey(db, org))) return { ok: false };
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .updateTable('contacts')
      .set({ consent: 'opted_out', consent_changed_at: now, updated_at: now })
      .where('organisation_id', '=', org.id)
      .where('id', '=', parsed.contactId)
      .returning(['customer_id', 'channel', 'address'])
      .executeTakeFirst();
    if (!contact) return { ok: false as const };
    await appendInteraction(trx, org.id, { occurredAt: now, customerId: contact.customer_id, actor: 'debtor', channel: contact.channel, kind: 'consent_opted_out', content: { contact_id: parsed.contactId, address: contact.address, via: 'opt-out link' } });
    return { ok: true as const, channel: contact.channel };
  });
}

function mac(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
