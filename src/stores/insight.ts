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

/**
 * Every (message, invoice) pair of the messages sent on days in [from, to] (days in `timezone`),
 * with the message's step and template: the touches of recovery by step and template.
 */
export async function messagesSentOnInvoices(
  db: Db | Tx,
  organisationId: string,
  timezone: string,
  from: IsoDate,
  to: IsoDate,
): Promise<{ message_id: string; policy_name: string; step_id: string; template: string; invoice_id: string; sent_on: string }[]> {
  const result = await sql<{ message_id: string; policy_name: string; step_id: string; template: string; invoice_id: string; sent_on: string }>`
    select m.id as message_id, m.policy_name, m.step_id, m.template, r.invoice_id,
      to_char((m.sent_at at time zone ${timezone})::date, 'YYYY-MM-DD') as sent_on
    from outbox_messages m cross join lateral unnest(m.receivable_ids) as r(invoice_id)
    where m.organisation_id = ${organisationId} and m.sent_at is not null
      and m.sent_at >= (${from}::date::timestamp at time zone ${timezone})
      and m.sent_at < ((${to}::date + 1)::timestamp at time zone ${timezone})`.execute(db);
  return result.rows;
}

/** Some invoices' amounts, and every allocation to them (reversed ones included). */
export async function invoicesWithAllocations(db: Db | Tx, organisationId: string, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return { invoices: [], allocations: [] };
  const ids = [...invoiceIds];
  const [invoices, allocations] = await Promise.all([
    sql<{ id: string; currency: string; amount_minor: number }>`
      select id, currency, amount_minor from invoices where organisation_id = ${organisationId} and id = any(${ids}::uuid[])`.execute(db),
    sql<{ invoice_id: string; amount_minor: number; allocated_on: string; reversed_on: string | null }>`
      select invoice_id, amount_minor, to_char(allocated_on, 'YYYY-MM-DD') as allocated_on, to_char(reversed_on, 'YYYY-MM-DD') as reversed_on
      from allocations where organisation_id = ${organisationId} and invoice_id = any(${ids}::uuid[])`.execute(db),
  ]);
  return { invoices: invoices.rows, allocations: allocations.rows };
}

/** Every invoice of the organisation, with the dates that make its history, and which plans covered it when (the cash forecast). */
export async function organisationInvoiceHistory(db: Db | Tx, organisationId: string) {
  const [invoices, allocations, coverage] = await Promise.all([
    db
      .selectFrom('invoices')
      .select(['id', 'customer_id', 'currency', 'issue_date', 'due_date', 'amount_minor', 'voided_on', 'written_off_on', 'parent_invoice_id'])
      .where('organisation_id', '=', organisationId)
      .execute(),
    db.selectFrom('allocations').select(['invoice_id', 'amount_minor', 'allocated_on', 'reversed_on']).where('organisation_id', '=', organisationId).execute(),
    db
      .selectFrom('payment_plan_invoices as ppi')
      .innerJoin('payment_plans as pp', (j) => j.onRef('pp.organisation_id', '=', 'ppi.organisation_id').onRef('pp.id', '=', 'ppi.plan_id'))
      .select(['ppi.invoice_id', 'pp.created_on', 'pp.closed_on'])
      .where('ppi.organisation_id', '=', organisationId)
      .execute(),
  ]);
  return { invoices, allocations, coverage };
}
