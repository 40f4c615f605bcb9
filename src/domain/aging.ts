import { daysBetween, type IsoDate } from './dates.ts';

/**
 * Aging: open receivables grouped by how many days past due they are on a date.
 * Buckets come from ascending upper bounds: [30, 60, 90] → current, 1-30, 31-60, 61-90, 90+.
 */
export interface AgingBuckets {
  readonly labels: readonly string[];
  /** Upper bound of days overdue of each bucket after "current"; the last bucket is open. */
  readonly bounds: readonly number[];
}

const defaultAgingBounds = [30, 60, 90] as const;

export function agingBuckets(bounds: readonly number[] = defaultAgingBounds): AgingBuckets {
  if (bounds.length === 0) throw new RangeError('aging needs at least one bucket bound');
  bounds.forEach((bound, index) => {
    if (!Number.isInteger(bound) || bound < 1) throw new RangeError(`aging bound ${bound} must be a whole number of days ≥ 1`);
    if (index > 0 && bound <= (bounds[index - 1] ?? 0)) throw new RangeError('aging bounds must be strictly ascending');
  });
  const labels = ['current'];
  let from = 1;
  for (const bound of bounds) {
    labels.push(`${from}-${bound}`);
    from = bound + 1;
  }
  labels.push(`${bounds.at(-1)}+`);
  return { labels, bounds };
}

/** Overdue on `asOf`: past the due date. An invoice due today is still current, as in aging. */
export function isOverdue(dueDate: IsoDate, asOf: IsoDate): boolean {
  return daysBetween(dueDate, asOf) > 0;
}

/** Index into labels: 0 = current (not yet due, or due today). */
export function bucketIndex(daysOverdue: number, buckets: AgingBuckets): number {
  if (daysOverdue <= 0) return 0;
  const index = buckets.bounds.findIndex((bound) => daysOverdue <= bound);
  return index === -1 ? buckets.bounds.length + 1 : index + 1;
}

export interface AgingReceivable {
  readonly customerId: string;
  readonly currency: string;
  readonly dueDate: IsoDate;
  /** Open amount on the as-of date, minor units. */
  readonly openMinor: number;
}

export interface AgingLine {
  readonly customerId: string;
  readonly currency: string;
  /** Per bucket, minor units, in the order of buckets.labels. */
  readonly byBucket: number[];
  readonly total: number;
  readonly oldestDaysOverdue: number;
}

export interface AgingTotals {
  readonly currency: string;
  readonly byBucket: number[];
  readonly total: number;
}

export interface Aging {
  readonly asOf: IsoDate;
  readonly buckets: AgingBuckets;
  /** One line per customer and currency with an open balance, ordered by customer then currency. */
  readonly lines: AgingLine[];
  readonly totals: AgingTotals[];
}

/** The reference implementation of aging; the SQL report must agree with it. */
export function ageReceivables(receivables: Iterable<AgingReceivable>, asOf: IsoDate, buckets: AgingBuckets): Aging {
  const width = buckets.labels.length;
  const lines = new Map<string, { customerId: string; currency: string; byBucket: number[]; total: number; oldestDaysOverdue: number }>();
  for (const receivable of receivables) {
    if (receivable.openMinor <= 0) continue;
    const key = `${receivable.customerId}\u0000${receivable.currency}`;
    let line = lines.get(key);
    if (!line) {
      line = { customerId: receivable.customerId, currency: receivable.currency, byBucket: new Array<number>(width).fill(0), total: 0, oldestDaysOverdue: 0 };
      lines.set(key, line);
    }
    const days = daysBetween(receivable.dueDate, asOf);
    const index = bucketIndex(days, buckets);
    line.byBucket[index] = (line.byBucket[index] ?? 0) + receivable.openMinor;
    line.total += receivable.openMinor;
    line.oldestDaysOverdue = Math.max(line.oldestDaysOverdue, days);
  }
  const sorted = [...lines.values()].sort((a, b) => compare(a.customerId, b.customerId) || compare(a.currency, b.currency));
  return { asOf, buckets, lines: sorted, totals: totalsOf(sorted, width) };
}

export function totalsOf(lines: readonly AgingLine[], width: number): AgingTotals[] {
  const totals = new Map<string, { currency: string; byBucket: number[]; total: number }>();
  for (const line of lines) {
    let total = totals.get(line.currency);
    if (!total) {
      total = { currency: line.currency, byBucket: new Array<number>(width).fill(0), total: 0 };
      totals.set(line.currency, total);
    }
    line.byBucket.forEach((amount, index) => {
      total.byBucket[index] = (total.byBucket[index] ?? 0) + amount;
    });
    total.total += line.total;
  }
  return [...totals.values()].sort((a, b) => compare(a.currency, b.currency));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
