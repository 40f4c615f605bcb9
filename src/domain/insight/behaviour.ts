import { ageReceivables, agingBuckets, type AgingReceivable } from '../aging.ts';
import { addDays, daysBetween, type IsoDate } from '../dates.ts';
import { statsFrom, type PromiseStats } from '../promise-stats.ts';

/**
 * A customer's payment behaviour as of a date, from its dated history (plain data; no I/O,
 * no clock). Only what happened on or before `asOf` counts: invoices issued, payments
 * allocated and not reversed by then, voids and write-offs by then.
 */
export interface BehaviourInvoice {
  readonly id: string;
  readonly currency: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly amountMinor: number;
  readonly voidedOn: IsoDate | null;
  readonly writtenOffOn: IsoDate | null;
  /** A payment plan's instalment: restructured debt, left out of the punctuality figures. */
  readonly instalment: boolean;
  /** Days a payment plan covered it (its instalments carry the debt then): [createdOn, closedOn). */
  readonly coveredByPlan: readonly { readonly from: IsoDate; readonly until: IsoDate | null }[];
}

export interface BehaviourAllocation {
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly allocatedOn: IsoDate;
  readonly reversedOn: IsoDate | null;
}

export interface BehaviourPromise {
  readonly madeOn: IsoDate;
  /** Promised date plus grace days: decided the day after. */
  readonly deadline: IsoDate;
  readonly status: 'pending' | 'kept' | 'broken' | 'cancelled';
}

export interface BehaviourHistory {
  readonly invoices: readonly BehaviourInvoice[];
  readonly allocations: readonly BehaviourAllocation[];
  readonly promises: readonly BehaviourPromise[];
  readonly disputesOpenedOn: readonly IsoDate[];
  readonly plans: readonly { readonly status: 'active' | 'completed' | 'broken' | 'cancelled'; readonly closedOn: IsoDate | null }[];
}

export type Trend = 'improving' | 'stable' | 'worsening';

export interface PaymentBehaviour {
  readonly asOf: IsoDate;
  /** Invoices fully paid by asOf (instalments left out). */
  readonly invoicesPaid: number;
  readonly paidLate: number;
  readonly paidOver30DaysLate: number;
  /** paidLate ÷ invoicesPaid; null before the first payment. */
  readonly sharePaidLate: number | null;
  /** Mean of max(0, paid on − due date) over the paid invoices. */
  readonly averageDaysLate: number | null;
  /** The same weighted by invoice amount (amounts in different currencies weigh as numbers). */
  readonly weightedDaysLate: number | null;
  readonly trend: {
    /** Average days late of the invoices paid in the last 90 days … */
    readonly recentAverageDaysLate: number | null;
    /** … and of those paid before. */
    readonly earlierAverageDaysLate: number | null;
    /** More than 5 days worse (or better) recently; null while either side is empty. */
    readonly direction: Trend | null;
  };
  readonly promises: PromiseStats;
  readonly disputes: number;
  readonly plansBroken: number;
  readonly writtenOff: number;
  /** The issue date of the first invoice (instalments left out); null without invoices. */
  readonly firstInvoiceOn: IsoDate | null;
  /** Open on asOf, due or not, per currency. */
  readonly open: readonly { readonly currency: string; readonly amountMinor: number }[];
  /** Open and past due on asOf, per currency. */
  readonly overdue: readonly { readonly currency: string; readonly amountMinor: number; readonly invoices: number; readonly oldestDaysOverdue: number }[];
  /** Days late of the paid invoices in the order they were paid (risk features read it). */
  readonly recentDaysLate: readonly number[];
}

const trendWindowDays = 90;
const trendThresholdDays = 5;

