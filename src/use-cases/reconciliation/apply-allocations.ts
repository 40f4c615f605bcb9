import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { PaymentAllocation } from '../../domain/allocation.ts';
import { maxDate } from '../../domain/dates.ts';
import { writeAllocations } from '../write-allocations.ts';

export interface PlannedAllocation {
  paymentId: string;
  invoiceId: string;
  amountMinor: number;
  receivedOn: string;
  /** The whole payment, to tell which payments keep money unallocated. */
  paymentAmountMinor: number;
}

const CHUNK = 10_000;

/**
 * Applies allocations decided by matching, set-based (tens of thousands per import): the
 * invoices are locked and re-read, so each allocation is cut to what is still open now (an
 * invoice paid meanwhile by another payment is not paid twice), then allocations, invoice
 * balances and payment totals are written set-based (write-allocations.ts). Returns the payments
 * that keep money unallocated, for `allocatePendingPayments` (oldest first).
 */
export async function applyAllocations(trx: Tx, organisationId: string, planned: readonly PlannedAllocation[]): Promise<Set<string>> {
  const open = new Map<string, { openMinor: number; issueDate: string }>();
  const invoiceIds = [...new Set(planned.map((p) => p.invoiceId))].sort();
  for (let i = 0; i < invoiceIds.length; i += CHUNK) {
    const rows = await sql<{ id: string; open_minor: number; issue_date: string }>`
      select id, amount_minor - paid_minor as open_minor, issue_date from invoices
      where organisation_id = ${organisationId} and id = any(${invoiceIds.slice(i, i + CHUNK)}::uuid[]) and status = 'open'
      order by id for update`.execute(trx);
    for (const r of rows.rows) open.set(r.id, { openMinor: r.open_minor, issueDate: r.issue_date });
  }
  const applied: PaymentAllocation[] = [];
  const allocated = new Map<string, number>();
  for (const p of planned) {
    const invoice = open.get(p.invoiceId);
    const amountMinor = Math.min(p.amountMinor, invoice?.openMinor ?? 0);
    if (!invoice || amountMinor <= 0) continue;
    invoice.openMinor -= amountMinor;
    applied.push({ paymentId: p.paymentId, receivableId: p.invoiceId, amountMinor, allocatedOn: maxDate(p.receivedOn, invoice.issueDate) });
    allocated.set(p.paymentId, (allocated.get(p.paymentId) ?? 0) + amountMinor);
  }
  await writeAllocations(trx, organisationId, applied);
  const unallocated = new Set<string>();
  for (const p of planned) if ((allocated.get(p.paymentId) ?? 0) < p.paymentAmountMinor) unallocated.add(p.paymentId);
  return unallocated;
}
