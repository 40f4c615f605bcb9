import { isOverdue } from './aging.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import type { ChargeComponent } from './fees.ts';

/**
 * What an escalation (agency hand-off, small-claims packet) claims from a debtor on a date:
 * the overdue invoices by default (an invoice not yet due is not owed yet, so not claimed
 * unless the business says so), each with the late charges owed on it (fees.chargesOn, or
 * the amounts already crystallised) itemised beside its open principal. Pure.
 */
export interface ClaimInvoice {
  readonly id: string;
  readonly dueDate: IsoDate;
  readonly openMinor: number;
}

export interface ClaimCharge {
  readonly invoiceId: string;
  readonly component: ChargeComponent;
  readonly amountMinor: number;
}

export interface ClaimLine<I extends ClaimInvoice> {
  readonly invoice: I;
  readonly daysOverdue: number;
  readonly lateFeeMinor: number;
  readonly interestMinor: number;
  readonly compensationMinor: number;
  /** open + late fee + interest + compensation. */
  readonly totalMinor: number;
}

export interface Claim<I extends ClaimInvoice> {
  readonly lines: ClaimLine<I>[];
  /** Open invoices left out because they are not due yet on the date. */
  readonly notDue: I[];
  readonly openMinor: number;
  readonly chargesMinor: number;
  readonly totalMinor: number;
}

export function itemiseClaim<I extends ClaimInvoice>(
  invoices: readonly I[],
  charges: readonly ClaimCharge[],
  asOf: IsoDate,
  options: { includeNotDue?: boolean } = {},
): Claim<I> {
  const claimed = invoices.filter((i) => i.openMinor > 0 && (options.includeNotDue === true || isOverdue(i.dueDate, asOf)));
  const notDue = invoices.filter((i) => i.openMinor > 0 && !claimed.includes(i));
  const charge = (invoiceId: string, component: ChargeComponent) =>
    charges.filter((c) => c.invoiceId === invoiceId && c.component === component).reduce((sum, c) => sum + c.amountMinor, 0);
  const lines = claimed.map((invoice): ClaimLine<I> => {
    const lateFeeMinor = charge(invoice.id, 'late_fee');
    const interestMinor = charge(invoice.id, 'interest');
    const compensationMinor = charge(invoice.id, 'compensation');
    return {
      invoice,
      daysOverdue: Math.max(0, daysBetween(invoice.dueDate, asOf)),
      lateFeeMinor,
      interestMinor,
      compensationMinor,
      totalMinor: invoice.openMinor + lateFeeMinor + interestMinor + compensationMinor,
    };
  });
  const openMinor = lines.reduce((sum, l) => sum + l.invoice.openMinor, 0);
  const totalMinor = lines.reduce((sum, l) => sum + l.totalMinor, 0);
  return { lines, notDue, openMinor, chargesMinor: totalMinor - openMinor, totalMinor };
}
