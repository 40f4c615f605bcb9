import { sql, type Insertable } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Payment, PaymentTable } from '../db/schema.ts';
import type { AllocationResult, PaymentAllocation } from '../domain/allocation.ts';
import type { PartyType } from '../domain/fees.ts';
import { movePaid, addToPaid } from './invoices.ts';

/**
 * The payments aggregate: payments, their allocations to invoices and to booked charges. New
 * allocations are written only by `allocationWriter` (decided by domain/allocation.ts); the
 * invoices' paid amounts and statuses they move go through stores/invoices.ts movePaid.
 */

export type PaymentRef = { id: string } | { externalId: string };

// ---------------------------------------------------------------------------------------------
// Reads

export function paymentByRef(db: Db | Tx, organisationId: string, ref: PaymentRef): Promise<Payment | undefined> {
  let query = db.selectFrom('payments').selectAll().where('organisation_id', '=', organisationId);
  query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('external_id', '=', ref.externalId);
  return query.executeTakeFirst();
}

export interface PaymentAllocationRow {
  id: string;
  invoice_id: string;
  invoice_external_id: string;
  amount_minor: number;
  allocated_on: string;
  reversed_on: string | null;
}

/** A payment's allocations, by the invoices' due date, then external id. */
export function allocationsOfPayment(db: Db | Tx, organisationId: string, paymentId: string): Promise<PaymentAllocationRow[]> {
  return db
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['a.id', 'a.invoice_id', 'i.external_id as invoice_external_id', 'a.amount_minor', 'a.allocated_on', 'a.reversed_on'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', paymentId)
    .orderBy('i.due_date')
    .orderBy('i.external_id')
    .orderBy('a.id')
    .execute();
}

export interface PaymentListFilters {
  customer?: PaymentRef;
  from?: string;
  to?: string;
  status?: Payment['status'];
}

/** A keyset page of payments with their customer's external id, by date received then external id; `limit + 1` rows. */
export function paymentListRows(db: Db | Tx, organisationId: string, filters: PaymentListFilters, after: readonly string[] | null, limit: number) {
  let query = db
    .selectFrom('payments as p')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
    .selectAll('p')
    .select('c.external_id as customer_external_id')
    .where('p.organisation_id', '=', organisationId);
  const customer = filters.customer;
  if (customer) query = 'id' in customer ? query.where('p.customer_id', '=', customer.id) : query.where('c.external_id', '=', customer.externalId);
  if (filters.from) query = query.where('p.received_on', '>=', filters.from);
  if (filters.to) query = query.where('p.received_on', '<=', filters.to);
  if (filters.status) query = query.where('p.status', '=', filters.status);
  if (after) query = query.where((eb) => eb(eb.refTuple('p.received_on', 'p.external_id'), '>', eb.tuple(after[0]!, after[1]!)));
  return query
    .orderBy('p.received_on')
    .orderBy('p.external_id')
    .limit(limit + 1)
    .execute();
}

export interface PendingPaymentRow {
  id: string;
  customer_id: string;
  currency: string;
  received_on: string;
  left_minor: number;
  target_invoice_id: string | null;
}

/** Posted payments of these customers with money not yet allocated, by date received then external id. */
export async function pendingPaymentsOf(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<PendingPaymentRow[]> {
  const { rows } = await sql<PendingPaymentRow>`
    select id, customer_id, currency, received_on, amount_minor - allocated_minor as left_minor, target_invoice_id from payments
    where organisation_id = ${organisationId} and customer_id = any(${customerIds}::uuid[]) and status = 'posted' and allocated_minor < amount_minor
    order by received_on, external_id`.execute(trx);
  return rows;
}

/** The customers who made these payments. */
export async function payersOf(trx: Tx, organisationId: string, paymentIds: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ customer_id: string }>`
    select distinct customer_id from payments where organisation_id = ${organisationId} and id = any(${paymentIds}::uuid[])`.execute(trx);
  return rows.map((r) => r.customer_id);
}

export interface PayerTermsRow {
  id: string;
  payment_terms_id: string | null;
  segment: string | null;
  country: string;
  party_type: PartyType;
}

/** What decides the payment terms of these payers (their charges on a late payment). */
export async function payerTermsOf(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<PayerTermsRow[]> {
  const { rows } = await sql<PayerTermsRow>`
    select id, payment_terms_id, segment, country, party_type from customers
    where organisation_id = ${organisationId} and id = any(${customerIds}::uuid[])`.execute(trx);
  return rows;
}

export interface AcceptedOfferRow {
  id: string;
  customer_id: string;
  currency: string;
  accepted_on: string;
  valid_until: string;
  invoice_id: string;
  discount_minor: number;
  amount_minor: number;
  paid_minor: number;
}

/** Accepted settlement offers of these customers, one row per still-open covered invoice, oldest offer first. */
export async function acceptedOfferRows(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<AcceptedOfferRow[]> {
  const { rows } = await sql<AcceptedOfferRow>`
    select o.id, o.customer_id, o.currency, o.accepted_on, o.valid_until, c.invoice_id, c.discount_minor, i.amount_minor, i.paid_minor
    from settlement_offers o
    join settlement_offer_invoices c on c.organisation_id = o.organisation_id and c.offer_id = o.id
    join invoices i on i.organisation_id = c.organisation_id and i.id = c.invoice_id
    where o.organisation_id = ${organisationId} and o.customer_id = any(${customerIds}::uuid[]) and o.status = 'accepted' and i.status = 'open'
    order by o.created_at, o.id, i.due_date, i.external_id`.execute(trx);
  return rows;
}

export interface LiveAllocationRow {
  id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: number;
  allocated_on: string;
}

/**
 * Live allocations on these invoices made since `since` by real payments (internal plan
 * settlements, method 'payment_plan', left out), locked, in the order they were made.
 */
export function liveAllocationsOnSince(trx: Tx, organisationId: string, invoiceIds: readonly string[], since: Date): Promise<LiveAllocationRow[]> {
  if (invoiceIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('allocations as a')
    .innerJoin('payments as p', (j) => j.onRef('p.organisation_id', '=', 'a.organisation_id').onRef('p.id', '=', 'a.payment_id'))
    .select(['a.id', 'a.payment_id', 'a.invoice_id', 'a.amount_minor', 'a.allocated_on'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.invoice_id', 'in', invoiceIds)
    .where('a.reversed_on', 'is', null)
    .where('a.created_at', '>=', since)
    .where((eb) => eb.or([eb('p.method', 'is', null), eb('p.method', '<>', 'payment_plan')]))
    .orderBy('a.allocated_on')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .forUpdate()
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Inserts a payment; with `skipExisting`, a payment whose external id exists is left alone and undefined returned. */
export async function insertPayment(trx: Tx, values: Insertable<PaymentTable>, options: { skipExisting?: boolean } = {}): Promise<string | undefined> {
  let query = trx.insertInto('payments').values(values);
  if (options.skipExisting) query = query.onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing());
  const row = await query.returning('id').executeTakeFirst();
  return row?.id;
}

export interface NewStatementPayment {
  externalId: string;
  customerId: string;
  receivedOn: string;
  amountMinor: number;
  method: string;
  reference: string | null;
  targetInvoiceId: string;
}

/** Inserts payments in one statement (unnest); their ids by external id. */
export async function insertPayments(
  trx: Tx,
  organisationId: string,
  currency: string,
  payments: readonly NewStatementPayment[],
): Promise<Map<string, string>> {
  const column = <T>(get: (p: NewStatementPayment) => T) => payments.map(get);
  const { rows } = await sql<{ id: string; external_id: string }>`
    insert into payments (organisation_id, external_id, customer_id, received_on, amount_minor, currency, method, reference, target_invoice_id)
    select ${organisationId}, d.external_id, d.customer_id, d.received_on, d.amount_minor, ${currency}, d.method, d.reference, d.target_invoice_id
    from unnest(${column((p) => p.externalId)}::text[], ${column((p) => p.customerId)}::uuid[], ${column((p) => p.receivedOn)}::date[],
      ${column((p) => p.amountMinor)}::bigint[], ${column((p) => p.method)}::text[],
      ${column((p) => p.reference)}::text[], ${column((p) => p.targetInvoiceId)}::uuid[])
      as d(external_id, customer_id, received_on, amount_minor, method, reference, target_invoice_id)
    returning id, external_id`.execute(trx);
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

const ANALYZE_ABOVE = 10_000;

const stagedColumns = [
  { name: 'payment_id', type: 'uuid' },
  { name: 'invoice_id', type: 'uuid' },
  { name: 'amount_minor', type: 'bigint' },
  { name: 'allocated_on', type: 'date' },
  { name: 'charge_key', type: 'text' },
];

const chargeColumns = [
  { name: 'key', type: 'text' },
  { name: 'invoice_id', type: 'uuid' },
  { name: 'component', type: 'text' },
  { name: 'amount_minor', type: 'bigint' },
  { name: 'currency', type: 'text' },
  { name: 'as_of', type: 'date' },
  { name: 'payment_id', type: 'uuid' },
];

export interface AllocationWriter {
  /** Books the charges (once per key), then stages the allocations, some of which pay them. */
  add(result: AllocationResult): Promise<void>;
  finish(): Promise<number>;
}

/**
 * Writes new allocations and moves the balances they change (invoices' paid_minor and status,
 * payments' allocated_minor), set-based so an import of a million payments costs a handful of
 * statements rather than a handful per chunk. The rows go through a temporary table: one update
 * joined with its grouped sums lets PostgreSQL pick a single hash join over the invoices where
 * chunked updates would scan them once per chunk. Callers decide the amounts (see
 * domain/allocation.ts); the invoices must be open and locked or otherwise safe from concurrent
 * payment in the caller's transaction. Add each chunk, finish once.
 */
export async function allocationWriter(trx: Tx, organisationId: string): Promise<AllocationWriter> {
  await sql`create temporary table if not exists new_allocations
    (payment_id uuid, invoice_id uuid, amount_minor bigint, allocated_on date, charge_key text) on commit drop`.execute(trx);
  let count = 0;
  return {
    async add({ allocations, charges }) {
      await bulkInsert(
        trx,
        'invoice_charges',
        chargeColumns,
        charges.map((c) => ({
          key: c.key,
          invoice_id: c.receivableId,
          component: c.component,
          amount_minor: c.amountMinor,
          currency: c.currency,
          as_of: c.asOf,
          payment_id: c.paymentId,
        })),
        { constants: { organisation_id: organisationId, source: 'payment' }, onConflictDoNothing: true },
      );
      await bulkInsert(
        trx,
        'new_allocations',
        stagedColumns,
        allocations.map((a: PaymentAllocation) => ({
          payment_id: a.paymentId,
          invoice_id: a.receivableId,
          amount_minor: a.amountMinor,
          allocated_on: a.allocatedOn,
          charge_key: a.chargeKey ?? null,
        })),
      );
      count += allocations.length;
    },
    async finish() {
      if (count > 0) {
        if (count > ANALYZE_ABOVE) await sql`analyze new_allocations`.execute(trx);
        await sql`
          insert into allocations (organisation_id, payment_id, invoice_id, amount_minor, allocated_on)
          select ${organisationId}, payment_id, invoice_id, amount_minor, allocated_on from new_allocations where charge_key is null`.execute(trx);
        await sql`
          insert into charge_allocations (organisation_id, payment_id, charge_key, invoice_id, amount_minor, allocated_on)
          select ${organisationId}, payment_id, charge_key, invoice_id, amount_minor, allocated_on from new_allocations where charge_key is not null`.execute(
          trx,
        );
        await sql`
          update invoice_charges c set paid_minor = c.paid_minor + d.delta
          from (select charge_key, sum(amount_minor) as delta from new_allocations where charge_key is not null group by charge_key) d
          where c.organisation_id = ${organisationId} and c.key = d.charge_key`.execute(trx);
        // An early-payment or settlement discount counts as settled money for the invoice's status (movePaid).
        await movePaid(
          trx,
          organisationId,
          sql`select invoice_id, sum(amount_minor) as delta from new_allocations where charge_key is null group by invoice_id`,
        );
        await sql`
          update payments p set allocated_minor = p.allocated_minor + d.delta
          from (select payment_id, sum(amount_minor) as delta from new_allocations group by payment_id) d
          where p.organisation_id = ${organisationId} and p.id = d.payment_id`.execute(trx);
      }
      await sql`truncate new_allocations`.execute(trx);
      return count;
    },
  };
}

/**
 * Moves a live allocation of a payment elsewhere: it is closed with reversed_on = allocated_on
 * (an empty interval, it never counts in aging as of any date) and `replacements` (same
 * payment, decided by domain/allocation.ts) take its place; the invoices' paid amounts and
 * statuses follow (movePaid). The payment's allocated amount does not change.
 */
export async function moveAllocation(trx: Tx, organisationId: string, moved: LiveAllocationRow, replacements: readonly PaymentAllocation[]): Promise<void> {
  await trx
    .updateTable('allocations')
    .set({ reversed_on: moved.allocated_on })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', moved.id)
    .execute();
  if (replacements.length > 0) {
    await trx
      .insertInto('allocations')
      .values(
        replacements.map((r) => ({
          organisation_id: organisationId,
          payment_id: r.paymentId,
          invoice_id: r.receivableId,
          amount_minor: r.amountMinor,
          allocated_on: r.allocatedOn,
        })),
      )
      .execute();
  }
  const deltas = new Map<string, number>([[moved.invoice_id, -moved.amount_minor]]);
  for (const r of replacements) deltas.set(r.receivableId, (deltas.get(r.receivableId) ?? 0) + r.amountMinor);
  await addToPaid(trx, organisationId, deltas);
}

/**
 * Reverses a payment from `on`: its allocations and charge allocations stop counting, the
 * discounts it earned are lost (reversed), the charges it paid reopen (they stay booked: they
 * were due) and the invoices' paid amounts and statuses follow (movePaid: paid ones reopen).
 * A payment not found or already reversed changes nothing.
 */
export async function reversePaymentRows(
  trx: Tx,
  organisationId: string,
  paymentId: string,
  reversedOn: (receivedOn: string) => string,
): Promise<{ reversed: boolean }> {
  const payment = await trx
    .selectFrom('payments')
    .select(['id', 'status', 'received_on'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment || payment.status === 'reversed') return { reversed: false };
  const on = reversedOn(payment.received_on);
  const live = await trx
    .updateTable('allocations')
    .set({ reversed_on: on })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('reversed_on', 'is', null)
    .returning(['invoice_id', 'amount_minor'])
    .execute();
  const liveCharges = await trx
    .updateTable('charge_allocations')
    .set({ reversed_on: on })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('reversed_on', 'is', null)
    .returning(['charge_key', 'amount_minor'])
    .execute();
  for (const allocation of liveCharges) {
    await trx
      .updateTable('invoice_charges')
      .set((eb) => ({ paid_minor: eb('paid_minor', '-', allocation.amount_minor) }))
      .where('organisation_id', '=', organisationId)
      .where('key', '=', allocation.charge_key)
      .execute();
  }
  await trx
    .updateTable('invoice_charges')
    .set({ reversed_on: on })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('component', '=', 'discount')
    .where('reversed_on', 'is', null)
    .execute();
  const deltas = new Map<string, number>();
  for (const a of live) deltas.set(a.invoice_id, (deltas.get(a.invoice_id) ?? 0) - a.amount_minor);
  await addToPaid(trx, organisationId, deltas);
  await trx
    .updateTable('payments')
    .set({ status: 'reversed', reversed_on: on, allocated_minor: 0 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .execute();
  return { reversed: true };
}
