import type { Db, Tx } from '../db/database.ts';
import type { Invoice, Payment } from '../db/schema.ts';
import { formatAmount } from '../domain/money.ts';
import { validatePayment, type PaymentInput } from '../domain/receivable-input.ts';
import { allocationsOfPayment, insertPayment, paymentByRef, paymentListRows, type PaymentAllocationRow } from '../stores/payments.ts';
import { customerExternalIdOf } from '../stores/invoices.ts';
import { allocatePendingPayments, reversePayment as reverseAllocations } from './allocate-payments.ts';
import { appendInteraction } from './contact-record.ts';
import { enqueuePaymentReceipt } from './payment-requests/payment-receipt.ts';
import { findCustomerNamedInBody } from './customers.ts';
import { findByRef, isUuid, RecordNotFoundError, toPage, type Page, type PageRequest, type RecordRef } from './record-ref.ts';
import { ConflictError, UserError, ValidationError } from './errors.ts';
import { findInvoice } from './invoices.ts';
import type { OrgContext } from './org-context.ts';

export interface PaymentCreate extends Omit<PaymentInput, 'customer_external_id'> {
  customer_external_id?: string;
  customer_id?: string;
  /** The invoice the payer named, by uuid (or `invoice_external_id`). */
  invoice_id?: string;
}

export interface PaymentRow extends Payment {
  customer_external_id: string;
}

export type PaymentAllocation = PaymentAllocationRow;

export interface PaymentDetail extends PaymentRow {
  allocations: PaymentAllocation[];
}

/**
 * Records a payment validated like a payments.csv row and allocates it: to the invoice the
 * payer named first, the rest to the oldest open invoices in the same currency; what is
 * left stays on the payment as credit.
 */
export async function createPayment(trx: Tx, ctx: OrgContext, input: PaymentCreate): Promise<PaymentDetail> {
  const organisationId = ctx.org.id;
  const validated = validatePayment({ ...input, customer_external_id: input.customer_external_id ?? input.customer_id ?? '' });
  if (!validated.ok) throw new ValidationError(validated.errors);
  const v = validated.value;
  const customer = await findCustomerNamedInBody(trx, organisationId, input);
  const target = await namedInvoice(trx, organisationId, input);
  if (target && target.customer_id !== customer.id) {
    throw new UserError(`invoice ${target.external_id} belongs to another customer`, 'invoice_customer_mismatch', {
      field: input.invoice_id ? 'invoice_id' : 'invoice_external_id',
    });
  }
  if (target && target.currency !== v.currency) {
    throw new UserError(`the payment is in ${v.currency} but invoice ${target.external_id} is in ${target.currency}`, 'currency_mismatch', {
      field: 'currency',
    });
  }
  const id = await insertPayment(
    trx,
    {
      organisation_id: organisationId,
      external_id: v.externalId,
      customer_id: customer.id,
      received_on: v.date,
      amount_minor: v.amountMinor,
      currency: v.currency,
      method: v.method,
      reference: v.reference,
      target_invoice_id: target?.id ?? null,
    },
    { skipExisting: true },
  );
  if (id === undefined) {
    const existing = await findPayment(trx, organisationId, { externalId: v.externalId });
    throw new ConflictError(`payment ${v.externalId} already exists`, 'payment_exists', { external_id: v.externalId, id: existing.id });
  }
  await allocatePendingPayments(trx, organisationId, [customer.id]);
  const payment = await getPayment(trx, ctx, { id });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'payment_received',
    content: {
      external_id: v.externalId,
      date: v.date,
      amount: formatAmount(v.amountMinor, v.currency),
      currency: v.currency,
      allocations: payment.allocations.map((a) => ({ invoice_external_id: a.invoice_external_id, amount: formatAmount(a.amount_minor, v.currency) })),
    },
  });
  await enqueuePaymentReceipt(trx, organisationId, id, ctx.now);
  return payment;
}

async function namedInvoice(trx: Tx, organisationId: string, input: PaymentCreate): Promise<Invoice | null> {
  const field = input.invoice_id !== undefined ? 'invoice_id' : 'invoice_external_id';
  const ref: RecordRef | null =
    input.invoice_id !== undefined ? { id: input.invoice_id } : input.invoice_external_id?.trim() ? { externalId: input.invoice_external_id.trim() } : null;
  if (!ref) return null;
  try {
    return await findInvoice(trx, organisationId, ref);
  } catch (error) {
    if (!(error instanceof RecordNotFoundError)) throw error;
    throw new UserError(`${field}: unknown invoice "${'id' in ref ? ref.id : ref.externalId}"`, 'invoice_not_found', { field });
  }
}

async function findPayment(db: Db, organisationId: string, ref: RecordRef): Promise<Payment> {
  return findByRef('payment', ref, (r) => paymentByRef(db, organisationId, r));
}

export async function getPayment(db: Db, ctx: OrgContext, ref: RecordRef): Promise<PaymentDetail> {
  const organisationId = ctx.org.id;
  const payment = await findPayment(db, organisationId, ref);
  const customerExternalId = await customerExternalIdOf(db, organisationId, payment.customer_id);
  const allocations = await allocationsOfPayment(db, organisationId, payment.id);
  return { ...payment, customer_external_id: customerExternalId, allocations };
}

export interface PaymentFilters {
  customer?: RecordRef;
  /** Received on or after this date. */
  from?: string;
  /** Received on or before this date. */
  to?: string;
  status?: Payment['status'];
}

/** Payments ordered by date received, then external id (unique: the keyset never ties). */
export async function listPayments(db: Db, ctx: OrgContext, filters: PaymentFilters, page: PageRequest): Promise<Page<PaymentRow>> {
  const organisationId = ctx.org.id;
  const customer = filters.customer;
  if (customer && 'id' in customer && !isUuid(customer.id)) return { items: [], next: null };
  const rows = await paymentListRows(db, organisationId, filters, page.after, page.limit);
  return toPage(rows, page.limit, (r) => [r.received_on, r.external_id]);
}

/**
 * Reverses a payment (bounced transfer, chargeback) from `date` on: its allocations stop
 * counting and the invoices reopen. Reversing an already reversed payment changes nothing.
 */
export async function reversePayment(trx: Tx, ctx: OrgContext, ref: RecordRef, input: { date: string; reason?: string }): Promise<PaymentDetail> {
  const organisationId = ctx.org.id;
  const payment = await findPayment(trx, organisationId, ref);
  const { reversed } = await reverseAllocations(trx, organisationId, payment.id, input.date);
  const detail = await getPayment(trx, ctx, { id: payment.id });
  if (reversed) {
    await appendInteraction(trx, organisationId, {
      occurredAt: ctx.now,
      customerId: payment.customer_id,
      actor: ctx.actor,
      channel: 'system',
      kind: 'payment_reversed',
      content: {
        external_id: payment.external_id,
        date: detail.reversed_on,
        amount: formatAmount(payment.amount_minor, payment.currency),
        currency: payment.currency,
        reason: input.reason?.trim() || null,
      },
    });
  }
  return detail;
}
