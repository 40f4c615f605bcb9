import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { appendInteraction } from '../contact-record.ts';
import type { RecordRef } from '../record-ref.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { findInvoice } from '../invoices.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { insertOpenDispute, openDisputeIdOf } from '../../stores/disputes.ts';
import { businessDate } from './support.ts';
import { disputeView, type DisputeView } from './dispute-view.ts';
import type { OrgContext } from '../org-context.ts';

export interface DisputeInput {
  reason: string;
  /** Who in the business resolves it (a user name or e-mail). */
  owner?: string;
  /** The date by which it should be resolved. */
  deadline?: string;
  /** Business date the dispute is opened on (default: today), so a past day can be replayed. */
  date?: string;
  /** Where it was raised, on the contact record (default 'system'; the debtor portal says 'portal'). */
  channel?: string;
}

/** Opens a dispute on an open invoice: the cadence leaves it alone until it is resolved. */
export function openDispute(db: Db | Tx, ctx: OrgContext, invoiceRef: RecordRef, input: DisputeInput): Promise<DisputeView> {
  return inTransaction(db, (trx) => openDisputeInTransaction(trx, ctx, invoiceRef, input));
}

async function openDisputeInTransaction(trx: Tx, ctx: OrgContext, invoiceRef: RecordRef, input: DisputeInput): Promise<DisputeView> {
  const organisationId = ctx.org.id;
  const invoice = await findInvoice(trx, organisationId, invoiceRef, { lock: true });
  const errors = [];
  if (!input.reason.trim()) errors.push({ field: 'reason', reason: 'must not be empty' });
  if (input.deadline !== undefined && !isIsoDate(input.deadline)) errors.push({ field: 'deadline', reason: 'must be a date YYYY-MM-DD' });
  if (input.date !== undefined && !isIsoDate(input.date)) errors.push({ field: 'date', reason: 'must be a date YYYY-MM-DD' });
  else if (input.date !== undefined && input.deadline !== undefined && input.deadline < input.date)
    errors.push({ field: 'deadline', reason: `${input.deadline} precedes the opening date ${input.date}` });
  if (errors.length > 0) throw new ValidationError(errors);
  if (invoice.status !== 'open') throw new ConflictError(`invoice ${invoice.external_id} is ${invoice.status}`, 'invoice_not_open', { status: invoice.status });
  const owner = input.owner?.trim() || null;
  const id = await insertOpenDispute(trx, organisationId, {
    invoice_id: invoice.id,
    reason: input.reason.trim(),
    owner,
    deadline: input.deadline ?? null,
    opened_at: ctx.now,
  });
  if (!id) {
    const existing = await openDisputeIdOf(trx, organisationId, invoice.id);
    throw new ConflictError(`invoice ${invoice.external_id} already has an open dispute`, 'dispute_exists', { id: existing });
  }
  const openedOn = input.date ?? (await businessDate(trx, organisationId, ctx.now));
  const content = {
    dispute_id: id,
    opened_on: openedOn,
    invoice_external_id: invoice.external_id,
    reason: input.reason.trim(),
    owner,
    deadline: input.deadline ?? null,
  };
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: invoice.customer_id,
    actor: ctx.actor,
    channel: input.channel ?? 'system',
    kind: 'dispute_opened',
    content,
  });
  await enqueueWebhookEvents(trx, organisationId, [{ id: `dispute.opened:${id}`, type: 'dispute.opened', data: content }], ctx.now);
  return disputeView(trx, organisationId, id);
}
