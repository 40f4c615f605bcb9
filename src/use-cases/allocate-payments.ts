import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { allocatePayments, type PaymentAllocation } from '../domain/allocation.ts';
import { maxDate } from '../domain/dates.ts';
import { allocationWriter } from './write-allocations.ts';

/**
 * Applies every payment of these customers that still has money left: first to the invoice
 * the payer named, the rest to the oldest open invoices in the same currency (see
 * allocatePayments). Allocations are dated the later of the payment and the invoice issue, so
 * aging as of a past date stays right. Customers are read in chunks; the writes are set-based.
 */
export async function allocatePendingPayments(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<{ allocations: number }> {
  if (customerIds.length === 0) return { allocations: 0 };
  const writer = await allocationWriter(trx, organisationId);
  for (let i = 0; i < customerIds.length; i += CUSTOMER_CHUNK) {
    await writer.add(await allocateChunk(trx, organisationId, customerIds.slice(i, i + CUSTOMER_CHUNK)));
  }
  return { allocations: await writer.finish() };
}

const CUSTOMER_CHUNK = 5000;

async function allocateChunk(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<PaymentAllocation[]> {
  const payments = await sql<{ id: string; customer_id: string; currency: string; received_on: string; left_minor: number; target_invoice_id: string | null }>`
    select id, customer_id, currency, received_on, amount_minor - allocated_minor as left_minor, target_invoice_id from payments
    where organisation_id = ${organisationId} and customer_id = any(${customerIds}::uuid[]) and status = 'posted' and allocated_minor < amount_minor
    order by received_on, external_id`.execute(trx);
  if (payments.rows.length === 0) return [];
  const invoices = await sql<{ id: string; customer_id: string; currency: string; due_date: string; issue_date: string; open_minor: number }>`
    select id, customer_id, currency, due_date, issue_date, amount_minor - paid_minor as open_minor from invoices
    where organisation_id = ${organisationId} and customer_id = any(${[...new Set(payments.rows.map((p) => p.customer_id))]}::uuid[]) and status = 'open'`.execute(trx);
  return allocatePayments(
    payments.rows.map((p) => ({ id: p.id, customerId: p.customer_id, currency: p.currency, receivedOn: p.received_on, leftMinor: p.left_minor, targetId: p.target_invoice_id })),
    invoices.rows.map((r) => ({ id: r.id, customerId: r.customer_id, currency: r.currency, dueDate: r.due_date, issueDate: r.issue_date, openMinor: r.open_minor })),
  );
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
