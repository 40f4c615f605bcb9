import type { Db } from '../db/database.ts';
import { agingBuckets, totalsOf, type AgingBuckets, type AgingLine } from '../domain/aging.ts';
import { formatAmount } from '../domain/money.ts';
import { agingCells } from '../stores/reports.ts';
import type { OrgContext } from './org-context.ts';

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
export async function agingReport(db: Db, ctx: OrgContext, asOf: string, bounds?: readonly number[]): Promise<AgingReport> {
  const organisationId = ctx.org.id;
  const buckets = agingBuckets(bounds);
  // width_bucket(days, {1, 31, 61, 91}) → 0 for current, 1 for 1-30, …, 4 for 91+.
  const thresholds = [1, ...buckets.bounds.map((b) => b + 1)];
  const cells = await agingCells(db, organisationId, asOf, thresholds);

  const width = buckets.labels.length;
  const lines = new Map<string, { -readonly [K in keyof AgingCustomerLine]: AgingCustomerLine[K] }>();
  for (const row of cells) {
    const key = `${row.customer_id}\u0000${row.currency}`;
    let line = lines.get(key);
    if (!line) {
      line = {
        customerId: row.customer_id,
        externalId: row.external_id,
        name: row.name,
        currency: row.currency,
        byBucket: new Array<number>(width).fill(0),
        total: 0,
        oldestDaysOverdue: 0,
      };
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
