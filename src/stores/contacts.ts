import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Consent, Contact, ContactChannel, ContactTable } from '../db/schema.ts';

export function contactById(db: Db | Tx, organisationId: string, id: string, options: { lock?: boolean } = {}): Promise<Contact | undefined> {
  const query = db.selectFrom('contacts').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** A customer's contacts ordered by channel and address (unique per customer), after the keyset `after` when given. */
export function contactsOfCustomer(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
  page: { after?: readonly [ContactChannel, string]; limit?: number } = {},
): Promise<Contact[]> {
  let query = db.selectFrom('contacts').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customerId);
  const after = page.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('channel', 'address'), '>', eb.tuple(after[0], after[1])));
  query = query.orderBy('channel').orderBy('address');
  return (page.limit === undefined ? query : query.limit(page.limit)).execute();
}

/** Inserts a contact; undefined when the customer already has this channel and address. */
export function insertContact(db: Db | Tx, organisationId: string, values: Omit<Insertable<ContactTable>, 'organisation_id'>): Promise<Contact | undefined> {
  return db
    .insertInto('contacts')
    .values({ ...values, organisation_id: organisationId })
    .onConflict((oc) => oc.columns(['organisation_id', 'customer_id', 'channel', 'address']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Inserts several contacts of one customer (e.g. a new customer's billing addresses). */
export async function insertContacts(db: Db | Tx, organisationId: string, rows: Omit<Insertable<ContactTable>, 'organisation_id'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('contacts')
    .values(rows.map((row) => ({ ...row, organisation_id: organisationId })))
    .execute();
}

export function updateContactRow(db: Db | Tx, organisationId: string, id: string, values: Updateable<ContactTable>): Promise<Contact> {
  return db.updateTable('contacts').set(values).where('organisation_id', '=', organisationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteContactRow(db: Db | Tx, organisationId: string, id: string): Promise<void> {
  await db.deleteFrom('contacts').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
}

/** The id of the customer's contact with this channel and address, if any. */
export async function contactIdWithAddress(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
  channel: ContactChannel,
  address: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .where('address', '=', address)
    .executeTakeFirst();
  return row?.id;
}

/** A contact's channel, consent and language (its own, else its customer's). */
export function contactConsent(
  db: Db | Tx,
  organisationId: string,
  contactId: string,
): Promise<{ channel: ContactChannel; consent: Consent; language: string } | undefined> {
  return db
    .selectFrom('contacts as c')
    .innerJoin('customers as u', (j) => j.onRef('u.organisation_id', '=', 'c.organisation_id').onRef('u.id', '=', 'c.customer_id'))
    .select(['c.channel', 'c.consent', sql<string>`coalesce(c.language, u.language)`.as('language')])
    .where('c.organisation_id', '=', organisationId)
    .where('c.id', '=', contactId)
    .executeTakeFirst();
}

/** Marks the contact opted out at `now`; undefined when there is no such contact. */
export function optOutContactRow(
  db: Db | Tx,
  organisationId: string,
  contactId: string,
  now: Date,
): Promise<{ customer_id: string; channel: ContactChannel; address: string; language: string | null } | undefined> {
  return db
    .updateTable('contacts')
    .set({ consent: 'opted_out', consent_changed_at: now, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', contactId)
    .returning(['customer_id', 'channel', 'address', 'language'])
    .executeTakeFirst();
}
