import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { agingBuckets, totalsOf, type AgingBuckets, type AgingLine } from '../domain/aging.ts';
import { formatAmount } from '../domain/money.ts';

export interface AgingCustomerLine extends AgingLine {
  externalId: string;
  name: string;
}

export interface AgingReport {
  asOf: string;
  buckets: AgingBuckets;
  lines: AgingCustomerLine[];
  totals: ReturnType<typeof totalsOf>;
}

/**
 * Aging as of a date, computed in the database (one grouped query) so it scales to millions
 * of invoices. An invoice's booked late charges still open count with it, in its bucket.
 * Historically right: invoices issued, payments allocated, charges booked, reversals, voids,
 * write-offs, credit notes, adjustments and edits of amount or due date after `asOf` do not
 * count, and invoices covered by a payment plan active on `asOf` give way to the plan's
 * instalments. Agrees with an independent model over event lists (test/integration/aging.test.ts).
 */
export async function agingReport(db: Db, organisationId: string, asOf: string, bounds?: readonly number[]): Promise<AgingReport> {
  const buckets = agingBuckets(bounds);
  // width_bucket(days, {1, 31, 61, 91}) → 0 for current, 1 for 1-30, …, 4 for 91+.
  const thresholds = [1, ...buckets.bounds.map((b) => b + 1)];
  const rows = await sql<{ customer_id: string; external_id: string; name: string; currency: string; bucket: number; open_minor: number; oldest: number }>`
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

  const width = buckets.labels.length;
  const lines = new Map<string, { -readonly [K in keyof AgingCustomerLine]: AgingCustomerLine[K] }>();
  for (const row of rows.rows) {
    const key = `${row.customer_id}\u0000${row.currency}`;
    let line = lines.get(key);
    if (!line) {
      line = { customerId: row.customer_id, externalId: row.external_id, name: row.name, currency: row.currency, byBucket: new Array<number>(width).fill(0), total: 0, oldestDaysOverdue: 0 };
      lines.set(key, line);
    }
    line.byBucket[row.bucket] = (line.byBucket[row.bucket] ?? 0) + row.open_minor;
    line.total += row.open_minor;
    line.oldestDaysOverdue = Math.max(line.oldestDaysOverdue, row.oldest);
  }
  const named = [...lines.values()].sort((a, b) => cmp(a.externalId, b.externalId) || cmp(a.currency, b.currency));
  return { asOf, buckets, lines: named, totals: totalsOf(named, width) };
}

/** The JSON shape of DESIGN.md §4 (`regua aging --format json`, GET /api/v1/reports/aging). */
export function agingToJson(report: AgingReport) {
  const byBucket = (amounts: number[], currency: string) =>
    Object.fromEntries(report.buckets.labels.map((label, i) => [label, formatAmount(amounts[i] ?? 0, currency)]));
  return {
    as_of: report.asOf,
    buckets: [...report.buckets.labels],
    totals: report.totals.map((t) => ({ currency: t.currency, by_bucket: byBucket(t.byBucket, t.currency), total: formatAmount(t.total, t.currency) })),
    customers: report.lines.map((l) => ({
      external_id: l.externalId,
      name: l.name,
      currency: l.currency,
      by_bucket: byBucket(l.byBucket, l.currency),
      total: formatAmount(l.total, l.currency),
      oldest_days_overdue: Math.max(0, l.oldestDaysOverdue),
    })),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
