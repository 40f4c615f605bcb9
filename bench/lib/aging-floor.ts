import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { AgingReport } from '../../src/use-cases/aging-report.ts';

export interface FloorRow {
  customer_id: string;
  currency: string;
  bucket: number;
  open_minor: number;
}

/**
 * The hand-written lower bound for agingReport: the most direct single query for the open
 * balance per customer × currency × bucket as of a date — invoices joined with the grouped
 * sum of the allocations that count on that date, less the invoices a payment plan active on
 * that date covers. No names, no oldest-day figure, no post-processing. Buckets are the
 * default ones (current, 1-30, 31-60, 61-90, 90+).
 */
export async function agingFloor(db: Db, organisationId: string, asOf: string): Promise<FloorRow[]> {
  const result = await sql<FloorRow>`
    select i.customer_id, i.currency, width_bucket(${asOf}::date - i.due_date, array[1, 31, 61, 91]) as bucket,
           sum(i.amount_minor - coalesce(p.paid, 0))::bigint as open_minor
    from invoices i
    left join (
      select invoice_id, sum(amount_minor) as paid from allocations
      where organisation_id = ${organisationId} and allocated_on <= ${asOf}::date
        and (reversed_on is null or reversed_on > ${asOf}::date)
      group by invoice_id
    ) p on p.invoice_id = i.id
    where i.organisation_id = ${organisationId} and i.issue_date <= ${asOf}::date
      and (i.voided_on is null or i.voided_on > ${asOf}::date)
      and (i.written_off_on is null or i.written_off_on > ${asOf}::date)
      and i.amount_minor > coalesce(p.paid, 0)
      -- Same rule as the report: invoices under a payment plan active on the date give way to its instalments.
      and not exists (
        select 1 from payment_plan_invoices ppi join payment_plans pp on pp.organisation_id = ppi.organisation_id and pp.id = ppi.plan_id
        where ppi.organisation_id = i.organisation_id and ppi.invoice_id = i.id
          and pp.created_on <= ${asOf}::date and (pp.closed_on is null or pp.closed_on > ${asOf}::date))
    group by 1, 2, 3`.execute(db);
  return result.rows;
}

export interface Agreement {
  agree: boolean;
  /** customer × currency lines with an open balance. */
  lines: number;
  /** Grand total of open balances per currency, minor units, from the floor. */
  totals: Record<string, number>;
  mismatches: string[];
}

/** Compares the report with the floor cell by cell (customer × currency × bucket) and in total. */
export function compareAging(report: AgingReport, floor: readonly FloorRow[]): Agreement {
  const cells = new Map<string, number>();
  const totals: Record<string, number> = {};
  const floorLines = new Set<string>();
  for (const row of floor) {
    cells.set(`${row.customer_id} ${row.currency} ${row.bucket}`, row.open_minor);
    floorLines.add(`${row.customer_id} ${row.currency}`);
    totals[row.currency] = (totals[row.currency] ?? 0) + row.open_minor;
  }
  const mismatches: string[] = [];
  let cellsSeen = 0;
  for (const line of report.lines) {
    line.byBucket.forEach((amount, bucket) => {
      if (amount === 0) return;
      cellsSeen++;
      const expected = cells.get(`${line.customerId} ${line.currency} ${bucket}`);
      if (expected !== amount) mismatches.push(`${line.externalId} ${line.currency} bucket ${bucket}: report ${amount}, floor ${expected ?? 'none'}`);
    });
  }
  // Cells the floor has but the report lacks (zero-sum cells cannot occur: every row is > 0).
  if (cellsSeen !== cells.size) mismatches.push(`report has ${cellsSeen} non-zero cells, floor has ${cells.size}`);
  if (report.lines.length !== floorLines.size) mismatches.push(`report has ${report.lines.length} lines, floor has ${floorLines.size}`);
  for (const total of report.totals) {
    if (total.total !== (totals[total.currency] ?? 0)) mismatches.push(`${total.currency} total: report ${total.total}, floor ${totals[total.currency] ?? 0}`);
  }
  if (report.totals.length !== Object.keys(totals).length)
    mismatches.push(`report has ${report.totals.length} currencies, floor has ${Object.keys(totals).length}`);
  return { agree: mismatches.length === 0, lines: floorLines.size, totals, mismatches: mismatches.slice(0, 10) };
}