export function paymentBehaviour(history: BehaviourHistory, asOf: IsoDate): PaymentBehaviour {
  const effective = new Map<string, BehaviourAllocation[]>();
  for (const allocation of history.allocations) {
    if (allocation.allocatedOn > asOf || (allocation.reversedOn !== null && allocation.reversedOn <= asOf)) continue;
    const list = effective.get(allocation.invoiceId) ?? [];
    list.push(allocation);
    effective.set(allocation.invoiceId, list);
  }

  const paid: { paidOn: IsoDate; daysLate: number; amountMinor: number }[] = [];
  const open: AgingReceivable[] = [];
  let writtenOff = 0;
  let firstInvoiceOn: IsoDate | null = null;
  for (const invoice of history.invoices) {
    if (invoice.issueDate > asOf || (invoice.voidedOn !== null && invoice.voidedOn <= asOf)) continue;
    if (!invoice.instalment && (firstInvoiceOn === null || invoice.issueDate < firstInvoiceOn)) firstInvoiceOn = invoice.issueDate;
    if (invoice.writtenOffOn !== null && invoice.writtenOffOn <= asOf) {
      if (!invoice.instalment) writtenOff++;
      continue;
    }
    const allocations = (effective.get(invoice.id) ?? []).sort((a, b) => (a.allocatedOn < b.allocatedOn ? -1 : a.allocatedOn > b.allocatedOn ? 1 : 0));
    let cumulative = 0;
    let paidOn: IsoDate | null = null;
    for (const allocation of allocations) {
      cumulative += allocation.amountMinor;
      if (cumulative >= invoice.amountMinor) {
        paidOn = allocation.allocatedOn;
        break;
      }
    }
    if (paidOn !== null) {
      if (!invoice.instalment) paid.push({ paidOn, daysLate: Math.max(0, daysBetween(invoice.dueDate, paidOn)), amountMinor: invoice.amountMinor });
      continue;
    }
    const covered = invoice.coveredByPlan.some((p) => p.from <= asOf && (p.until === null || p.until > asOf));
    if (!covered) open.push({ customerId: '', currency: invoice.currency, dueDate: invoice.dueDate, openMinor: invoice.amountMinor - cumulative });
  }
  paid.sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));

  const recentFrom = addDays(asOf, -trendWindowDays + 1);
  const recent = average(paid.filter((p) => p.paidOn >= recentFrom).map((p) => p.daysLate));
  const earlier = average(paid.filter((p) => p.paidOn < recentFrom).map((p) => p.daysLate));
  const late = paid.filter((p) => p.daysLate > 0).length;
  const weight = paid.reduce((sum, p) => sum + p.amountMinor, 0);

  const promises = history.promises.filter((p) => p.madeOn <= asOf);
  const decided = (status: 'kept' | 'broken') => promises.filter((p) => p.status === status && p.deadline < asOf).length;
  const kept = decided('kept');
  const broken = decided('broken');
  const cancelled = promises.filter((p) => p.status === 'cancelled').length;

  // Overdue amounts by the aging rule: everything past the "current" bucket.
  const aging = ageReceivables(open, asOf, agingBuckets());
  return {
    asOf,
    invoicesPaid: paid.length,
    paidLate: late,
    paidOver30DaysLate: paid.filter((p) => p.daysLate > 30).length,
    sharePaidLate: paid.length === 0 ? null : late / paid.length,
    averageDaysLate: average(paid.map((p) => p.daysLate)),
    weightedDaysLate: weight === 0 ? null : paid.reduce((sum, p) => sum + p.daysLate * p.amountMinor, 0) / weight,
    trend: {
      recentAverageDaysLate: recent,
      earlierAverageDaysLate: earlier,
      direction:
        recent === null || earlier === null
          ? null
          : recent - earlier > trendThresholdDays
            ? 'worsening'
            : earlier - recent > trendThresholdDays
              ? 'improving'
              : 'stable',
    },
    promises: statsFrom(kept, broken, promises.length - kept - broken - cancelled, cancelled),
    disputes: history.disputesOpenedOn.filter((d) => d <= asOf).length,
    plansBroken: history.plans.filter((p) => p.status === 'broken' && p.closedOn !== null && p.closedOn <= asOf).length,
    writtenOff,
    firstInvoiceOn,
    open: aging.lines.filter((line) => line.total > 0).map((line) => ({ currency: line.currency, amountMinor: line.total })),
    overdue: aging.lines
      .map((line) => ({
        currency: line.currency,
        amountMinor: line.total - (line.byBucket[0] ?? 0),
        invoices: open.filter((r) => r.currency === line.currency && r.openMinor > 0 && r.dueDate < asOf).length,
        oldestDaysOverdue: Math.max(0, line.oldestDaysOverdue),
      }))
      .filter((o) => o.amountMinor > 0),
    recentDaysLate: paid.map((p) => p.daysLate),
  };
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
