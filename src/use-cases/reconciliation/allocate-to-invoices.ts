import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { maxDate } from '../../domain/dates.ts';

/**
 * Applies a new payment to the invoices named, in the order given, each up to its open
 * amount (re-read under a row lock, so money already paid meanwhile is never paid twice).
 * What is left stays on the payment for `allocatePendingPayments` (oldest first). Used when a
 * line names several invoices: that function alone knows only one target invoice.
 */
export async function allocateToInvoices(trx: Tx, organisationId: string, paymentId: string, invoiceIds: readonly string[]): Promise<void> {
  const payment = await trx
    .selectFrom('payments')
    .select(['amount_minor', 'allocated_minor', 'received_on', 'currency', 'customer_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const invoices = await trx
    .selectFrom('invoices')
    .select(['id', 'issue_date', 'amount_minor', 'paid_minor', 'currency', 'customer_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...invoiceIds])
    .where('status', '=', 'open')
    .forUpdate()
    .execute();
  const byId = new Map(invoices.map((i) => [i.id, i]));
  let left = payment.amount_minor - payment.allocated_minor;
  for (const id of invoiceIds) {
    const invoice = byId.get(id);
    if (!invoice || invoice.currency !== payment.currency || invoice.customer_id !== payment.customer_id) continue;
    const amount = Math.min(left, invoice.amount_minor - invoice.paid_minor);
    if (amount <= 0) continue;
    await trx
      .insertInto('allocations')
      .values({ organisation_id: organisationId, payment_id: paymentId, invoice_id: id, amount_minor: amount, allocated_on: maxDate(payment.received_on, invoice.issue_date) })
      .execute();
    await trx
      .updateTable('invoices')
      .set({
        paid_minor: sql<number>`paid_minor + ${amount}`,
        status: sql<'open' | 'paid'>`case when paid_minor + ${amount} >= amount_minor then 'paid' else status end`,
        updated_at: new Date(),
      })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
    left -= amount;
  }
  await trx
    .updateTable('payments')
    .set({ allocated_minor: payment.amount_minor - left })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .execute();
}
