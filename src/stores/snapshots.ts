import { sql } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Customer } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * The reads the cadence decides on and delivery re-checks and composes with: customers with
 * their contacts, open receivables, disputes, promises, unallocated credit and executed steps
 * (the snapshot), and what a message lists. Read-only, so they serve both the run and delivery.
 */

/** Up to `limit` customers with an open receivable issued by `asOf`, by id after `afterId`. */
export async function customersToDecide(db: Db, organisationId: string, asOf: IsoDate, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('customer_id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .where('issue_date', '<=', asOf)
    .where('customer_id', '>', afterId)
    .groupBy('customer_id')
    .orderBy('customer_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.customer_id);
}

/** These customers, ordered by id, locked for the transaction; those another process holds are skipped. */
export function lockCustomers(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<Customer[]> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', anyOf(customerIds))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

/**
 * The snapshot rows of the customers whose ids lie in [first, last]: pages are runs of
 * consecutive customer ids, and one index range scan per table reads them far faster than a
 * probe per id. Rows of customers in the range but not asked for are read too; callers leave them.
 */
export function snapshotRows(trx: Tx, organisationId: string, first: string, last: string, asOf: IsoDate) {
  return Promise.all([
    trx
      .selectFrom('contacts')
      .select(['id', 'customer_id', 'channel', 'address', 'consent', 'language', 'timezone', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '>=', first)
      .where('customer_id', '<=', last)
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('invoices')
      .select(['id', 'customer_id', 'currency', 'due_date', 'amount_minor', 'paid_minor'])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '>=', first)
      .where('customer_id', '<=', last)
      .where('status', '=', 'open')
      .where('issue_date', '<=', asOf)
      .execute(),
    trx
      .selectFrom('disputes')
      .innerJoin('invoices', (j) => j.onRef('invoices.organisation_id', '=', 'disputes.organisation_id').onRef('invoices.id', '=', 'disputes.invoice_id'))
      .select('disputes.invoice_id')
      .where('disputes.organisation_id', '=', organisationId)
      .where('invoices.customer_id', '>=', first)
      .where('invoices.customer_id', '<=', last)
      .where('disputes.status', '=', 'open')
      .execute(),
    trx
      .selectFrom('promises')
      .select(['invoice_ids', 'promised_date', 'grace_days'])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '>=', first)
      .where('customer_id', '<=', last)
      .where('status', '=', 'pending')
      .execute(),
    trx
      .selectFrom('payments')
      .select(['customer_id', 'currency', sql<number>`sum(amount_minor - allocated_minor)`.as('credit')])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '>=', first)
      .where('customer_id', '<=', last)
      .where('status', '=', 'posted')
      .whereRef('allocated_minor', '<', 'amount_minor')
      .groupBy(['customer_id', 'currency'])
      .execute(),
    trx
      .selectFrom('step_executions')
      .select(['customer_id', 'receivable_id', 'policy_name', 'step_id', 'executed_on', 'outcome'])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '>=', first)
      .where('customer_id', '<=', last)
      .execute(),
  ] as const);
}

// ── What a message lists ──

export function contactNameAndAddress(trx: Tx, organisationId: string, contactId: string): Promise<{ name: string | null; address: string } | undefined> {
  return trx.selectFrom('contacts').select(['name', 'address']).where('organisation_id', '=', organisationId).where('id', '=', contactId).executeTakeFirst();
}

/** These invoices while still open, oldest due first. */
export function openInvoicesOf(trx: Tx, organisationId: string, invoiceIds: readonly string[]) {
  return trx
    .selectFrom('invoices')
    .select(['id', 'number', 'issue_date', 'due_date', 'amount_minor', 'paid_minor', 'currency'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', invoiceIds.length > 0 ? [...invoiceIds] : ['00000000-0000-0000-0000-000000000000'])
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
}

/** The payment-plan instalments among these invoices, earliest due first. */
export function planInstalmentRows(trx: Tx, organisationId: string, invoiceIds: readonly string[]): Promise<{ invoice_id: string; due_date: IsoDate }[]> {
  return trx
    .selectFrom('payment_plan_instalments')
    .select(['invoice_id', 'due_date'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', [...invoiceIds])
    .orderBy('due_date')
    .execute();
}

/** A payment a receipt names, and the invoices it settled with the amount applied to each (live allocations), oldest due first. */
export async function paymentWithAllocations(trx: Tx, organisationId: string, paymentId: string) {
  const payment = await trx
    .selectFrom('payments')
    .select(['amount_minor', 'currency', 'received_on', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .executeTakeFirstOrThrow();
  const allocations = await trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['i.number', 'i.issue_date', 'i.due_date', 'a.amount_minor'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', paymentId)
    .where('a.reversed_on', 'is', null)
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  return { payment, allocations };
}

/** One customer, without locking it. */
export function customerById(trx: Tx, organisationId: string, customerId: string): Promise<Customer> {
  return trx.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId).where('id', '=', customerId).executeTakeFirstOrThrow();
}
