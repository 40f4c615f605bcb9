import type { Db, Tx } from '../db/database.ts';
import type { Invoice, Payment } from '../db/schema.ts';
import { formatAmount } from '../domain/money.ts';
import { validatePayment, type PaymentInput } from '../domain/receivable-input.ts';
import { allocatePendingPayments, reversePayment as reverseAllocations } from './allocate-payments.ts';
import { appendInteraction } from './contact-record.ts';
import { enqueuePaymentReceipt } from './payment-requests/payment-receipt.ts';
import { findCustomerNamedInBody } from './customers.ts';
import { isUuid, RecordNotFoundError, toPage, type ActionContext, type Page, type PageRequest, type RecordRef } from './record-ref.ts';
import { ConflictError, UserError, ValidationError } from './errors.ts';
import { findInvoice } from './invoices.ts';

export interface PaymentCreate extends Omit<PaymentInput, 'customer_external_id'> {
  customer_external_id?: string;
  customer_id?: string;
  /** The invoice the payer named, by uuid (or `invoice_external_id`). */
  invoice_id?: string;
}

export interface PaymentRow extends Payment {
  customer_external_id: string;
}

export interface PaymentAllocation {
  id: string;
  invoice_id: string;
  invoice_external_id: string;
  amount_minor: number;
  allocated_on: string;
  reversed_on: string | null;
}

export interface PaymentDetail extends PaymentRow {
  allocations: PaymentAllocation[];
}

/**
 * Records a payment validated like a payments.csv row and allocates it: to the invoice the
 * payer named first, the rest to the oldest open invoices in the same currency; what is
 * left stays on the payment as credit.
 */
export async function createPayment(trx: Tx, organisationId: string, input: PaymentCreate, context: ActionContext): Promise<PaymentDetail> {
  const validated = validatePayment({ ...input, customer_external_id: input.customer_external_id ?? input.customer_id ?? '' });
  if (!validated.ok) throw new ValidationError(validated.errors);
  const v = validated.value;
  const customer = await findCustomerNamedInBody(trx, organisationId, input);
  const target = await namedInvoice(trx, organisationId, input);
  if (target && target.customer_id !== customer.id) {
    throw new UserError(`invoice ${target.external_id} belongs to another customer`, 'invoice_customer_mismatch', { field: input.invoice_id ? 'invoice_id' : 'invoice_external_id' });
  }
  if (target && target.currency !== v.currency) {
    throw new UserError(`the payment is in ${v.currency} but invoice ${target.external_id} is in ${target.currency}`, 'currency_mismatch', { field: 'currency' });
  }
  const row = await trx
    .insertInto('payments')
    .values({
      organisation_id: organisationId, external_id: v.externalId, customer_id: customer.id, received_on: v.date, amount_minor: v.amountMinor,
      currency: v.currency, method: v.method, reference: v.reference, target_invoice_id: target?.id ?? null,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const existing = await findPayment(trx, organisationId, { externalId: v.externalId });
    throw new ConflictError(`payment ${v.externalId} already exists`, 'payment_exists', { external_id: v.externalId, id: existing.id });
  }
  await allocatePendingPayments(trx, organisationId, [customer.id]);
  const payment = await getPayment(trx, organisationId, { id: row.id });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: customer.id, actor: context.actor, channel: 'system', kind: 'payment_received',
    content: {
      external_id: v.externalId, date: v.date, amount: formatAmount(v.amountMinor, v.currency), currency: v.currency,
      allocations: payment.allocations.map((a) => ({ invoice_external_id: a.invoice_external_id, amount: formatAmount(a.amount_minor, v.currency) })),
    },
  });
  await enqueuePaymentReceipt(trx, organisationId, row.id, context.now);
  return payment;
}

async function namedInvoice(trx: Tx, organisationId: string, input: PaymentCreate): Promise<Invoice | null> {
  const field = input.invoice_id !== undefined ? 'invoice_id' : 'invoice_external_id';
  const ref: RecordRef | null = input.invoice_id !== undefined ? { id: input.invoice_id } : input.invoice_external_id?.trim() ? { externalId: input.invoice_external_id.trim() } : null;
  if (!ref) return null;
  try {
    return await findInvoice(trx, organisationId, ref);
  } catch (error) {
    if (!(error instanceof RecordNotFoundError)) throw error;
    throw new UserError(`${field}: unknown invoice "${'id' in ref ? ref.id : ref.externalId}"`, 'invoice_not_found', { field });
  }
}

export async function findPayment(db: Db, organisationId: string, ref: RecordRef): Promise<Payment> {
  if ('id' in ref && !isUuid(ref.id)) throw new RecordNotFoundError('payment', ref);
  let query = db.selectFrom('payments').selectAll().where('organisation_id', '=', organisationId);
  query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('external_id', '=', ref.externalId);
  const row = await query.executeTakeFirst();
  if (!row) throw new RecordNotFoundError('payment', ref);
  return row;
}

export async function getPayment(db: Db, organisationId: string, ref: RecordRef): Promise<PaymentDetail> {
  const payment = await findPayment(db, organisationId, ref);
  const customer = await db
    .selectFrom('customers')
    .select('external_id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', payment.customer_id)
    .executeTakeFirstOrThrow();
  const allocations = await db
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['a.id', 'a.invoice_id', 'i.external_id as invoice_external_id', 'a.amount_minor', 'a.allocated_on', 'a.reversed_on'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', payment.id)
    .orderBy('i.due_date')
    .orderBy('i.external_id')
    .orderBy('a.id')
    .execute();
  return { ...payment, customer_external_id: customer.external_id, allocations };
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
export async function listPayments(db: Db, organisationId: string, filters: PaymentFilters, page: PageRequest): Promise<Page<PaymentRow>> {
  let query = db
    .selectFrom('payments as p')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
    .selectAll('p')
    .select('c.external_id as customer_external_id')
    .where('p.organisation_id', '=', organisationId);
  const customer = filters.customer;
  if (customer && 'id' in customer && !isUuid(customer.id)) return { items: [], next: null };
  if (customer) query = 'id' in customer ? query.where('p.customer_id', '=', customer.id) : query.where('c.external_id', '=', customer.externalId);
  if (filters.from) query = query.where('p.received_on', '>=', filters.from);
  if (filters.to) query = query.where('p.received_on', '<=', filters.to);
  if (filters.status) query = query.where('p.status', '=', filters.status);
  const after = page.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('p.received_on', 'p.external_id'), '>', eb.tuple(after[0]!, after[1]!)));
  const rows = await query.orderBy('p.received_on').orderBy('p.external_id').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.received_on, r.external_id]);
}

/**
 * Reverses a payment (bounced transfer, chargeback) from `date` on: its allocations stop
 * counting and the invoices reopen. Reversing an already reversed payment changes nothing.
 */
export async function reversePayment(trx: Tx, organisationId: string, ref: RecordRef, input: { date: string; reason?: string }, context: ActionContext): Promise<PaymentDetail> {
  const payment = await findPayment(trx, organisationId, ref);
  const { reversed } = await reverseAllocations(trx, organisationId, payment.id, input.date);
  const detail = await getPayment(trx, organisationId, { id: payment.id });
  if (reversed) {
    await appendInteraction(trx, organisationId, {
      occurredAt: context.now, customerId: payment.customer_id, actor: context.actor, channel: 'system', kind: 'payment_reversed',
      content: {
        external_id: payment.external_id, date: detail.reversed_on, amount: formatAmount(payment.amount_minor, payment.currency), currency: payment.currency,
        reason: input.reason?.trim() || null,
      },
    });
  }
  return detail;
}
