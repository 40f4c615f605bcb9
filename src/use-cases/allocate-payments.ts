import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { allocateOldestFirst, allocateTo, type OpenReceivable } from '../domain/allocation.ts';
import { maxDate } from '../domain/dates.ts';

/**
 * Applies every payment of these customers that still has money left: first to the invoice
 * the payer named, the rest to the oldest open invoices in the same currency. Allocations are
 * dated the later of the payment and the invoice issue, so aging as of a past date stays right.
 */
export async function allocatePendingPayments(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<{ allocations: number }> {
  let allocations = 0;
  for (let i = 0; i < customerIds.length; i += 1000) {
    allocations += await allocateChunk(trx, organisationId, customerIds.slice(i, i + 1000));
  }
  return { allocations };
}

interface OpenInvoice extends Omit<OpenReceivable, 'openMinor'> {
  currency: string;
  customerId: string;
  openMinor: number;
}

async function allocateChunk(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0;
  const payments = await trx
    .selectFrom('payments')
    .select(['id', 'customer_id', 'currency', 'amount_minor', 'allocated_minor', 'received_on', 'target_invoice_id'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', customerIds)
    .where('status', '=', 'posted')
    .whereRef('allocated_minor', '<', 'amount_minor')
    .orderBy('received_on')
    .orderBy('external_id')
    .execute();
  if (payments.length === 0) return 0;
  const invoiceRows = await trx
    .selectFrom('invoices')
    .select(['id', 'customer_id', 'currency', 'due_date', 'issue_date', 'amount_minor', 'paid_minor'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', [...new Set(payments.map((p) => p.customer_id))])
    .where('status', '=', 'open')
    .execute();
  const open = new Map<string, OpenInvoice>(
    invoiceRows.map((r) => [r.id, { id: r.id, customerId: r.customer_id, currency: r.currency, dueDate: r.due_date, issueDate: r.issue_date, openMinor: r.amount_minor - r.paid_minor }]),
  );

  const newAllocations: { payment_id: string; invoice_id: string; amount_minor: number; allocated_on: string }[] = [];
  const paidDelta = new Map<string, number>();
  const allocatedDelta = new Map<string, number>();
  for (const payment of payments) {
    let left = payment.amount_minor - payment.allocated_minor;
    const apply = (plan: ReturnType<typeof allocateOldestFirst>) => {
      for (const { receivableId, amountMinor } of plan.allocations) {
        const invoice = open.get(receivableId)!;
        invoice.openMinor -= amountMinor;
        newAllocations.push({ payment_id: payment.id, invoice_id: receivableId, amount_minor: amountMinor, allocated_on: maxDate(payment.received_on, invoice.issueDate) });
        paidDelta.set(receivableId, (paidDelta.get(receivableId) ?? 0) + amountMinor);
        allocatedDelta.set(payment.id, (allocatedDelta.get(payment.id) ?? 0) + amountMinor);
      }
      left = plan.unallocatedMinor;
    };
    const target = payment.target_invoice_id ? open.get(payment.target_invoice_id) : undefined;
    if (target && target.currency === payment.currency) apply(allocateTo(left, target));
    if (left > 0) {
      const candidates = [...open.values()].filter((inv) => inv.customerId === payment.customer_id && inv.currency === payment.currency && inv.openMinor > 0);
      if (candidates.length > 0) apply(allocateOldestFirst(left, candidates));
    }
  }
  if (newAllocations.length === 0) return 0;

  for (let i = 0; i < newAllocations.length; i += 2000) {
    await trx.insertInto('allocations').values(newAllocations.slice(i, i + 2000).map((a) => ({ ...a, organisation_id: organisationId }))).execute();
  }
  const invoiceIds = [...paidDelta.keys()];
  await sql`
    update invoices i set paid_minor = i.paid_minor + d.delta,
      status = case when i.paid_minor + d.delta >= i.amount_minor then 'paid' else i.status end,
      updated_at = now()
    from unnest(${invoiceIds}::uuid[], ${invoiceIds.map((id) => paidDelta.get(id)!)}::bigint[]) as d(id, delta)
    where i.organisation_id = ${organisationId} and i.id = d.id`.execute(trx);
  const paymentIds = [...allocatedDelta.keys()];
  await sql`
    update payments p set allocated_minor = p.allocated_minor + d.delta
    from unnest(${paymentIds}::uuid[], ${paymentIds.map((id) => allocatedDelta.get(id)!)}::bigint[]) as d(id, delta)
    where p.organisation_id = ${organisationId} and p.id = d.id`.execute(trx);
  return newAllocations.length;
}

/**
 * Reverses a payment (bounced transfer, chargeback): its allocations stop counting from
 * `reversedOn`, the invoices reopen. Reversing twice changes nothing.
 */
export async function reversePayment(trx: Tx, organisationId: string, paymentId: string, reversedOn: string): Promise<{ reversed: boolean }> {
  const payment = await trx
    .selectFrom('payments')
    .select(['id', 'status', 'received_on'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment || payment.status === 'reversed') return { reversed: false };
  const live = await trx
    .updateTable('allocations')
    .set({ reversed_on: maxDate(reversedOn, payment.received_on) })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('reversed_on', 'is', null)
    .returning(['invoice_id', 'amount_minor'])
    .execute();
  for (const allocation of live) {
    await trx
      .updateTable('invoices')
      .set((eb) => ({ paid_minor: eb('paid_minor', '-', allocation.amount_minor), status: sql`case when status = 'paid' then 'open' else status end`, updated_at: new Date() }))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', allocation.invoice_id)
      .execute();
  }
  await trx
    .updateTable('payments')
    .set({ status: 'reversed', reversed_on: maxDate(reversedOn, payment.received_on), allocated_minor: 0 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .execute();
  return { reversed: true };
}
