import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';

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
 * balances and payment totals are written with one statement per chunk. Returns the payments
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
  const applied: { paymentId: string; invoiceId: string; amountMinor: number; allocatedOn: string }[] = [];
  const paid = new Map<string, number>();
  const allocated = new Map<string, number>();
  for (const p of planned) {
    const invoice = open.get(p.invoiceId);
    const amountMinor = Math.min(p.amountMinor, invoice?.openMinor ?? 0);
    if (!invoice || amountMinor <= 0) continue;
    invoice.openMinor -= amountMinor;
    applied.push({ paymentId: p.paymentId, invoiceId: p.invoiceId, amountMinor, allocatedOn: p.receivedOn > invoice.issueDate ? p.receivedOn : invoice.issueDate });
    paid.set(p.invoiceId, (paid.get(p.invoiceId) ?? 0) + amountMinor);
    allocated.set(p.paymentId, (allocated.get(p.paymentId) ?? 0) + amountMinor);
  }
  for (let i = 0; i < applied.length; i += CHUNK) {
    const chunk = applied.slice(i, i + CHUNK);
    await sql`
      insert into allocations (organisation_id, payment_id, invoice_id, amount_minor, allocated_on)
      select ${organisationId}, d.payment_id, d.invoice_id, d.amount_minor, d.allocated_on
      from unnest(${chunk.map((a) => a.paymentId)}::uuid[], ${chunk.map((a) => a.invoiceId)}::uuid[], ${chunk.map((a) => a.amountMinor)}::bigint[],
        ${chunk.map((a) => a.allocatedOn)}::date[]) as d(payment_id, invoice_id, amount_minor, allocated_on)`.execute(trx);
  }
  const paidIds = [...paid.keys()];
  for (let i = 0; i < paidIds.length; i += CHUNK) {
    const ids = paidIds.slice(i, i + CHUNK);
    await sql`
      update invoices i set paid_minor = i.paid_minor + d.delta,
        status = case when i.paid_minor + d.delta >= i.amount_minor then 'paid' else i.status end, updated_at = now()
      from unnest(${ids}::uuid[], ${ids.map((id) => paid.get(id)!)}::bigint[]) as d(id, delta)
      where i.organisation_id = ${organisationId} and i.id = d.id`.execute(trx);
  }
  const paymentIds = [...allocated.keys()];
  for (let i = 0; i < paymentIds.length; i += CHUNK) {
    const ids = paymentIds.slice(i, i + CHUNK);
    await sql`
      update payments p set allocated_minor = p.allocated_minor + d.delta
      from unnest(${ids}::uuid[], ${ids.map((id) => allocated.get(id)!)}::bigint[]) as d(id, delta)
      where p.organisation_id = ${organisationId} and p.id = d.id`.execute(trx);
  }
  const unallocated = new Set<string>();
  for (const p of planned) if ((allocated.get(p.paymentId) ?? 0) < p.paymentAmountMinor) unallocated.add(p.paymentId);
  return unallocated;
}
