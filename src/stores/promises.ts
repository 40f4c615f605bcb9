import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Invoice, PromiseTable } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';

/** Promises to pay, and the reads a promise needs of the invoices it covers and the payments towards it. */

export type PromiseRow = Selectable<PromiseTable>;
export type PromiseStatus = PromiseRow['status'];

export function insertPromise(trx: Tx, organisationId: string, values: Omit<Insertable<PromiseTable>, 'organisation_id'>): Promise<PromiseRow> {
  return trx
    .insertInto('promises')
    .values({ ...values, organisation_id: organisationId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The promise, locked for a change (undefined when there is none). */
export function lockPromise(trx: Tx, organisationId: string, promiseId: string): Promise<PromiseRow | undefined> {
  return trx.selectFrom('promises').selectAll().where('organisation_id', '=', organisationId).where('id', '=', promiseId).forUpdate().executeTakeFirst();
}

export function setPromiseStatus(trx: Tx, organisationId: string, promiseId: string, status: PromiseStatus, settledAt: Date): Promise<PromiseRow> {
  return trx
    .updateTable('promises')
    .set({ status, settled_at: settledAt })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', promiseId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Settles many promises at once with the same outcome. */
export async function setPromisesStatus(trx: Tx, organisationId: string, promiseIds: readonly string[], status: PromiseStatus, settledAt: Date): Promise<void> {
  if (promiseIds.length === 0) return;
  await trx
    .updateTable('promises')
    .set({ status, settled_at: settledAt })
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...promiseIds])
    .execute();
}

/** A customer's promises newest first, after the keyset cursor (created_at, id) when given. */
export function customerPromises(
  db: Db | Tx,
  organisationId: string,
  customerId: string,
  filters: { status?: PromiseStatus; before?: { at: Date; id: string } },
  limit: number,
): Promise<PromiseRow[]> {
  let query = db.selectFrom('promises').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customerId);
  if (filters.status) query = query.where('status', '=', filters.status);
  const before = filters.before;
  if (before) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(before.at, before.id)));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** How many promises a customer has in each status. */
export function promiseCountsByStatus(db: Db | Tx, organisationId: string, customerId: string): Promise<{ status: string; n: number }[]> {
  return db
    .selectFrom('promises')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .groupBy('status')
    .execute();
}

/** Kept and broken promises per customer. */
export function settledPromiseCounts(
  db: Db | Tx,
  organisationId: string,
  customerIds: readonly string[],
): Promise<{ customer_id: string; status: string; n: number }[]> {
  if (customerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('promises')
    .select(['customer_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', [...customerIds])
    .where('status', 'in', ['kept', 'broken'])
    .groupBy(['customer_id', 'status'])
    .execute();
}

/**
 * Kept and broken promises per currency whose deadline (promised date + grace days) falls in
 * [from, to] and before `asOf` (a promise is decided the day after its deadline).
 */
export async function decidedPromiseCountsByDeadline(
  db: Db | Tx,
  organisationId: string,
  from: IsoDate,
  to: IsoDate,
  asOf: IsoDate,
): Promise<{ currency: string; status: string; n: number }[]> {
  const result = await sql<{ currency: string; status: string; n: number }>`
    select currency, status, count(*)::int as n from promises
    where organisation_id = ${organisationId} and status in ('kept', 'broken')
      and promised_date + grace_days between ${from}::date and ${to}::date
      and promised_date + grace_days < ${asOf}::date
    group by currency, status`.execute(db);
  return result.rows;
}

/** The dated promise history of some customers. */
export function promisesOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('promises')
    .select(['customer_id', 'created_at', 'promised_date', 'grace_days', 'status'])
    .where('organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('customer_id', 'in', [...customerIds!]))
    .execute();
}

/** Every pending promise made by `now`, oldest first, locked (rows another run holds are skipped), with its customer's external id. */
export function lockPendingPromises(trx: Tx, organisationId: string, now: Date): Promise<(PromiseRow & { customer_external_id: string })[]> {
  return trx
    .selectFrom('promises as p')
    .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
    .selectAll('p')
    .select('c.external_id as customer_external_id')
    .where('p.organisation_id', '=', organisationId)
    .where('p.status', '=', 'pending')
    .where('p.created_at', '<=', now)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .forUpdate('p')
    .skipLocked()
    .execute();
}

/** Unreversed allocations to these invoices dated in [from, until]: what could count towards promises on them. */
export async function paymentsToInvoices(db: Db | Tx, organisationId: string, invoiceIds: readonly string[], from: IsoDate, until: IsoDate) {
  if (invoiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('allocations')
    .select(['invoice_id', 'amount_minor', 'allocated_on', 'reversed_on'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', [...invoiceIds])
    .where('allocated_on', '>=', from)
    .where('allocated_on', '<=', until)
    .where('reversed_on', 'is', null)
    .execute();
  return rows.map((r) => ({ invoiceId: r.invoice_id, amountMinor: r.amount_minor, allocatedOn: r.allocated_on, reversedOn: r.reversed_on }));
}

/** The amounts of those of these invoices that are still open (an invoice paid, void or written off is absent). */
export async function openInvoiceAmounts(
  db: Db | Tx,
  organisationId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, { amount_minor: number; paid_minor: number }>> {
  if (invoiceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select(['id', 'amount_minor', 'paid_minor'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...invoiceIds])
    .where('status', '=', 'open')
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A customer's open invoices in a currency due before `before`, oldest first: what a promise covers by default. */
export function overdueInvoicesOf(trx: Tx, organisationId: string, customerId: string, currency: string, before: IsoDate): Promise<Invoice[]> {
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('currency', '=', currency)
    .where('due_date', '<', before)
    .orderBy('due_date')
    .orderBy('external_id')
    .execute();
}

/** A customer's invoices named by uuid or external id, oldest first. */
export function customerInvoicesNamed(
  trx: Tx,
  organisationId: string,
  customerId: string,
  ids: readonly string[],
  externalIds: readonly string[],
): Promise<Invoice[]> {
  return trx
    .selectFrom('invoices')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', [...ids])] : []), ...(externalIds.length ? [eb('external_id', 'in', [...externalIds])] : [])]))
    .orderBy('due_date')
    .orderBy('external_id')
    .execute();
}

/** The external ids of the invoices and customers promises name, for showing them. */
export async function promiseReferences(db: Db | Tx, organisationId: string, invoiceIds: readonly string[], customerIds: readonly string[]) {
  const [invoices, customers] = await Promise.all([
    db
      .selectFrom('invoices')
      .select(['id', 'external_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', [...invoiceIds])
      .execute(),
    db
      .selectFrom('customers')
      .select(['id', 'external_id'])
      .where('organisation_id', '=', organisationId)
      .where('id', 'in', [...customerIds])
      .execute(),
  ]);
  return { invoices: new Map(invoices.map((i) => [i.id, i.external_id])), customers: new Map(customers.map((c) => [c.id, c.external_id])) };
}
