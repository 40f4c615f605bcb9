import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Read models of the reports: aging as of a date and the accounting export of charges. Each
 * is one query computed in the database, so it scales to millions of invoices.
 */

export interface AgingCellRow {
  customer_id: string;
  external_id: string;
  name: string;
  currency: string;
  bucket: number;
  open_minor: number;
  oldest: number;
}

/**
 * Open amounts as of `asOf` summed per customer, currency and bucket (width_bucket over
 * `thresholds` days overdue), with the oldest days overdue of each cell. An invoice's booked
 * late charges still open count with it, in its bucket. Historically right: invoices issued,
 * payments allocated, charges booked, reversals, voids, write-offs, credit notes, adjustments
 * and edits of amount or due date after `asOf` do not count, and invoices covered by a payment
 * plan active on `asOf` give way to the plan's instalments.
 */
export async function agingCells(db: Db, organisationId: string, asOf: string, thresholds: readonly number[]): Promise<AgingCellRow[]> {
  const rows = await sql<AgingCellRow>`
    with paid as (
      select invoice_id, sum(amount_minor) as paid
      from allocations
      where organisation_id = ${organisationId} and allocated_on <= ${asOf}::date
        and (reversed_on is null or reversed_on > ${asOf}::date)
      group by invoice_id
    ), later_amounts as (
      -- The invoices row holds today's amount: undo the changes that took effect after asOf.
      select invoice_id, sum(amount_delta_minor) as delta
      from invoice_adjustments
      where organisation_id = ${organisationId} and effective_on > ${asOf}::date
      group by invoice_id
    ), due_then as (
      -- Only invoices with a due-date change after asOf had another due date then: the one set
      -- by the last change in effect on asOf, else the one the first change replaced.
      select distinct on (invoice_id) invoice_id,
             case when effective_on <= ${asOf}::date then due_date else previous_due_date end as due_date
      from invoice_adjustments
      where organisation_id = ${organisationId} and kind = 'due_date_change'
        and invoice_id in (select invoice_id from invoice_adjustments
                           where organisation_id = ${organisationId} and kind = 'due_date_change' and effective_on > ${asOf}::date)
      order by invoice_id, effective_on <= ${asOf}::date desc,
               case when effective_on <= ${asOf}::date then effective_on end desc nulls last,
               case when effective_on <= ${asOf}::date then id end desc nulls last, effective_on, id
    ), charge_paid as (
      select charge_key, sum(amount_minor) as paid
      from charge_allocations
      where organisation_id = ${organisationId} and allocated_on <= ${asOf}::date
        and (reversed_on is null or reversed_on > ${asOf}::date)
      group by charge_key
    ), charges as (
      -- Booked late charges are owed with their invoice (a plan's are carried by its instalments);
      -- a discount booked by a payment settles part of the principal from its date.
      select c.invoice_id,
             sum(case when c.component = 'discount' then -c.amount_minor else c.amount_minor - coalesce(cp.paid, 0) end) as open_minor
      from invoice_charges c
      left join charge_paid cp on cp.charge_key = c.key
      where c.organisation_id = ${organisationId} and c.as_of <= ${asOf}::date and c.plan_id is null
        and (c.reversed_on is null or c.reversed_on > ${asOf}::date)
      group by c.invoice_id
    ), open as (
      select i.customer_id, i.currency, ${asOf}::date - coalesce(d.due_date, i.due_date) as days,
             i.amount_minor - coalesce(l.delta, 0) - coalesce(p.paid, 0) + coalesce(ch.open_minor, 0) as open_minor
      from invoices i
      left join paid p on p.invoice_id = i.id
      left join later_amounts l on l.invoice_id = i.id
      left join due_then d on d.invoice_id = i.id
      left join charges ch on ch.invoice_id = i.id
      where i.organisation_id = ${organisationId} and i.issue_date <= ${asOf}::date
        and (i.voided_on is null or i.voided_on > ${asOf}::date)
        -- Written off on asOf unless the write-off was reversed by then (write_offs keeps both dates).
        and not exists (
          select 1 from write_offs w
          where w.organisation_id = i.organisation_id and w.invoice_id = i.id
            and w.written_off_on <= ${asOf}::date and (w.reversed_on is null or w.reversed_on > ${asOf}::date))
        -- While a payment plan is active its instalments carry the debt, not the invoices it covers.
        and not exists (
          select 1 from payment_plan_invoices ppi
          join payment_plans pp on pp.organisation_id = ppi.organisation_id and pp.id = ppi.plan_id
          where ppi.organisation_id = i.organisation_id and ppi.invoice_id = i.id
            and pp.created_on <= ${asOf}::date and (pp.closed_on is null or pp.closed_on > ${asOf}::date))
    ), cells as (
      select customer_id, currency, width_bucket(days, ${thresholds}::int[]) as bucket,
             sum(open_minor)::bigint as open_minor, max(days) as oldest
      from open where open_minor > 0
      group by customer_id, currency, bucket
    )
    -- Names joined after grouping: one lookup per customer line, in the same round trip.
    select cells.*, c.external_id, c.name from cells
    join customers c on c.organisation_id = ${organisationId} and c.id = cells.customer_id`.execute(db);
  return rows.rows;
}

