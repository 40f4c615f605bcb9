import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { InvoiceStatus } from '../../db/schema.ts';
import { formatAmount, parseAmount } from '../../domain/money.ts';
import { receivableStatus } from '../../domain/receivable.ts';
import { appendInteraction } from '../contact-record.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { creditInvoice, invoiceByRef, recordCredit } from '../../stores/invoices.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { closeDispute, lockDispute } from '../../stores/disputes.ts';
import { cancelOpenTaskByKey } from '../../stores/tasks.ts';
import { disputeView, type DisputeView } from './dispute-view.ts';
import type { OrgContext } from '../org-context.ts';

export type Resolution = 'credit_note' | 'adjustment' | 'rejected';

export interface ResolveInput {
  resolution: Resolution;
  /** The credit (decimal string in the invoice currency); default: everything still open. Not for 'rejected'. */
  amount?: string;
  note?: string;
  /** Business date of the resolution: the credit takes effect on it (the void date when the whole invoice is credited). */
  date: string;
}

/**
 * Resolves an open dispute. A credit note or adjustment lowers the invoice amount by the
 * credit, never below what was paid: crediting everything still open voids an unpaid
 * invoice, or leaves a partly paid one at its paid amount ('paid'). 'rejected' changes no
 * money; the cadence picks the invoice up again where it left off (its history is untouched).
 * The credit is a dated event (invoice_adjustments): reports as of an earlier date ignore it.
 */
export function resolveDispute(db: Db | Tx, ctx: OrgContext, disputeId: string, input: ResolveInput): Promise<DisputeView> {
  return inTransaction(db, (trx) => resolveDisputeInTransaction(trx, ctx, disputeId, input));
}

async function resolveDisputeInTransaction(trx: Tx, ctx: OrgContext, disputeId: string, input: ResolveInput): Promise<DisputeView> {
  const organisationId = ctx.org.id;
  if (!isUuid(disputeId)) throw new RecordNotFoundError('dispute', { id: disputeId });
  const dispute = await lockDispute(trx, organisationId, disputeId);
  if (!dispute) throw new RecordNotFoundError('dispute', { id: disputeId });
  if (dispute.status !== 'open') throw new ConflictError(`dispute ${disputeId} is already ${dispute.status}`, 'dispute_not_open', { status: dispute.status });
  const invoice = await invoiceByRef(trx, organisationId, { id: dispute.invoice_id }, { lock: true });
  if (!invoice) throw new RecordNotFoundError('invoice', { id: dispute.invoice_id });
  const note = input.note?.trim() || null;

  let resolution: Record<string, unknown> = { type: input.resolution, note };
  if (input.resolution === 'rejected') {
    if (input.amount !== undefined) throw new ValidationError([{ field: 'amount', reason: 'a rejected dispute credits nothing' }]);
  } else {
    if (invoice.status !== 'open')
      throw new ConflictError(`invoice ${invoice.external_id} is ${invoice.status}; nothing left to credit`, 'invoice_not_open', { status: invoice.status });
    if (input.date < invoice.issue_date) throw new ValidationError([{ field: 'date', reason: `${input.date} is before the issue date ${invoice.issue_date}` }]);
    const openMinor = invoice.amount_minor - invoice.paid_minor;
    let creditMinor = openMinor;
    if (input.amount !== undefined) {
      const parsed = parseAmount(input.amount, invoice.currency);
      if (!parsed.ok) throw new ValidationError([{ field: 'amount', reason: parsed.reason }]);
      if (parsed.minor <= 0) throw new ValidationError([{ field: 'amount', reason: 'must be positive' }]);
      if (parsed.minor > openMinor) {
        throw new ValidationError([
          {
            field: 'amount',
            reason: `${formatAmount(parsed.minor, invoice.currency)} is more than the ${formatAmount(openMinor, invoice.currency)} still open`,
          },
        ]);
      }
      creditMinor = parsed.minor;
    }
    const newAmount = invoice.amount_minor - creditMinor;
    // amount_minor must stay positive: a wholly credited unpaid invoice keeps its amount and is void.
    const next: { amount_minor: number; status: InvoiceStatus; voided_on: string | null } =
      newAmount === 0
        ? { amount_minor: invoice.amount_minor, status: 'void', voided_on: input.date }
        : {
            amount_minor: newAmount,
            status: receivableStatus(invoice.status, { amountMinor: newAmount, paidMinor: invoice.paid_minor }),
            voided_on: invoice.voided_on,
          };
    await creditInvoice(trx, organisationId, invoice.id, next, ctx.now);
    await recordCredit(trx, organisationId, invoice.id, input.resolution, next.amount_minor - invoice.amount_minor, {
      effectiveOn: input.date,
      source: 'dispute',
      sourceId: dispute.id,
      actor: ctx.actor,
      reason: note,
    });
    resolution = {
      ...resolution,
      date: input.date,
      currency: invoice.currency,
      credit: formatAmount(creditMinor, invoice.currency),
      amount_before: formatAmount(invoice.amount_minor, invoice.currency),
      amount_after: formatAmount(newAmount, invoice.currency),
      invoice_status: next.status,
    };
  }
  await closeDispute(trx, organisationId, dispute.id, input.resolution === 'rejected' ? 'rejected' : 'accepted', resolution, ctx.now);
  // Its deadline reminder, if one was raised, is moot now.
  await cancelOpenTaskByKey(trx, organisationId, `dispute_deadline:${dispute.id}`, `dispute ${input.resolution}`, ctx.now);
  const content = { dispute_id: dispute.id, invoice_external_id: invoice.external_id, ...resolution };
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: invoice.customer_id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'dispute_resolved',
    content,
  });
  await enqueueWebhookEvents(trx, organisationId, [{ id: `dispute.resolved:${dispute.id}`, type: 'dispute.resolved', data: content }], ctx.now);
  return disputeView(trx, organisationId, dispute.id);
}
