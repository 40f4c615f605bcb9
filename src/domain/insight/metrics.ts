import { keptRate } from '../promise-stats.ts';

/**
 * Collection metrics of one currency over a period, from the period's figures (plain data,
 * integer minor units; no I/O, no clock). Ratios are plain numbers, rounded only for output.
 *
 * - DSO (standard)      = ending receivables ÷ credit sales of the period × days of the period
 * - best-possible DSO   = ending current (not yet overdue) receivables ÷ credit sales × days
 * - average days delinquent (ADD) = DSO − best-possible DSO
 * - countback DSO       = the days of sales, counted back month by month from the period's end,
 *                         that the ending receivables represent (see countbackDso)
 * - CEI                 = (beginning + credit sales − ending total) ÷ (beginning + credit sales − ending current) × 100
 * - share 90+           = receivables more than 90 days overdue at the end ÷ ending receivables
 * - promise-kept rate   = kept ÷ (kept + broken) of the promises that came due in the period
 *
 * A figure whose denominator is zero is null (no sales: no DSO).
 */
export interface PeriodFigures {
  /** Days in the period, both ends included. */
  readonly days: number;
  /** Open receivables at the end of the day before the period starts. */
  readonly beginningMinor: number;
  /** Invoices issued in the period (plan instalments are not sales). */
  readonly creditSalesMinor: number;
  /** Open receivables at the end of the period's last day … */
  readonly endingMinor: number;
  /** … of them not yet overdue … */
  readonly endingCurrentMinor: number;
  /** … and more than 90 days overdue. */
  readonly ending90PlusMinor: number;
  /** Credit sales of calendar-month windows ending on the period's last day, most recent first. */
  readonly monthlySales: readonly SalesWindow[];
  readonly promisesKept: number;
  readonly promisesBroken: number;
}

export interface SalesWindow {
  readonly salesMinor: number;
  readonly days: number;
}

export interface CollectionMetrics {
  readonly dso: number | null;
  readonly countbackDso: number | null;
  readonly bestPossibleDso: number | null;
  readonly averageDaysDelinquent: number | null;
  /** Percent, 0–100 (more than 100 when old debt was collected beyond the period's). */
  readonly cei: number | null;
  /** Fraction 0–1. */
  readonly share90Plus: number | null;
  readonly promiseKeptRate: number | null;
}

export function collectionMetrics(figures: PeriodFigures): CollectionMetrics {
  const dso = standardDso(figures.endingMinor, figures.creditSalesMinor, figures.days);
  const bestPossibleDso = standardDso(figures.endingCurrentMinor, figures.creditSalesMinor, figures.days);
  return {
    dso,
    countbackDso: countbackDso(figures.endingMinor, figures.monthlySales),
    bestPossibleDso,
    averageDaysDelinquent: dso === null || bestPossibleDso === null ? null : dso - bestPossibleDso,
    cei: collectionEffectivenessIndex(figures),
    share90Plus: figures.endingMinor === 0 ? null : figures.ending90PlusMinor / figures.endingMinor,
    promiseKeptRate: keptRate(figures.promisesKept, figures.promisesBroken),
  };
}

export function standardDso(receivablesMinor: number, creditSalesMinor: number, days: number): number | null {
  return creditSalesMinor <= 0 ? null : (receivablesMinor / creditSalesMinor) * days;
}

/**
 * Countback DSO: take the ending receivables, subtract the most recent window's sales and count
 * its days; go on back while the receivables exceed the sales; the last window counts the
 * fraction remaining ÷ its sales of its days. Receivables older than every window given count
 * every window's days (a floor: the metric is capped at the windows given).
 */
export function countbackDso(receivablesMinor: number, windows: readonly SalesWindow[]): number | null {
  if (windows.length === 0) return null;
  let remaining = receivablesMinor;
  let days = 0;
  for (const window of windows) {
    if (remaining <= 0) break;
    if (window.salesMinor >= remaining) return days + (remaining / window.salesMinor) * window.days;
    days += window.days;
    remaining -= window.salesMinor;
  }
  return days;
}

export interface CeiInput {
  readonly beginningMinor: number;
  readonly creditSalesMinor: number;
  readonly endingMinor: number;
  readonly endingCurrentMinor: number;
}

export function collectionEffectivenessIndex(input: CeiInput): number | null {
  const collectible = input.beginningMinor + input.creditSalesMinor - input.endingCurrentMinor;
  if (collectible <= 0) return null;
  return ((input.beginningMinor + input.creditSalesMinor - input.endingMinor) / collectible) * 100;
}
