import type { Db, Tx } from '../db/database.ts';
import type { Invoice, InvoiceStatus } from '../db/schema.ts';
import { maxDate } from '../domain/dates.ts';
import type { FieldError } from '../domain/field-error.ts';
import { formatAmount, parseAmount } from '../domain/money.ts';
import { validateInvoice, type InvoiceInput } from '../domain/receivable-input.ts';
import { receivableStatus } from '../domain/receivable.ts';
import {
  allocationsOfInvoice,
  customerExternalIdOf,
  insertInvoice,
  invoiceByRef,
  invoiceListRows,
  lastDueDateChange,
  liveDiscountOf,
  markInvoiceVoid,
  recordInvoiceEdit,
  type InvoiceAllocationRow,
  updateInvoiceTerms,
} from '../stores/invoices.ts';
import { allocatePendingPayments } from './allocate-payments.ts';
import { businessDate } from './account-work/support.ts';
import { appendInteraction } from './contact-record.ts';
import { findCustomerNamedInBody } from './customers.ts';
import { findByRef, isUuid, toPage, type ActionContext, type Page, type PageRequest, type RecordRef } from './record-ref.ts';
import { ConflictError, ValidationError } from './errors.ts';

export interface InvoiceCreate extends Omit<InvoiceInput, 'customer_external_id'> {
  customer_external_id?: string;
  customer_id?: string;
  /** The number printed on the invoice; defaults to the external id, as in the import. */
  number?: string;
}

export interface InvoiceRow extends Invoice {
  customer_external_id: string;
}

export type InvoiceAllocation = InvoiceAllocationRow;

export interface InvoiceDetail extends InvoiceRow {
  allocations: InvoiceAllocation[];
}

/**
 * Creates an invoice validated like an invoices.csv row. Unapplied credit of the customer
 * (payments larger than what was open) is applied to it at once, as the import does.
 */
export async function createInvoice(trx: Tx, organisationId: string, input: InvoiceCreate, context: ActionContext): Promise<InvoiceDetail> {
  const validated = validateInvoice({ ...input, customer_external_id: input.customer_external_id ?? input.customer_id ?? '' });
  if (!validated.ok) throw new ValidationError(validated.errors);
  const v = validated.value;
  const customer = await findCustomerNamedInBody(trx, organisationId, input);
  const id = await insertInvoice(trx, {
    organisation_id: organisationId,
    external_id: v.externalId,
    customer_id: customer.id,
    number: input.number?.trim() || v.externalId,
    issue_date: v.issueDate,
    due_date: v.dueDate,
    amount_minor: v.amountMinor,
    currency: v.currency,
    description: v.description,
  });
  if (id === undefined) {
    const existing = await findInvoice(trx, organisationId, { externalId: v.externalId });
    throw new ConflictError(`invoice ${v.externalId} already exists`, 'invoice_exists', { external_id: v.externalId, id: existing.id });
  }
  await allocatePendingPayments(trx, organisationId, [customer.id]);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: customer.id,
    actor: context.actor,
    channel: 'system',
    kind: 'invoice_created',
    content: { external_id: v.externalId, amount: formatAmount(v.amountMinor, v.currency), currency: v.currency, due_date: v.dueDate },
  });
  return getInvoice(trx, organisationId, { id });
}

export async function findInvoice(db: Db, organisationId: string, ref: RecordRef, options: { lock?: boolean } = {}): Promise<Invoice> {
  return findByRef('invoice', ref, (r) => invoiceByRef(db, organisationId, r, options));
}

export async function getInvoice(db: Db, organisationId: string, ref: RecordRef): Promise<InvoiceDetail> {
  const invoice = await findInvoice(db, organisationId, ref);
  const customerExternalId = await customerExternalIdOf(db, organisationId, invoice.customer_id);
  const allocations = await allocationsOfInvoice(db, organisationId, invoice.id);
  return { ...invoice, customer_external_id: customerExternalId, allocations };
}

export interface InvoiceFilters {
  customer?: RecordRef;
  status?: InvoiceStatus;
  currency?: string;
  /** Due strictly before this date. */
  dueBefore?: string;
  /** Due strictly after this date. */
  dueAfter?: string;
  /** Open now and due before this date. */
  overdueAsOf?: string;
}

/** Invoices ordered by due date, then external id (unique: the keyset never ties). */
export async function listInvoices(db: Db, organisationId: string, filters: InvoiceFilters, page: PageRequest): Promise<Page<InvoiceRow>> {
  const customer = filters.customer;
  if (customer && 'id' in customer && !isUuid(customer.id)) return { items: [], next: null };
  const rows = await invoiceListRows(
    db,
    organisationId,
    { ...filters, ...(filters.currency ? { currency: filters.currency.toUpperCase() } : {}) },
    page.after,
    page.limit,
  );
  return toPage(rows, page.limit, (r) => [r.due_date, r.external_id]);
}

export interface InvoicePatch {
  due_date?: string;
  description?: string | null;
  /** Decimal string in the invoice currency; never below what was already paid. */
  amount?: string;
  /** Business date a new amount or due date takes effect; default: today in the organisation's time zone. */
  date?: string;
}

