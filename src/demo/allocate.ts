import { allocateOldestFirst, allocateTo, type OpenReceivable } from '../domain/allocation.ts';
import { maxDate, type IsoDate } from '../domain/dates.ts';
import { parseAmount } from '../domain/money.ts';
import type { InvoiceRow, PaymentRow } from './rows.ts';

/**
 * Applies a portfolio's payments to its invoices, in the order they are listed: to the named
 * invoice, or oldest first when none is named. Pure; the demo loader writes the result.
 */
export interface PortfolioAllocation {
  readonly paymentExternalId: string;
  readonly invoiceExternalId: string;
  readonly amountMinor: number;
  /** Money cannot be applied to an invoice before it exists: max(payment date, issue date). */
  readonly allocatedOn: IsoDate;
}

export interface AllocatedPortfolio {
  readonly allocations: PortfolioAllocation[];
  /** Allocated to each invoice, by external id (absent: nothing). */
  readonly paidMinor: Map<string, number>;
  /** Allocated from each payment, by external id (absent: nothing). */
  readonly allocatedMinor: Map<string, number>;
}

export function toMinor(amount: string, currency: string): number {
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw new RangeError(parsed.reason);
  return parsed.minor;
}

type Receivable = { -readonly [K in keyof OpenReceivable]: OpenReceivable[K] };

export function allocatePortfolio(invoices: readonly InvoiceRow[], payments: readonly PaymentRow[]): AllocatedPortfolio {
  const open = new Map<string, { invoice: InvoiceRow; receivable: Receivable }>();
  const byCustomer = new Map<string, Receivable[]>();
  for (const invoice of invoices) {
    const receivable: Receivable = {
      id: invoice.external_id,
      dueDate: invoice.due_date,
      issueDate: invoice.issue_date,
      openMinor: toMinor(invoice.amount, invoice.currency),
    };
    open.set(invoice.external_id, { invoice, receivable });
    let list = byCustomer.get(invoice.customer_external_id);
    if (!list) byCustomer.set(invoice.customer_external_id, (list = []));
    list.push(receivable);
  }

  const allocations: PortfolioAllocation[] = [];
  const paidMinor = new Map<string, number>();
  const allocatedMinor = new Map<string, number>();
  for (const payment of payments) {
    const amount = toMinor(payment.amount, payment.currency);
    let plan;
    if (payment.invoice_external_id === '') {
      const candidates = (byCustomer.get(payment.customer_external_id) ?? []).filter((r) => open.get(r.id)?.invoice.currency === payment.currency);
      plan = allocateOldestFirst(amount, candidates);
    } else {
      const target = open.get(payment.invoice_external_id);
      if (!target || target.invoice.customer_external_id !== payment.customer_external_id) {
        throw new RangeError(
          `payment ${payment.external_id} names invoice ${payment.invoice_external_id}, which is not one of customer ${payment.customer_external_id}'s`,
        );
      }
      if (target.invoice.currency !== payment.currency)
        throw new RangeError(`payment ${payment.external_id} is in ${payment.currency}, its invoice in ${target.invoice.currency}`);
      plan = allocateTo(amount, target.receivable);
    }
    for (const slice of plan.allocations) {
      const target = open.get(slice.receivableId)!;
      // Receivables are shared with byCustomer, so oldest-first sees what earlier payments left.
      target.receivable.openMinor -= slice.amountMinor;
      paidMinor.set(slice.receivableId, (paidMinor.get(slice.receivableId) ?? 0) + slice.amountMinor);
      allocatedMinor.set(payment.external_id, (allocatedMinor.get(payment.external_id) ?? 0) + slice.amountMinor);
      allocations.push({
        paymentExternalId: payment.external_id,
        invoiceExternalId: slice.receivableId,
        amountMinor: slice.amountMinor,
        allocatedOn: maxDate(payment.date, target.invoice.issue_date),
      });
    }
  }
  return { allocations, paidMinor, allocatedMinor };
}
