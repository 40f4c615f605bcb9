import { addDays, minDate, type IsoDate } from './dates.ts';

/**
 * The rules of a promise to pay, in one place (no I/O, no clock: dates are inputs).
 *
 * - grace: a promise is kept when paid by promised date + grace days (default 2, 0 to 60);
 * - deadline: promised date + grace days; until then the cadence leaves its invoices alone;
 * - coverage: without named invoices a promise covers the customer's overdue invoices in its
 *   currency, oldest first, until their open amounts reach the promised amount;
 * - kept/broken: payments allocated to its invoices on or after the day it was made and on or
 *   before min(asOf, deadline), not reversed, add up to its amount → kept; asOf past the
 *   deadline and the sum short → broken; otherwise still pending.
 */

export const defaultGraceDays = 2;
const maxGraceDays = 60;

/** Why a grace period is not acceptable, or null when it is. */
export function graceDaysProblem(graceDays: number): string | null {
  return Number.isSafeInteger(graceDays) && graceDays >= 0 && graceDays <= maxGraceDays ? null : `must be a whole number of days from 0 to ${maxGraceDays}`;
}

/** The last day a payment still counts towards the promise; the cadence pauses until then. */
export function promiseDeadline(promisedDate: IsoDate, graceDays: number): IsoDate {
  return addDays(promisedDate, graceDays);
}

export interface CoverableInvoice {
  amount_minor: number;
  paid_minor: number;
}

/** What is still open on some invoices. */
export function openOnInvoices(invoices: readonly CoverableInvoice[]): number {
  return invoices.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0);
}

/** The default coverage: `overdue` (already oldest first) taken in order until their open amounts reach `amountMinor`. */
export function defaultCoverage<T extends CoverableInvoice>(overdue: readonly T[], amountMinor: number): T[] {
  const covered: T[] = [];
  let open = 0;
  for (const invoice of overdue) {
    if (open >= amountMinor) break;
    covered.push(invoice);
    open += invoice.amount_minor - invoice.paid_minor;
  }
  return covered;
}

export interface PromiseTerms {
  /** The business date it was made on (the organisation's time zone). */
  madeOn: IsoDate;
  promisedDate: IsoDate;
  graceDays: number;
  amountMinor: number;
  invoiceIds: readonly string[];
}

export interface PromisePayment {
  invoiceId: string;
  amountMinor: number;
  allocatedOn: IsoDate;
  reversedOn: IsoDate | null;
}

export type PromiseOutcome = 'kept' | 'broken';

/** The days in which a payment counts towards the promise as of `asOf`: [madeOn, min(asOf, deadline)]. */
export function countingWindow(promise: Pick<PromiseTerms, 'madeOn' | 'promisedDate' | 'graceDays'>, asOf: IsoDate): { from: IsoDate; until: IsoDate } {
  return { from: promise.madeOn, until: minDate(asOf, promiseDeadline(promise.promisedDate, promise.graceDays)) };
}

/** What was paid towards the promise as of `asOf`: unreversed allocations to its invoices within its counting window. */
export function paidTowards(promise: PromiseTerms, payments: readonly PromisePayment[], asOf: IsoDate): number {
  const { from, until } = countingWindow(promise, asOf);
  const invoices = new Set(promise.invoiceIds);
  return payments
    .filter((p) => invoices.has(p.invoiceId) && p.reversedOn === null && p.allocatedOn >= from && p.allocatedOn <= until)
    .reduce((sum, p) => sum + p.amountMinor, 0);
}

/** Kept when `paidMinor` reaches the amount; broken once `asOf` is past the deadline; else null (still pending). */
export function promiseOutcome(
  promise: Pick<PromiseTerms, 'promisedDate' | 'graceDays' | 'amountMinor'>,
  paidMinor: number,
  asOf: IsoDate,
): PromiseOutcome | null {
  if (paidMinor >= promise.amountMinor) return 'kept';
  return asOf > promiseDeadline(promise.promisedDate, promise.graceDays) ? 'broken' : null;
}

export interface PromiseSettlement {
  outcome: PromiseOutcome;
  /** What counted towards it, never more than the amount promised. */
  paidMinor: number;
  deadline: IsoDate;
}

/** The settlement of one pending promise as of `asOf`, or null while it stays pending. */
export function settlePromise(promise: PromiseTerms, payments: readonly PromisePayment[], asOf: IsoDate): PromiseSettlement | null {
  const paid = paidTowards(promise, payments, asOf);
  const outcome = promiseOutcome(promise, paid, asOf);
  return outcome ? { outcome, paidMinor: Math.min(paid, promise.amountMinor), deadline: promiseDeadline(promise.promisedDate, promise.graceDays) } : null;
}
