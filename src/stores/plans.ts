import { sql, type Insertable, type Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Invoice, InvoiceTable } from '../db/schema.ts';
import type { PaymentPlanInstalmentTable, PaymentPlanInvoiceTable, PaymentPlanTable, PlanLimitsTable } from '../db/schema-payment-plans.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * Payment plans (payment_plans, their covered invoices and their parts), the organisation's
 * plan limits and settlement offers (settlement_offers and the invoices they cover).
 */

export type PlanRow = Selectable<PaymentPlanTable>;
export type PartRow = Selectable<PaymentPlanInstalmentTable>;
export type PlanLimitsRow = Selectable<PlanLimitsTable>;

export interface PartState extends PartRow {
  external_id: string;
  status: string;
  paid_minor: number;
  voided_on: IsoDate | null;
}

export interface CoveredState {
  invoice_id: string;
  external_id: string;
  due_date: IsoDate;
  issue_date: IsoDate;
  amount_minor: number;
  paid_minor: number;
  status: string;
  open_minor_at_start: number;
  charges_minor: number;
}

// ---- plan limits

export function planLimitsRow(db: Db | Tx, organisationId: string): Promise<PlanLimitsRow | undefined> {
  return db.selectFrom('plan_limits').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function savePlanLimits(
  db: Db | Tx,
  organisationId: string,
  row: Omit<Insertable<PlanLimitsTable>, 'organisation_id' | 'updated_at'>,
): Promise<void> {
  await db
    .insertInto('plan_limits')
    .values({ organisation_id: organisationId, ...row })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}

// ---- plans

export function planById(db: Db | Tx, organisationId: string, planId: string, options: { lock?: boolean } = {}): Promise<PlanRow | undefined> {
  return db
    .selectFrom('payment_plans')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', planId)
    .$if(options.lock === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** A customer's plans, newest first. */
export function plansOfCustomer(db: Db | Tx, organisationId: string, customerId: string): Promise<PlanRow[]> {
  return db
    .selectFrom('payment_plans')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Active plans, oldest first, locked for the review (optionally of some customers only). */
export function activePlansForUpdate(trx: Tx, organisationId: string, customerIds?: readonly string[]): Promise<PlanRow[]> {
  let query = trx.selectFrom('payment_plans').selectAll().where('organisation_id', '=', organisationId).where('status', '=', 'active');
  if (customerIds) query = query.where('customer_id', 'in', customerIds);
  return query.orderBy('created_at').orderBy('id').forUpdate().execute();
}

export async function insertPlan(trx: Tx, organisationId: string, plan: Omit<Insertable<PaymentPlanTable>, 'organisation_id'>): Promise<void> {
  await trx
    .insertInto('payment_plans')
    .values({ organisation_id: organisationId, ...plan })
    .execute();
}

/** A plan's end (completed, broken or cancelled) on a date. */
export async function closePlanRow(trx: Tx, organisationId: string, planId: string, status: 'completed' | 'broken' | 'cancelled', on: IsoDate): Promise<void> {
  await trx.updateTable('payment_plans').set({ status, closed_on: on }).where('organisation_id', '=', organisationId).where('id', '=', planId).execute();
}

export async function insertCoveredInvoices(
  trx: Tx,
  organisationId: string,
  rows: Omit<Insertable<PaymentPlanInvoiceTable>, 'organisation_id'>[],
): Promise<void> {
  await trx
    .insertInto('payment_plan_invoices')
    .values(rows.map((r) => ({ organisation_id: organisationId, ...r })))
    .execute();
}

/** Creates the plan's parts as receivables (invoices rows); returns their ids by external id. */
export async function insertPartInvoices(
  trx: Tx,
  organisationId: string,
  rows: Omit<Insertable<InvoiceTable>, 'organisation_id'>[],
): Promise<Map<string, string>> {
  const inserted = await trx
    .insertInto('invoices')
    .values(rows.map((r) => ({ organisation_id: organisationId, ...r })))
    .returning(['id', 'external_id'])
    .execute();
  return new Map(inserted.map((r) => [r.external_id, r.id]));
}

export async function insertParts(trx: Tx, organisationId: string, rows: Omit<Insertable<PaymentPlanInstalmentTable>, 'organisation_id'>[]): Promise<void> {
  await trx
    .insertInto('payment_plan_instalments')
    .values(rows.map((r) => ({ organisation_id: organisationId, ...r })))
    .execute();
}

/** A plan's parts with the state of their receivables, in order (down payment first). */
export async function partsOf(db: Db | Tx, organisationId: string, planId: string): Promise<PartState[]> {
  return db
    .selectFrom('payment_plan_instalments as p')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'p.organisation_id').onRef('i.id', '=', 'p.invoice_id'))
    .selectAll('p')
    .select(['i.external_id', 'i.status', 'i.paid_minor', 'i.voided_on'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.plan_id', '=', planId)
    .orderBy('p.number')
    .execute();
}

/** The invoices a plan covers, oldest due first, with what was open on them when it was made. */
export async function coveredOf(db: Db | Tx, organisationId: string, planId: string): Promise<CoveredState[]> {
  return db
    .selectFrom('payment_plan_invoices as c')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'c.organisation_id').onRef('i.id', '=', 'c.invoice_id'))
    .select([
      'c.invoice_id',
      'i.external_id',
      'i.due_date',
      'i.issue_date',
      'i.amount_minor',
      'i.paid_minor',
      'i.status',
      'c.open_minor as open_minor_at_start',
      'c.charges_minor',
    ])
    .where('c.organisation_id', '=', organisationId)
    .where('c.plan_id', '=', planId)
    .orderBy('i.due_date')
    .orderBy('i.issue_date')
    .orderBy('i.id')
    .execute();
}

/** Allocations to these receivables that still count on `asOf` (not reversed, or reversed later). */
export function allocationsCountingOn(
  db: Db | Tx,
  organisationId: string,
  invoiceIds: readonly string[],
  asOf: IsoDate,
): Promise<{ invoice_id: string; amount_minor: number; allocated_on: IsoDate }[]> {
  return db
    .selectFrom('allocations')
    .select(['invoice_id', 'amount_minor', 'allocated_on'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoiceIds)
    .where((eb) => eb.or([eb('reversed_on', 'is', null), eb('reversed_on', '>', asOf)]))
    .execute();
}

/** Invoices already covered by an active plan, or that are themselves parts of a plan. */
export async function invoicesTakenByPlans(db: Db | Tx, organisationId: string, invoiceIds: readonly string[]): Promise<Set<string>> {
  if (invoiceIds.length === 0) return new Set();
  const covered = await db
    .selectFrom('payment_plan_invoices as c')
    .innerJoin('payment_plans as p', (j) => j.onRef('p.organisation_id', '=', 'c.organisation_id').onRef('p.id', '=', 'c.plan_id'))
    .select('c.invoice_id')
    .where('c.organisation_id', '=', organisationId)
    .where('p.status', '=', 'active')
    .where('c.invoice_id', 'in', invoiceIds)
    .execute();
  const parts = await db
    .selectFrom('payment_plan_instalments')
    .select('invoice_id')
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoiceIds)
    .execute();
  return new Set([...covered, ...parts].map((r) => r.invoice_id));
}

/** A customer's open invoices due before `asOf`, oldest due first: what a plan covers by default. */
export function overdueOpenInvoices(db: Db | Tx, organisationId: string, customerId: string, asOf: IsoDate): Promise<Invoice[]> {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('due_date', '<', asOf)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

/** A customer's invoices named by external id or uuid, oldest due first. */
export function invoicesOfCustomerByRefs(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
  externalIds: readonly string[],
  ids: readonly string[],
): Promise<Invoice[]> {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([eb('external_id', 'in', [...externalIds]), ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : [])]))
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

/** The covered invoices of these customers' active plans, with each plan's tolerance. */
export function activeCoverOfCustomers(
  db: Db | Tx,
  organisationId: string,
  customerIds: readonly string[],
): Promise<{ invoice_id: string; plan_id: string; tolerance_days: number }[]> {
  return db
    .selectFrom('payment_plan_invoices as c')
    .innerJoin('payment_plans as p', (j) => j.onRef('p.organisation_id', '=', 'c.organisation_id').onRef('p.id', '=', 'c.plan_id'))
    .select(['c.invoice_id', 'p.id as plan_id', 'p.tolerance_days'])
    .where('c.organisation_id', '=', organisationId)
    .where('p.customer_id', '=', anyOf(customerIds))
    .where('p.status', '=', 'active')
    .execute();
}

/** The open parts of these plans due before `asOf`. */
export function overduePartsOf(
  db: Db | Tx,
  organisationId: string,
  planIds: readonly string[],
  asOf: IsoDate,
): Promise<{ plan_id: string; due_date: IsoDate }[]> {
  return db
    .selectFrom('payment_plan_instalments as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 's.organisation_id').onRef('i.id', '=', 's.invoice_id'))
    .select(['s.plan_id', 'i.due_date'])
    .where('s.organisation_id', '=', organisationId)
    .where('s.plan_id', 'in', planIds)
    .where('i.status', '=', 'open')
    .where('i.due_date', '<', asOf)
    .execute();
}

/** The customer's open invoices not covered by an active plan, oldest due first, with what is open on each. */
export async function invoicesOutsideActivePlans(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
): Promise<{ id: string; external_id: string; currency: string; open: number }[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .select(['i.id', 'i.external_id', 'i.currency', (eb) => eb('i.amount_minor', '-', eb.ref('i.paid_minor')).as('open')])
    .where('i.organisation_id', '=', organisationId)
    .where('i.customer_id', '=', customerId)
    .where('i.status', '=', 'open')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payment_plan_invoices as c')
            .innerJoin('payment_plans as p', (j) => j.onRef('p.organisation_id', '=', 'c.organisation_id').onRef('p.id', '=', 'c.plan_id'))
            .select('c.invoice_id')
            .whereRef('c.organisation_id', '=', 'i.organisation_id')
            .whereRef('c.invoice_id', '=', 'i.id')
            .where('p.status', '=', 'active'),
        ),
      ),
    )
    .orderBy('i.due_date')
    .orderBy('i.external_id')
    .execute();
  return rows.map((r) => ({ id: r.id, external_id: r.external_id, currency: r.currency, open: Number(r.open) }));
}