/**
 * Changes due date, description or amount of an open or paid invoice. A new amount or due date
 * is a dated event (invoice_adjustments) effective on `date`: reports as of an earlier date
 * keep the old values.
 */
export async function updateInvoice(trx: Tx, organisationId: string, ref: RecordRef, patch: InvoicePatch, context: ActionContext): Promise<InvoiceDetail> {
  const current = await findInvoice(trx, organisationId, ref, { lock: true });
  if (current.status === 'void' || current.status === 'written_off') {
    throw new ConflictError(`invoice ${current.external_id} is ${current.status === 'void' ? 'void' : 'written off'}`, 'invoice_closed', {
      status: current.status,
    });
  }
  const errors: FieldError[] = [];
  const dueDate = patch.due_date ?? current.due_date;
  if (dueDate < current.issue_date) errors.push({ field: 'due_date', reason: `${dueDate} is before the issue date ${current.issue_date}` });
  // An invoice issued later than today is edited as from its issue date.
  const effectiveOn = patch.date ?? maxDate(await businessDate(trx, organisationId, context.now), current.issue_date);
  if (effectiveOn < current.issue_date) errors.push({ field: 'date', reason: `${effectiveOn} is before the issue date ${current.issue_date}` });
  let amountMinor = current.amount_minor;
  if (patch.amount !== undefined) {
    const parsed = parseAmount(patch.amount, current.currency);
    if (!parsed.ok) errors.push({ field: 'amount', reason: parsed.reason });
    else if (parsed.minor <= 0) errors.push({ field: 'amount', reason: `must be positive (got ${patch.amount.trim()})` });
    else amountMinor = parsed.minor;
  }
  if (errors.length > 0) throw new ValidationError(errors);
  if (dueDate !== current.due_date && patch.date !== undefined) {
    const last = await lastDueDateChange(trx, organisationId, current.id);
    if (last && patch.date < last) {
      throw new ConflictError(
        `the due date of invoice ${current.external_id} was already changed as from ${last}; date this change on or after it`,
        'date_before_last_change',
        { last_change_on: last },
      );
    }
  }
  if (amountMinor < current.paid_minor) {
    const paid = formatAmount(current.paid_minor, current.currency);
    throw new ConflictError(`amount ${formatAmount(amountMinor, current.currency)} is below the ${paid} already paid`, 'amount_below_paid', {
      paid: { amount: paid, currency: current.currency },
    });
  }
  const next = {
    due_date: dueDate,
    description: patch.description === undefined ? current.description : patch.description?.trim() || null,
    amount_minor: amountMinor,
    status: receivableStatus(current.status, {
      amountMinor,
      paidMinor: current.paid_minor,
      discountMinor: await liveDiscountOf(trx, organisationId, current.id),
    }),
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(next)) {
    const from = current[field as keyof typeof next];
    if (from !== to) changes[field] = { from, to };
  }
  if (Object.keys(changes).length === 0) return getInvoice(trx, organisationId, { id: current.id });
  await recordInvoiceEdit(trx, organisationId, { invoiceId: current.id, amountMinor, dueDate }, { effectiveOn, source: 'edit', actor: context.actor });
  await updateInvoiceTerms(trx, organisationId, current.id, next, context.now);
  // A larger amount may reopen the invoice: unapplied credit of the customer goes to it.
  if (next.status === 'open') await allocatePendingPayments(trx, organisationId, [current.customer_id]);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: current.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: 'invoice_updated',
    content: { external_id: current.external_id, currency: current.currency, effective_on: effectiveOn, changes },
  });
  return getInvoice(trx, organisationId, { id: current.id });
}

/**
 * Voids an invoice from `date` on (aging before that date still shows it). An invoice with
 * money applied is refused: reverse the payment first. Voiding twice changes nothing.
 */
export async function voidInvoice(
  trx: Tx,
  organisationId: string,
  ref: RecordRef,
  input: { date: string; reason?: string },
  context: ActionContext,
): Promise<InvoiceDetail> {
  const current = await findInvoice(trx, organisationId, ref, { lock: true });
  if (current.status === 'void') return getInvoice(trx, organisationId, { id: current.id });
  if (current.status === 'written_off') throw new ConflictError(`invoice ${current.external_id} is written off`, 'invoice_closed', { status: current.status });
  if (current.paid_minor > 0) {
    throw new ConflictError(`invoice ${current.external_id} has payments applied; reverse them before voiding it`, 'invoice_has_payments', {
      paid: { amount: formatAmount(current.paid_minor, current.currency), currency: current.currency },
    });
  }
  if (input.date < current.issue_date) throw new ValidationError([{ field: 'date', reason: `${input.date} is before the issue date ${current.issue_date}` }]);
  await markInvoiceVoid(trx, organisationId, current.id, input.date, context.now);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: current.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: 'invoice_voided',
    content: { external_id: current.external_id, date: input.date, reason: input.reason?.trim() || null },
  });
  return getInvoice(trx, organisationId, { id: current.id });
}
