import type { Tx } from '../../db/database.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext, RecordRef } from '../customers.ts';
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
}

/** Writes off the open balance of an invoice as bad debt: status 'written_off' from `date`. */
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
  return { id: row.id, invoice_id: invoice.id, invoice_external_id: invoice.external_id, customer_id: invoice.customer_id, written_off_on: input.date, reason, amount_minor: amountMinor, currency: invoice.currency };
}
