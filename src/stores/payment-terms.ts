import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Customer, PaymentTermsScope } from '../db/schema.ts';
import { paymentTermsOfCustomer, type PaymentTermsRules, type StoredPaymentTerms } from '../domain/payment-terms.ts';

/** Versioned payment terms, and customers' acknowledgements of them. */

/** Every stored version of the organisation's payment terms (a handful), for paymentTermsOfCustomer. */
export async function storedPaymentTerms(db: Db | Tx, organisationId: string): Promise<StoredPaymentTerms[]> {
  const rows = await db
    .selectFrom('payment_terms')
    .select(['id', 'name', 'scope', 'segment', 'is_default', 'version', 'rules'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scope: r.scope, segment: r.segment, isDefault: r.is_default, version: r.version, rules: r.rules }));
}

/** The customer's own terms, else its segment's, else the organisation's default, else the country's. */
export async function paymentTermsFor(
  db: Db | Tx,
  organisationId: string,
  customer: Pick<Customer, 'payment_terms_id' | 'country' | 'segment'>,
): Promise<PaymentTermsRules> {
  const stored = await storedPaymentTerms(db, organisationId);
  return paymentTermsOfCustomer(stored, { paymentTermsId: customer.payment_terms_id, segment: customer.segment, country: customer.country });
}

/** One writer of payment terms per organisation at a time, so two saves cannot take the same version (held until the transaction ends). */
export async function lockTermsWriter(trx: Tx, organisationId: string): Promise<void> {
  await sql`select id from organisations where id = ${organisationId} for update`.execute(trx);
}

/** The highest version saved under a name (0 when none). */
export async function latestTermsVersion(trx: Tx, organisationId: string, name: string): Promise<number> {
  const latest = await trx
    .selectFrom('payment_terms')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return latest?.version ?? 0;
}

/** Saves a version of terms; a new organisation default replaces the old one. */
export async function insertPaymentTerms(
  trx: Tx,
  organisationId: string,
  values: { name: string; version: number; scope: PaymentTermsScope; segment: string | null; customerId: string | null; rules: PaymentTermsRules },
) {
  const isDefault = values.scope === 'organisation';
  if (isDefault)
    await trx.updateTable('payment_terms').set({ is_default: false }).where('organisation_id', '=', organisationId).where('is_default', '=', true).execute();
  return trx
    .insertInto('payment_terms')
    .values({
      organisation_id: organisationId,
      name: values.name,
      version: values.version,
      is_default: isDefault,
      rules: JSON.stringify(values.rules),
      scope: values.scope,
      segment: values.segment,
      customer_id: values.customerId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Points a customer at its own terms. */
export async function setCustomerPaymentTerms(trx: Tx, organisationId: string, customerId: string, termsId: string, now: Date): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ payment_terms_id: termsId, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', customerId)
    .execute();
}

/** Every version, newest first (optionally one scope), with the external id of the customer a version belongs to. */
export function paymentTermsVersions(db: Db | Tx, organisationId: string, scope?: PaymentTermsScope) {
  let query = db
    .selectFrom('payment_terms as t')
    .leftJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .select(['t.id', 't.name', 't.version', 't.scope', 't.segment', 't.is_default', 't.rules', 't.created_at', 'c.external_id as customer_external_id'])
    .where('t.organisation_id', '=', organisationId);
  if (scope) query = query.where('t.scope', '=', scope);
  return query.orderBy('t.created_at', 'desc').orderBy('t.name').orderBy('t.version', 'desc').execute();
}

export async function insertAcknowledgement(
  trx: Tx,
  organisationId: string,
  values: { customerId: string; termsId: string; termsVersion: number; channel: string; acknowledgedAt: Date; evidence: Record<string, string> },
): Promise<string> {
  const row = await trx
    .insertInto('policy_acknowledgements')
    .values({
      organisation_id: organisationId,
      customer_id: values.customerId,
      payment_terms_id: values.termsId,
      terms_version: values.termsVersion,
      channel: values.channel,
      acknowledged_at: values.acknowledgedAt,
      evidence: JSON.stringify(values.evidence),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
