import { addDays, daysBetween, type IsoDate } from '../../dates.ts';
import { paymentBehaviour, type BehaviourHistory, type PaymentBehaviour } from '../behaviour.ts';

/**
 * Risk features of a customer, read from its payment-behaviour profile, and the rule-based
 * score used while an organisation has too little history to train on.
 */
export const featureNames = [
  'share_paid_late',
  'share_paid_over_30_late',
  'late_over_30_last_5',
  'average_days_late',
  'trend_days',
  'promises_broken',
  'plans_broken',
  'disputes',
  'oldest_days_overdue',
  'invoices_paid',
] as const;
export type FeatureName = (typeof featureNames)[number];

export function featuresOf(b: PaymentBehaviour): number[] {
  const lastFive = b.recentDaysLate.slice(-5);
  const values: Record<FeatureName, number> = {
    share_paid_late: b.sharePaidLate ?? 0,
    share_paid_over_30_late: b.invoicesPaid === 0 ? 0 : b.paidOver30DaysLate / b.invoicesPaid,
    late_over_30_last_5: lastFive.filter((d) => d > 30).length,
    average_days_late: Math.min(b.averageDaysLate ?? 0, 180),
    trend_days: (b.trend.recentAverageDaysLate ?? 0) - (b.trend.earlierAverageDaysLate ?? b.trend.recentAverageDaysLate ?? 0),
    promises_broken: b.promises.broken,
    plans_broken: b.plansBroken,
    disputes: b.disputes,
    oldest_days_overdue: Math.min(Math.max(0, ...b.overdue.map((o) => o.oldestDaysOverdue)), 365),
    invoices_paid: Math.log1p(b.invoicesPaid),
  };
  return featureNames.map((name) => values[name]);
}

/**
 * The rule-based score (a probability of paying more than 30 days late), documented in the
 * README: 10 % base; + 50 % × the share of invoices paid more than 30 days late; + 5 points per
 * broken promise (at most 15) and 10 per broken plan (at most 20); + 15 points when something
 * is more than 30 days overdue now. Capped at 95 %.
 */
export function ruleBasedProbability(b: PaymentBehaviour): number {
  const over30 = b.invoicesPaid === 0 ? 0 : b.paidOver30DaysLate / b.invoicesPaid;
  const overdueNow = b.overdue.some((o) => o.oldestDaysOverdue > 30) ? 0.15 : 0;
  return Math.min(0.95, 0.1 + 0.5 * over30 + Math.min(0.15, 0.05 * b.promises.broken) + Math.min(0.2, 0.1 * b.plansBroken) + overdueNow);
}

export interface Example {
  readonly invoiceId: string;
  readonly dueDate: IsoDate;
  readonly behaviour: PaymentBehaviour;
  /** 1 when it was paid more than 30 days after its due date, or not at all by then. */
  readonly outcome: 0 | 1;
}

/** Days after the due date beyond which an invoice counts as paid very late. */
const lateThresholdDays = 30;

/**
 * One example per invoice whose outcome is known on `asOf` (due more than 30 days before it):
 * the customer's behaviour as of the due date — what a score could have known then — and
 * whether it was paid more than 30 days late.
 */
export function examplesOf(history: BehaviourHistory, asOf: IsoDate): Example[] {
  const examples: Example[] = [];
  for (const invoice of history.invoices) {
    if (invoice.instalment || invoice.voidedOn !== null || daysBetween(invoice.dueDate, asOf) <= lateThresholdDays) continue;
    const deadline = addDays(invoice.dueDate, lateThresholdDays);
    const paidByDeadline = history.allocations
      .filter((a) => a.invoiceId === invoice.id && a.allocatedOn <= deadline && (a.reversedOn === null || a.reversedOn > deadline))
      .reduce((s, a) => s + a.amountMinor, 0);
    examples.push({
      invoiceId: invoice.id,
      dueDate: invoice.dueDate,
      behaviour: paymentBehaviour(history, addDays(invoice.dueDate, -1)),
      outcome: paidByDeadline >= invoice.amountMinor ? 0 : 1,
    });
  }
  return examples;
}
