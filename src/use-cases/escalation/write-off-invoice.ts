import type { Db, Tx } from '../../db/database.ts';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext, RecordRef } from '../record-ref.ts';
import { ConflictError, UserError } from '../errors.ts';
import { findInvoice } from '../invoices.ts';
import { organisationById } from '../../stores/organisations.ts';
import { insertWriteOff, invoiceForUpdate, liveWriteOffOf, markWriteOffReversed, setInvoiceWrittenOff } from '../../stores/escalations.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface WriteOffInput {
  /** The accounting date of the write-off; aging leaves the invoice out from this date on. */
  date: string;
  reason: string;
}

export interface WriteOffResult {
  id: string;
  invoice_id: string;
  invoice_external_id: string;
  customer_id: string;
  written_off_on: string;
  reason: string;
  amount_minor: number;
  currency: string;
  reversed_on: string | null;
  reversal_reason: string | null;
}

/** Writes off the open balance of an invoice as bad debt: status 'written_off' from `date` (at most one live write-off per invoice). */
export async function writeOffInvoice(
  db: Db | Tx,
  organisationId: string,
  ref: RecordRef,
  input: WriteOffInput,
  context: ActionContext,
): Promise<WriteOffResult> {
  return inTransaction(db, (trx) => writeOffInvoiceInTransaction(trx, organisationId, ref, input, context));
}

async function writeOffInvoiceInTransaction(
  trx: Tx,
  organisationId: string,
  ref: RecordRef,
  input: WriteOffInput,
  context: ActionContext,
): Promise<WriteOffResult> {
  const reason = input.reason.trim();
  if (!isIsoDate(input.date))
    throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  if (reason === '') throw new UserError('a write-off needs a reason', 'validation_failed', [{ field: 'reason', reason: 'is empty' }]);
  const found = await findInvoice(trx, organisationId, ref);
  const invoice = await invoiceForUpdate(trx, organisationId, found.id);
  if (invoice.status === 'written_off') throw new ConflictError(`invoice ${invoice.external_id} is already written off`, 'already_written_off');
  if (invoice.status !== 'open')
    throw new ConflictError(`invoice ${invoice.external_id} is ${invoice.status}: only open invoices can be written off`, 'invoice_not_open');
  if (input.date < invoice.issue_date)
    throw new UserError(`the write-off date ${input.date} precedes the issue date ${invoice.issue_date}`, 'validation_failed', [
      { field: 'date', reason: 'precedes the issue date' },
    ]);
  const amountMinor = invoice.amount_minor - invoice.paid_minor;
  await setInvoiceWrittenOff(trx, organisationId, invoice.id, input.date, context.now);
  const writeOffId = await insertWriteOff(trx, organisationId, {
    invoiceId: invoice.id,
    customerId: invoice.customer_id,
    on: input.date,
    reason,
    amountMinor,
    currency: invoice.currency,
    recordedBy: context.actor,
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: invoice.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: 'invoice_written_off',
    content: {
      invoice_external_id: invoice.external_id,
      written_off_on: input.date,
      reason,
      amount: formatAmount(amountMinor, invoice.currency),
      currency: invoice.currency,
    },
  });
  return {
    id: writeOffId,
    invoice_id: invoice.id,
    invoice_external_id: invoice.external_id,
    customer_id: invoice.customer_id,
    written_off_on: input.date,
    reason,
    amount_minor: amountMinor,
    currency: invoice.currency,
    reversed_on: null,
    reversal_reason: null,
  };
}

/**
 * Reverses an invoice's write-off (it was written off by mistake, or the debtor turned up):
 * the invoice is open again from `date`; aging as of a date before it still leaves the invoice
 * out (write_offs keeps the interval), and the accounting export shows the reversal on its date.
 */
export async function reverseWriteOff(
  db: Db | Tx,
  organisationId: string,
  ref: RecordRef,
  input: { date?: string; reason: string },
  context: ActionContext,
): Promise<WriteOffResult> {
  return inTransaction(db, (trx) => reverseWriteOffInTransaction(trx, organisationId, ref, input, context));
}

async function reverseWriteOffInTransaction(
  trx: Tx,
  organisationId: string,
  ref: RecordRef,
  input: { date?: string; reason: string },
  context: ActionContext,
): Promise<WriteOffResult> {
  const reason = input.reason.trim();
  if (input.date !== undefined && !isIsoDate(input.date))
    throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  if (reason === '') throw new UserError('a reversal needs a reason', 'validation_failed', [{ field: 'reason', reason: 'is empty' }]);
  const found = await findInvoice(trx, organisationId, ref);
  const invoice = await invoiceForUpdate(trx, organisationId, found.id);
  const writeOff = await liveWriteOffOf(trx, organisationId, invoice.id);
  if (!writeOff || invoice.status !== 'written_off')
    throw new ConflictError(
      `invoice ${invoice.external_id} is ${invoice.status}: only a written-off invoice can have its write-off reversed`,
      'not_written_off',
    );
  const date = input.date ?? dateInZone(context.now, (await organisationById(trx, organisationId)).timezone);
  if (date < writeOff.written_off_on)
    throw new UserError(`the reversal date ${date} precedes the write-off on ${writeOff.written_off_on}`, 'validation_failed', [
      { field: 'date', reason: 'precedes the write-off' },
    ]);
  await markWriteOffReversed(trx, organisationId, writeOff.id, { on: date, reason, by: context.actor });
  await setInvoiceWrittenOff(trx, organisationId, invoice.id, null, context.now);
  const open = invoice.amount_minor - invoice.paid_minor;
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: invoice.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: 'write_off_reversed',
    content: {
      invoice_external_id: invoice.external_id,
      written_off_on: writeOff.written_off_on,
      reversed_on: date,
      reason,
      open: formatAmount(open, invoice.currency),
      currency: invoice.currency,
    },
  });
  return {
    id: writeOff.id,
    invoice_id: invoice.id,
    invoice_external_id: invoice.external_id,
    customer_id: invoice.customer_id,
    written_off_on: writeOff.written_off_on,
    reason: writeOff.reason,
    amount_minor: writeOff.amount_minor,
    currency: writeOff.currency,
    reversed_on: date,
    reversal_reason: reason,
  };
}