export interface ChargeEntryRow {
  date: string;
  entry: string;
  component: string;
  invoice: string;
  number: string;
  customer: string;
  name: string;
  tax_id: string | null;
  currency: string;
  amount_minor: number;
  source: string;
  payment: string | null;
}

/**
 * The charge and discount entries dated between two dates (inclusive), ordered by date:
 * charge_booked / discount_granted when booked, charge_paid per amount a payment applied to a
 * charge, charge_payment_reversed when that payment bounced, discount_reversed when the payment
 * that earned a discount was reversed.
 */
export async function chargeEntries(db: Db, organisationId: string, from: string, to: string): Promise<ChargeEntryRow[]> {
  const rows = await sql<ChargeEntryRow>`
    with entries as (
      select c.as_of as date, case when c.component = 'discount' then 'discount_granted' else 'charge_booked' end as entry, 0 as ord,
             c.component, c.invoice_id, c.currency, c.amount_minor, c.source, c.payment_id
      from invoice_charges c where c.organisation_id = ${organisationId} and c.as_of between ${from}::date and ${to}::date
      union all
      select c.reversed_on, 'discount_reversed', 3, c.component, c.invoice_id, c.currency, c.amount_minor, c.source, c.payment_id
      from invoice_charges c where c.organisation_id = ${organisationId} and c.reversed_on between ${from}::date and ${to}::date
      union all
      select a.allocated_on, 'charge_paid', 1, c.component, c.invoice_id, c.currency, a.amount_minor, c.source, a.payment_id
      from charge_allocations a join invoice_charges c on c.organisation_id = a.organisation_id and c.key = a.charge_key
      where a.organisation_id = ${organisationId} and a.allocated_on between ${from}::date and ${to}::date
      union all
      select a.reversed_on, 'charge_payment_reversed', 2, c.component, c.invoice_id, c.currency, a.amount_minor, c.source, a.payment_id
      from charge_allocations a join invoice_charges c on c.organisation_id = a.organisation_id and c.key = a.charge_key
      where a.organisation_id = ${organisationId} and a.reversed_on between ${from}::date and ${to}::date
    )
    select e.date::text as date, e.entry, e.component, i.external_id as invoice, i.number, cu.external_id as customer, cu.name, cu.tax_id,
           e.currency, e.amount_minor, e.source, p.external_id as payment
    from entries e
    join invoices i on i.organisation_id = ${organisationId} and i.id = e.invoice_id
    join customers cu on cu.organisation_id = ${organisationId} and cu.id = i.customer_id
    left join payments p on p.organisation_id = ${organisationId} and p.id = e.payment_id
    order by e.date, e.ord, i.external_id, e.component, p.external_id`.execute(db);
  return rows.rows;
}
