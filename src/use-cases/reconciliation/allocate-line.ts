import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Customer, Invoice } from '../../db/schema.ts';
import { formatAmount } from '../../domain/money.ts';
import { insertPayment } from '../../stores/payments.ts';
import { resolveBankLine } from '../../stores/reconciliation.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { type RecordRef } from '../record-ref.ts';
import { UserError } from '../errors.ts';
import { findInvoice } from '../invoices.ts';
import { getPayment, type PaymentDetail } from '../payments.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { paymentExternalId, paymentMethod, paymentReference } from './import-statement.ts';
import { lockQueueLine } from './lock-queue-line.ts';
import { getLine, type QueueLine } from './review-queue.ts';
import type { OrgContext } from '../org-context.ts';

export interface AllocateLineInput {
  /** The invoices paid, in the order the money goes to them (uuid or ext:<external_id>); one customer. */
  invoice_ids?: string[];
  /** Or the customer who paid: the money goes to the oldest open invoices. */
  customer_id?: string;
}

/**
 * Manual allocation of a line from the review queue: it becomes a payment of the customer
 * (named, or owning the invoices named), allocated to the invoices named in order and the
 * rest oldest first. The line leaves the queue; allocating it again is refused.
 */
export function allocateLine(db: Db | Tx, ctx: OrgContext, lineId: string, input: AllocateLineInput): Promise<{ line: QueueLine; payment: PaymentDetail }> {
  return inTransaction(db, (trx) => allocateLineIn(trx, ctx, lineId, input));
}

async function allocateLineIn(trx: Tx, ctx: OrgContext, lineId: string, input: AllocateLineInput): Promise<{ line: QueueLine; payment: PaymentDetail }> {
  const organisationId = ctx.org.id;
  const invoiceRefs = input.invoice_ids ?? [];
  if (invoiceRefs.length > 0 === (input.customer_id !== undefined)) {
    throw new UserError('name either invoice_ids or customer_id', 'allocation_target_required', [
      { field: 'invoice_ids', reason: 'give invoice_ids or customer_id, not both nor neither' },
    ]);
  }
  const line = await lockQueueLine(trx, organisationId, lineId);
  const invoices: Invoice[] = [];
  for (const raw of invoiceRefs) invoices.push(await findInvoice(trx, organisationId, refOf(raw)));
  const customer: Customer =
    input.customer_id !== undefined
      ? await findCustomer(trx, organisationId, refOf(input.customer_id))
      : await findCustomer(trx, organisationId, { id: invoices[0]!.customer_id });
  for (const invoice of invoices) {
    if (invoice.customer_id !== customer.id)
      throw new UserError(`invoices ${invoices[0]!.external_id} and ${invoice.external_id} belong to different customers`, 'invoice_customer_mismatch', {
        field: 'invoice_ids',
      });
    if (invoice.currency !== line.currency)
      throw new UserError(`the line is in ${line.currency} but invoice ${invoice.external_id} is in ${invoice.currency}`, 'currency_mismatch', {
        field: 'invoice_ids',
      });
    if (invoice.status !== 'open') throw new UserError(`invoice ${invoice.external_id} is ${invoice.status}`, 'invoice_not_open', { field: 'invoice_ids' });
  }

  const externalId = paymentExternalId(line);
  const paymentId = (await insertPayment(trx, {
    organisation_id: organisationId,
    external_id: externalId,
    customer_id: customer.id,
    received_on: line.entry_date,
    amount_minor: line.amount_minor,
    currency: line.currency,
    method: paymentMethod(line.format, { pixTxid: line.pix_txid ?? undefined, memo: line.memo ?? undefined }),
    reference: paymentReference({
      pixTxid: line.pix_txid ?? undefined,
      nossoNumero: line.nosso_numero ?? undefined,
      documentNumber: line.document_number ?? undefined,
      reference: line.reference ?? undefined,
      memo: line.memo ?? undefined,
    }),
    target_invoice_id: invoices[0]?.id ?? null,
  }))!;
  await allocatePendingPayments(trx, organisationId, [customer.id], new Map([[paymentId, invoices.map((i) => i.id)]]));
  await resolveBankLine(trx, organisationId, line.id, { status: 'allocated', paymentId }, ctx);

  const payment = await getPayment(trx, ctx, { id: paymentId });
  const amount = formatAmount(line.amount_minor, line.currency);
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: 'bank',
    kind: 'payment_received',
    content: {
      external_id: externalId,
      date: line.entry_date,
      amount,
      currency: line.currency,
      source: 'bank_statement_review',
      statement_id: line.statement_id,
      line_no: line.line_no,
      allocations: payment.allocations.map((a) => ({ invoice_external_id: a.invoice_external_id, amount: formatAmount(a.amount_minor, line.currency) })),
    },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `payment:${paymentId}:received`,
        type: 'payment.received',
        data: { payment_id: paymentId, external_id: externalId, date: line.entry_date, amount, currency: line.currency },
      },
    ],
    ctx.now,
  );
  return { line: await getLine(trx, ctx, line.id), payment };
}

function refOf(raw: string): RecordRef {
  return raw.startsWith('ext:') ? { externalId: raw.slice(4) } : { id: raw };
}
