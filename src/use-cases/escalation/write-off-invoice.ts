import type { Tx } from '../../db/database.ts';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext, RecordRef } from '../record-ref.ts';
import { ConflictError, UserError } from '../errors.ts';
import { findInvoice } from '../invoices.ts';

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
export async function writeOffInvoice(trx: Tx, organisationId: string, ref: RecordRef, input: WriteOffInput, context: ActionContext): Promise<WriteOffResult> {
  const reason = input.reason.trim();
  if (!isIsoDate(input.date)) throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  if (reason === '') throw new UserError('a write-off needs a reason', 'validation_failed', [{ field: 'reason', reason: 'is empty' }]);
  const found = await findInvoice(trx, organisationId, ref);
  const invoice = await trx.selectFrom('invoices').selectAll().where('organisation_id', '=', organisationId).where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
  if (invoice.status === 'written_off') throw new ConflictError(`invoice ${invoice.external_id} is already written off`, 'already_written_off');
  if (invoice.status !== 'open') throw new ConflictError(`invoice ${invoice.external_id} is ${invoice.status}: only open invoices can be written off`, 'invoice_not_open');
  if (input.date < invoice.issue_date) throw new UserError(`the write-off date ${input.date} precedes the issue date ${invoice.issue_date}`, 'validation_failed', [{ field: 'date', reason: 'precedes the issue date' }]);
  const amountMinor = invoice.amount_minor - invoice.paid_minor;
  await trx.updateTable('invoices').set({ status: 'written_off', written_off_on: input.date, updated_at: context.now }).where('organisation_id', '=', organisationId).where('id', '=', invoice.id).execute();
  const row = await trx
    .insertInto('write_offs')
    .values({ organisation_id: organisationId, invoice_id: invoice.id, customer_id: invoice.customer_id, written_off_on: input.date, reason, amount_minor: amountMinor, currency: invoice.currency, recorded_by: context.actor })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: invoice.customer_id, actor: context.actor, channel: 'system', kind: 'invoice_written_off',
    content: { invoice_external_id: invoice.external_id, written_off_on: input.date, reason, amount: formatAmount(amountMinor, invoice.currency), currency: invoice.currency },
  });
  return { id: row.id, invoice_id: invoice.id, invoice_external_id: invoice.external_id, customer_id: invoice.customer_id, written_off_on: input.date, reason, amount_minor: amountMinor, currency: invoice.currency, reversed_on: null, reversal_reason: null };
}

/**
 * Reverses an invoice's write-off (it was written off by mistake, or the debtor turned up):
 * the invoice is open again from `date`; aging as of a date before it still leaves the invoice
 * out (write_offs keeps the interval), and the accounting export shows the reversal on its date.
 */
export async function reverseWriteOff(trx: Tx, organisationId: string, ref: RecordRef, input: { date?: string; reason: string }, context: ActionContext): Promise<WriteOffResult> {
  const reason = input.reason.trim();
  if (input.date !== undefined && !isIsoDate(input.date)) throw new UserError(`date "${input.date}" is not a date in the form YYYY-MM-DD`, 'validation_failed', [{ field: 'date', reason: 'is not a date' }]);
  if (reason === '') throw new UserError('a reversal needs a reason', 'validation_failed', [{ field: 'reason', reason: 'is empty' }]);
  const found = await findInvoice(trx, organisationId, ref);
  const invoice = await trx.selectFrom('invoices').selectAll().where('organisation_id', '=', organisationId).where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
  const writeOff = await trx.selectFrom('write_offs').selectAll().where('organisation_id', '=', organisationId).where('invoice_id', '=', invoice.id).where('reversed_on', 'is', null).executeTakeFirst();
  if (!writeOff || invoice.status !== 'written_off') throw new ConflictError(`invoice ${invoice.external_id} is ${invoice.status}: only a written-off invoice can have its write-off reversed`, 'not_written_off');
  const org = await trx.selectFrom('organisations').select('timezone').where('id', '=', organisationId).executeTakeFirstOrThrow();
  const date = input.date ?? dateInZone(context.now, org.timezone);
  if (date < writeOff.written_off_on) throw new UserError(`the reversal date ${date} precedes the write-off on ${writeOff.written_off_on}`, 'validation_failed', [{ field: 'date', reason: 'precedes the write-off' }]);
  await trx.updateTable('write_offs').set({ reversed_on: date, reversal_reason: reason, reversed_by: context.actor }).where('organisation_id', '=', organisationId).where('id', '=', writeOff.id).execute();
  await trx.updateTable('invoices').set({ status: 'open', written_off_on: null, updated_at: context.now }).where('organisation_id', '=', organisationId).where('id', '=', invoice.id).execute();
  const open = invoice.amount_minor - invoice.paid_minor;
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: invoice.customer_id, actor: context.actor, channel: 'system', kind: 'write_off_reversed',
    content: { invoice_external_id: invoice.external_id, written_off_on: writeOff.written_off_on, reversed_on: date, reason, open: formatAmount(open, invoice.currency), currency: invoice.currency },
  });
  return {
    id: writeOff.id, invoice_id: invoice.id, invoice_external_id: invoice.external_id, customer_id: invoice.customer_id, written_off_on: writeOff.written_off_on,
    reason: writeOff.reason, amount_minor: writeOff.amount_minor, currency: writeOff.currency, reversed_on: date, reversal_reason: reason,
  };
}