// ---- settlement offers

/** An accepted offer of the customer in this currency still valid on `today`. */
export function liveSettlementOffer(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
  currency: string,
  today: IsoDate,
): Promise<{ id: string; valid_until: IsoDate } | undefined> {
  return db
    .selectFrom('settlement_offers')
    .select(['id', 'valid_until'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'accepted')
    .where('valid_until', '>=', today)
    .executeTakeFirst();
}

export interface NewSettlementOffer {
  customerId: string;
  currency: string;
  openMinor: number;
  discountBps: number;
  discountMinor: number;
  amountMinor: number;
  acceptedOn: IsoDate;
  validUntil: IsoDate;
  acceptedBy: string;
  promiseId: string;
  createdAt: Date;
  invoices: { invoiceId: string; openMinor: number; discountMinor: number }[];
}

/** Records an accepted offer and the invoices it covers; returns its id. */
export async function insertSettlementOffer(trx: Tx, organisationId: string, offer: NewSettlementOffer): Promise<string> {
  const row = await trx
    .insertInto('settlement_offers')
    .values({
      organisation_id: organisationId,
      customer_id: offer.customerId,
      currency: offer.currency,
      open_minor: offer.openMinor,
      discount_bps: offer.discountBps,
      discount_minor: offer.discountMinor,
      amount_minor: offer.amountMinor,
      accepted_on: offer.acceptedOn,
      valid_until: offer.validUntil,
      accepted_by: offer.acceptedBy,
      promise_id: offer.promiseId,
      created_at: offer.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('settlement_offer_invoices')
    .values(
      offer.invoices.map((i) => ({
        organisation_id: organisationId,
        offer_id: row.id,
        invoice_id: i.invoiceId,
        open_minor: i.openMinor,
        discount_minor: i.discountMinor,
      })),
    )
    .execute();
  return row.id;
}

/** A customer's offers (or one of them), newest first. */
export function settlementOffersOfCustomer(db: Db | Tx, organisationId: string, customerId: string, offerId?: string) {
  let query = db.selectFrom('settlement_offers').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customerId);
  if (offerId) query = query.where('id', '=', offerId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** The invoices these offers cover, oldest due first. */
export function settlementOfferInvoices(db: Db | Tx, organisationId: string, offerIds: readonly string[]) {
  return db
    .selectFrom('settlement_offer_invoices as o')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'o.organisation_id').onRef('i.id', '=', 'o.invoice_id'))
    .select(['o.offer_id', 'i.id', 'i.external_id', 'o.open_minor', 'o.discount_minor'])
    .where('o.organisation_id', '=', organisationId)
    .where('o.offer_id', 'in', offerIds)
    .orderBy('i.due_date')
    .orderBy('i.external_id')
    .execute();
}

/** Offers of these customers whose covered invoices are all settled become fulfilled, on the day of their last allocation. */
export async function markSettledOffersFulfilled(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<void> {
  await sql`
    update settlement_offers o set status = 'fulfilled',
      fulfilled_on = (select max(a.allocated_on) from allocations a join settlement_offer_invoices c on c.organisation_id = a.organisation_id and c.invoice_id = a.invoice_id
                      where c.organisation_id = o.organisation_id and c.offer_id = o.id and a.reversed_on is null)
    where o.organisation_id = ${organisationId} and o.customer_id = any(${customerIds}::uuid[]) and o.status = 'accepted'
      and not exists (select 1 from settlement_offer_invoices c join invoices i on i.organisation_id = c.organisation_id and i.id = c.invoice_id
                      where c.organisation_id = o.organisation_id and c.offer_id = o.id and i.status = 'open')`.execute(trx);
}
