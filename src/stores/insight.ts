import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * Reporting reads across aggregates for the insight use cases (collection metrics, payment
 * behaviour): dated history only, so a past period always reads the same. Promise and dispute
 * history come from their own stores.
 */

/**
 * Credit sales per currency and issue date in [from, to]: plan instalments restructure debt
 * already sold, and an invoice voided by `to` was never a sale.
 */
export async function salesByIssueDate(
  db: Db | Tx,
  organisationId: string,
  from: IsoDate,
  to: IsoDate,
): Promise<{ currency: string; issue_date: string; amount: number }[]> {
  const result = await sql<{ currency: string; issue_date: string; amount: number }>`
    select currency, to_char(issue_date, 'YYYY-MM-DD') as issue_date, sum(amount_minor)::bigint as amount
    from invoices
    where organisation_id = ${organisationId} and issue_date between ${from}::date and ${to}::date
      and parent_invoice_id is null and (voided_on is null or voided_on > ${to}::date)
    group by currency, issue_date`.execute(db);
  return result.rows;
}

/** Every invoice of some customers (null: all of the organisation), with the dates that make their history. */
export function invoicesOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('invoices')
    .select(['id', 'customer_id', 'currency', 'issue_date', 'due_date', 'amount_minor', 'voided_on', 'written_off_on', 'parent_invoice_id'])
    .where('organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('customer_id', 'in', [...customerIds!]))
    .execute();
}

/** Every allocation to some customers' invoices, reversed ones included. */
export function allocationsOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['i.customer_id', 'a.invoice_id', 'a.amount_minor', 'a.allocated_on', 'a.reversed_on'])
    .where('a.organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('i.customer_id', 'in', [...customerIds!]))
    .execute();
}

/** Some customers' payment plans. */
export function plansOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('payment_plans')
    .select(['customer_id', 'status', 'closed_on'])
    .where('organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('customer_id', 'in', [...customerIds!]))
    .execute();
}

/** Which invoices of some customers plans covered, and from when until when. */
export function planCoverageOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('payment_plan_invoices as ppi')
    .innerJoin('payment_plans as pp', (j) => j.onRef('pp.organisation_id', '=', 'ppi.organisation_id').onRef('pp.id', '=', 'ppi.plan_id'))
    .select(['ppi.invoice_id', 'pp.created_on', 'pp.closed_on'])
    .where('ppi.organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('pp.customer_id', 'in', [...customerIds!]))
    .execute();
}
