import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Customer, CustomerStatus, CustomerTable } from '../db/schema.ts';
import type { CustomerRecord } from '../domain/customer.ts';
import type { RecordRef } from '../use-cases/record-ref.ts';

/** A validated customer's columns, as the customers table (and the import's staging table) name them. */
export function customerColumns(c: CustomerRecord) {
  return {
    external_id: c.externalId,
    name: c.name,
    tax_id: c.taxId,
    tax_id_kind: c.taxIdKind,
    party_type: c.partyType,
    country: c.country,
    language: c.language,
    timezone: c.timezone,
    segment: c.segment,
    credit_limit_minor: c.creditLimitMinor,
  };
}

/** The customer a reference names (uuid, already checked well formed, or external id); `lock` holds it for this transaction. */
export async function customerByRef(db: Db | Tx, organisationId: string, ref: RecordRef, options: { lock?: boolean } = {}): Promise<Customer | undefined> {
  let query = db.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId);
  query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('external_id', '=', ref.externalId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Inserts a customer; undefined when the external id is already taken. */
export async function insertCustomer(
  db: Db | Tx,
  organisationId: string,
  values: Omit<Insertable<CustomerTable>, 'organisation_id'>,
): Promise<{ id: string } | undefined> {
  return db
    .insertInto('customers')
    .values({ ...values, organisation_id: organisationId })
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export async function updateCustomerRow(db: Db | Tx, organisationId: string, id: string, values: Updateable<CustomerTable>): Promise<void> {
  await db.updateTable('customers').set(values).where('organisation_id', '=', organisationId).where('id', '=', id).execute();
}

/** Open balance (amount minus paid of open invoices) per currency, ordered by currency. */
export async function openBalancesOf(db: Db | Tx, organisationId: string, customerId: string): Promise<{ currency: string; amountMinor: number }[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['currency', sql<number>`sum(amount_minor - paid_minor)::bigint`.as('open_minor')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((b) => ({ currency: b.currency, amountMinor: b.open_minor }));
}

export interface CustomerSearch {
  /** LIKE patterns, already escaped: a lower-case name prefix, an external id prefix, a normalised tax id prefix. */
  namePrefix?: string;
  externalIdPrefix?: string;
  taxIdPrefix?: string;
  country?: string;
  segment?: string;
  status?: CustomerStatus;
  /** Keyset: external ids after this one. */
  afterExternalId?: string;
  limit: number;
}

/** Customers ordered by external_id (unique per organisation, so the keyset never ties). */
export async function searchCustomers(db: Db | Tx, organisationId: string, search: CustomerSearch): Promise<Customer[]> {
  let query = db.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId);
  const { namePrefix, externalIdPrefix, taxIdPrefix } = search;
  if (namePrefix !== undefined && externalIdPrefix !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), 'like', `${namePrefix}%`),
        eb(eb.fn('lower', ['name']), 'like', `% ${namePrefix}%`),
        eb('external_id', 'like', `${externalIdPrefix}%`),
        ...(taxIdPrefix ? [eb('tax_id', 'like', `${taxIdPrefix}%`)] : []),
      ]),
    );
  }
  if (search.country) query = query.where('country', '=', search.country);
  if (search.segment) query = query.where('segment', '=', search.segment);
  if (search.status) query = query.where('status', '=', search.status);
  if (search.afterExternalId !== undefined) query = query.where('external_id', '>', search.afterExternalId);
  return query.orderBy('external_id').limit(search.limit).execute();
}

/**
 * The saved cadence policy of this name, if any (a customer's own policy must name one).
 * Reads cadence_policies: it belongs with the policies store once there is one.
 */
export async function savedPolicyName(db: Db | Tx, organisationId: string, name: string): Promise<string | undefined> {
  const found = await db
    .selectFrom('cadence_policies')
    .select('name')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .limit(1)
    .executeTakeFirst();
  return found?.name;
}

export async function customerLanguage(db: Db | Tx, organisationId: string, customerId: string): Promise<string> {
  const row = await db
    .selectFrom('customers')
    .select('language')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.language;
}
