import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Invoice, InvoiceAdjustmentSource, InvoiceStatus, InvoiceTable } from '../db/schema.ts';
import type { LateComponent } from '../domain/allocation.ts';
import { closedStatuses } from '../domain/receivable.ts';

/**
 * The invoices aggregate: invoices, their dated adjustments and the charges booked on them.
 * The only writer of an invoice's paid amount and of its status from money is `movePaid`;
 * statuses decided inside SQL come from `invoiceStatusSql`, the SQL spelling of
 * domain/receivable.ts receivableStatus (test/integration/invoice-status-sql.test.ts holds them equal).
 */

export type InvoiceRef = { id: string } | { externalId: string };

// ---------------------------------------------------------------------------------------------
// The status rule in SQL

/** Discounts booked on each invoice and not reversed (they settle the invoice as money does). */
function liveDiscounts(organisationId: string): RawBuilder<unknown> {
  return sql`select invoice_id, sum(amount_minor) as discount from invoice_charges
    where organisation_id = ${organisationId} and component = 'discount' and reversed_on is null group by invoice_id`;
}

/**
 * receivableStatus(status, { amountMinor, paidMinor, discountMinor }) as a SQL expression over
 * SQL expressions: closed statuses stay, otherwise 'paid' when paid plus discount reach the amount.
 */
export function invoiceStatusSql(
  status: RawBuilder<unknown>,
  amountMinor: RawBuilder<unknown>,
  paidMinor: RawBuilder<unknown>,
  discountMinor: RawBuilder<unknown>,
): RawBuilder<InvoiceStatus> {
  return sql<InvoiceStatus>`case when ${status} in (${sql.join(closedStatuses.map((s) => sql.lit(s)))}) then ${status}
    when ${paidMinor} + ${discountMinor} >= ${amountMinor} then 'paid' else 'open' end`;
}

/**
 * Moves invoices' paid amounts by the deltas `source` yields (rows of invoice_id, delta) and
 * sets their status by the rule: the one writer of paid_minor and of a status that money
 * decides (payments applied, reversed, moved by a plan). One statement, set-based: an import
 * of a million payments joins its grouped sums once.
 */
export async function movePaid(trx: Tx, organisationId: string, source: RawBuilder<unknown>): Promise<void> {
  const status = invoiceStatusSql(sql`i.status`, sql`i.amount_minor`, sql`i.paid_minor + d.delta`, sql`coalesce(x.discount, 0)`);
  await sql`
    update invoices i set paid_minor = i.paid_minor + d.delta, status = ${status}, updated_at = now()
    from (${source}) d (invoice_id, delta)
    left join (${liveDiscounts(organisationId)}) x on x.invoice_id = d.invoice_id
    where i.organisation_id = ${organisationId} and i.id = d.invoice_id`.execute(trx);
}

/** movePaid for deltas known in memory (invoice id → minor units, negative to take money off). */
export async function addToPaid(trx: Tx, organisationId: string, deltas: ReadonlyMap<string, number>): Promise<void> {
  const ids = [...deltas.keys()].filter((id) => deltas.get(id) !== 0);
  if (ids.length === 0) return;
  await movePaid(trx, organisationId, sql`select * from unnest(${ids}::uuid[], ${ids.map((id) => deltas.get(id)!)}::bigint[])`);
}

/** Discounts booked on an invoice and not reversed. */
export async function liveDiscountOf(db: Db | Tx, organisationId: string, invoiceId: string): Promise<number> {
  const row = await db
    .selectFrom('invoice_charges')
    .select((eb) => eb.fn.sum<string | number | null>('amount_minor').as('discount'))
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', '=', invoiceId)
    .where('component', '=', 'discount')
    .where('reversed_on', 'is', null)
    .executeTakeFirst();
  return Number(row?.discount ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Reads

export function invoiceByRef(db: Db | Tx, organisationId: string, ref: InvoiceRef, options: { lock?: boolean } = {}): Promise<Invoice | undefined> {
  let query = db.selectFrom('invoices').selectAll().where('organisation_id', '=', organisationId);
  query = 'id' in ref ? query.where('id', '=', ref.id) : query.where('external_id', '=', ref.externalId);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Locks invoices (in id order, so two lockers never deadlock). */
export async function lockInvoices(trx: Tx, organisationId: string, invoiceIds: readonly string[]): Promise<void> {
  const sorted = [...invoiceIds].sort();
  for (let i = 0; i < sorted.length; i += LOCK_CHUNK) {
    await sql`select id from invoices where organisation_id = ${organisationId} and id = any(${sorted.slice(i, i + LOCK_CHUNK)}::uuid[]) order by id for update`.execute(
      trx,
    );
  }
}

const LOCK_CHUNK = 10_000;

export async function customerExternalIdOf(db: Db | Tx, organisationId: string, customerId: string): Promise<string> {
  const row = await db
    .selectFrom('customers')
    .select('external_id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.external_id;
}

export interface InvoiceAllocationRow {
  id: string;
  payment_id: string;
  payment_external_id: string;
  amount_minor: number;
  allocated_on: string;
  reversed_on: string | null;
}

/** The allocations made to an invoice, by date, then payment. */
export function allocationsOfInvoice(db: Db | Tx, organisationId: string, invoiceId: string): Promise<InvoiceAllocationRow[]> {
  return db
    .selectFrom('allocations as a')
    .innerJoin('payments as p', (join) => join.onRef('p.organisation_id', '=', 'a.organisation_id').onRef('p.id', '=', 'a.payment_id'))
    .select(['a.id', 'a.payment_id', 'p.external_id as payment_external_id', 'a.amount_minor', 'a.allocated_on', 'a.reversed_on'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.invoice_id', '=', invoiceId)
    .orderBy('a.allocated_on')
    .orderBy('p.external_id')
    .orderBy('a.id')
    .execute();
}

export interface InvoiceListFilters {
  customer?: InvoiceRef;
  status?: InvoiceStatus;
  currency?: string;
  dueBefore?: string;
  dueAfter?: string;
  overdueAsOf?: string;
}

/** A keyset page of invoices with their customer's external id, by due date then external id; `limit + 1` rows. */
export function invoiceListRows(db: Db | Tx, organisationId: string, filters: InvoiceListFilters, after: readonly string[] | null, limit: number) {
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'i.organisation_id').onRef('c.id', '=', 'i.customer_id'))
    .selectAll('i')
    .select('c.external_id as customer_external_id')
    .where('i.organisation_id', '=', organisationId);
  const customer = filters.customer;
  if (customer) query = 'id' in customer ? query.where('i.customer_id', '=', customer.id) : query.where('c.external_id', '=', customer.externalId);
  if (filters.status) query = query.where('i.status', '=', filters.status);
  if (filters.currency) query = query.where('i.currency', '=', filters.currency);
  if (filters.dueBefore) query = query.where('i.due_date', '<', filters.dueBefore);
  if (filters.dueAfter) query = query.where('i.due_date', '>', filters.dueAfter);
  if (filters.overdueAsOf) query = query.where('i.status', '=', 'open').where('i.due_date', '<', filters.overdueAsOf);
  if (after) query = query.where((eb) => eb(eb.refTuple('i.due_date', 'i.external_id'), '>', eb.tuple(after[0]!, after[1]!)));
  return query
    .orderBy('i.due_date')
    .orderBy('i.external_id')
    .limit(limit + 1)
    .execute();
}

export interface OpenInvoiceRow {
  id: string;
  customer_id: string;
  currency: string;
  due_date: string;
  issue_date: string;
  amount_minor: number;
  paid_minor: number;
  on_plan: boolean;
  demanded_on: string | null;
  demanded_until: string | null;
}

/** Open invoices of these customers, with whether a live payment plan covers them (its instalments then carry the debt). */
export async function openInvoicesOfCustomers(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<OpenInvoiceRow[]> {
  const { rows } = await sql<OpenInvoiceRow>`
    select i.id, i.customer_id, i.currency, i.due_date, i.issue_date, i.amount_minor, i.paid_minor,
           i.charges_demanded_on as demanded_on, i.charges_demanded_until as demanded_until,
           exists (select 1 from payment_plan_invoices ppi join payment_plans pp on pp.organisation_id = ppi.organisation_id and pp.id = ppi.plan_id
                   where ppi.organisation_id = i.organisation_id and ppi.invoice_id = i.id and pp.status = 'active') as on_plan
    from invoices i
    where i.organisation_id = ${organisationId} and i.customer_id = any(${customerIds}::uuid[]) and i.status = 'open'`.execute(trx);
  return rows;
}

export interface OpenChargeRow {
  key: string;
  invoice_id: string;
  component: LateComponent;
  amount_minor: number;
  paid_minor: number;
  plan_id: string | null;
}

/** Late charges booked on the open invoices of these customers (discounts left out). */
export async function chargesOfOpenInvoices(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<OpenChargeRow[]> {
  const { rows } = await sql<OpenChargeRow>`
    select c.key, c.invoice_id, c.component, c.amount_minor, c.paid_minor, c.plan_id
    from invoice_charges c
    join invoices i on i.organisation_id = c.organisation_id and i.id = c.invoice_id
    where c.organisation_id = ${organisationId} and i.customer_id = any(${customerIds}::uuid[]) and i.status = 'open' and c.component <> 'discount'`.execute(
    trx,
  );
  return rows;
}

export interface SuggestedInvoiceRow {
  id: string;
  external_id: string;
  number: string;
  customer_id: string;
  customer_external_id: string;
  customer_name: string;
  due_date: string;
  amount_minor: number;
  paid_minor: number;
  currency: string;
}

/** These invoices with their customer, those still open only. */
export function openInvoicesWithCustomer(db: Db | Tx, organisationId: string, ids: readonly string[]): Promise<SuggestedInvoiceRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'i.organisation_id').onRef('c.id', '=', 'i.customer_id'))
    .select([
      'i.id',
      'i.external_id',
      'i.number',
      'i.customer_id',
      'c.external_id as customer_external_id',
      'c.name as customer_name',
      'i.due_date',
      'i.amount_minor',
      'i.paid_minor',
      'i.currency',
    ])
    .where('i.organisation_id', '=', organisationId)
    .where('i.id', 'in', ids)
    .where('i.status', '=', 'open')
    .execute();
}

// ASCII unit and record separators: never in a name, number or reference the parsers keep.
export const UNIT_SEPARATOR = '\u001f';
export const RECORD_SEPARATOR = '\u001e';

/**
 * One keyset batch of customers (id, name, tax id) as a single delimited text value, after
 * `after` by id: decoding a million rows through the driver costs several times more than
 * splitting one string per batch.
 */
export async function customerBatch(trx: Tx, organisationId: string, after: string, size: number): Promise<{ batch: string | null; last: string | null }> {
  const US = UNIT_SEPARATOR;
  const RS = RECORD_SEPARATOR;
  const { rows } = await sql<{ batch: string | null; last: string | null }>`
    select string_agg(concat_ws(${US}, id, replace(replace(name, ${US}, ' '), ${RS}, ' '), coalesce(tax_id, '')), ${RS} order by id) as batch, max(id::text) as last
    from (select id, name, tax_id from customers where organisation_id = ${organisationId} and id > ${after}::uuid order by id limit ${size}) c`.execute(trx);
  return rows[0] ?? { batch: null, last: null };
}

/** One keyset batch of open invoices in `currency` (id, customer, number, nosso número, txid, amount, paid, due date), as customerBatch. */
export async function openInvoiceBatch(
  trx: Tx,
  organisationId: string,
  currency: string,
  after: string,
  size: number,
): Promise<{ batch: string | null; last: string | null }> {
  const US = UNIT_SEPARATOR;
  const RS = RECORD_SEPARATOR;
  const { rows } = await sql<{ batch: string | null; last: string | null }>`
    select string_agg(concat_ws(${US}, id, customer_id, replace(replace(number, ${US}, ' '), ${RS}, ' '), coalesce(nosso_numero, ''), coalesce(pix_txid, ''),
        amount_minor, paid_minor, due_date), ${RS} order by id) as batch, max(id::text) as last
    from (
      select id, customer_id, number, nosso_numero, pix_txid, amount_minor, paid_minor, to_char(due_date, 'YYYY-MM-DD') as due_date from invoices
      where organisation_id = ${organisationId} and status = 'open' and currency = ${currency} and id > ${after}::uuid
      order by id limit ${size}
    ) i`.execute(trx);
  return rows[0] ?? { batch: null, last: null };
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Inserts an invoice unless its external id exists; its id, or undefined when it existed. */
export async function insertInvoice(trx: Tx, values: Insertable<InvoiceTable>): Promise<string | undefined> {
  const row = await trx
    .insertInto('invoices')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Writes an edit (due date, description, amount) with the status the rule gives for it. */
export async function updateInvoiceTerms(
  trx: Tx,
  organisationId: string,
  invoiceId: string,
  next: { due_date: string; description: string | null; amount_minor: number; status: InvoiceStatus },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ ...next, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

/** A credit (dispute resolution, credit note): the new amount and the status it leaves, or void when wholly credited. */
export async function creditInvoice(
  trx: Tx,
  organisationId: string,
  invoiceId: string,
  next: { amount_minor: number; status: InvoiceStatus; voided_on: string | null },
  now: Date,
): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ ...next, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function markInvoiceVoid(trx: Tx, organisationId: string, invoiceId: string, on: string, now: Date): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ status: 'void', voided_on: on, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Dated adjustments (table invoice_adjustments)

/**
 * Dated history of invoices. The invoices row always holds the current amount and due date;
 * each change is also written here with the business date it takes effect, so reports as of
 * an earlier date (stores/reports.ts agingRows) can undo it.
 */
export interface AdjustmentMeta {
  /** Business date the change takes effect. */
  effectiveOn: string;
  source: InvoiceAdjustmentSource;
  actor: string;
  reason?: string | null;
  /** The record that caused it, e.g. the dispute. */
  sourceId?: string | null;
}

/**
 * Records each difference between the invoices' current amount and due date and the new values
 * given by `next` (rows of invoice_id, amount_minor, due_date) as an amount_change or a
 * due_date_change. Call it before writing the new values to the invoices. Returns how many.
 * A due-date change never takes effect before the invoice's last one (an import dated earlier
 * takes that one's date), so the last change in effect is also the last recorded.
 */
export async function recordInvoiceEdits(trx: Tx, organisationId: string, next: RawBuilder<unknown>, meta: AdjustmentMeta): Promise<number> {
  const result = await sql`
    insert into invoice_adjustments (organisation_id, invoice_id, effective_on, kind, amount_delta_minor, previous_due_date, due_date, reason, source, source_id, actor)
    select i.organisation_id, i.id, greatest(${meta.effectiveOn}::date, c.not_before), c.kind, c.delta, c.previous_due_date, c.due_date,
           ${meta.reason ?? null}, ${meta.source}, ${meta.sourceId ?? null}::uuid, ${meta.actor}
    from invoices i
    join (${next}) n (invoice_id, amount_minor, due_date) on n.invoice_id = i.id
    cross join lateral (values
      ('amount_change', n.amount_minor - i.amount_minor, null::date, null::date, null::date),
      ('due_date_change', 0::bigint, i.due_date, n.due_date, (select max(effective_on) from invoice_adjustments a
        where a.organisation_id = i.organisation_id and a.invoice_id = i.id and a.kind = 'due_date_change'))
    ) c (kind, delta, previous_due_date, due_date, not_before)
    where i.organisation_id = ${organisationId}
      and (c.kind = 'amount_change' and n.amount_minor <> i.amount_minor
        or c.kind = 'due_date_change' and n.due_date <> i.due_date)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** recordInvoiceEdits for one invoice's new amount and due date. */
export function recordInvoiceEdit(
  trx: Tx,
  organisationId: string,
  edit: { invoiceId: string; amountMinor: number; dueDate: string },
  meta: AdjustmentMeta,
): Promise<number> {
  return recordInvoiceEdits(trx, organisationId, sql`values (${edit.invoiceId}::uuid, ${edit.amountMinor}::bigint, ${edit.dueDate}::date)`, meta);
}

/**
 * Records a credit note or adjustment of `deltaMinor` (negative: it lowers the amount; 0 when
 * the credit voids an unpaid invoice, whose void date carries it).
 */
export async function recordCredit(
  trx: Tx,
  organisationId: string,
  invoiceId: string,
  kind: 'credit_note' | 'adjustment',
  deltaMinor: number,
  meta: AdjustmentMeta,
): Promise<void> {
  await trx
    .insertInto('invoice_adjustments')
    .values({
      organisation_id: organisationId,
      invoice_id: invoiceId,
      effective_on: meta.effectiveOn,
      kind,
      amount_delta_minor: deltaMinor,
      previous_due_date: null,
      due_date: null,
      reason: meta.reason ?? null,
      source: meta.source,
      source_id: meta.sourceId ?? null,
      actor: meta.actor,
    })
    .execute();
}

/** The effective date of the invoice's last due-date change, if any. */
export async function lastDueDateChange(trx: Tx, organisationId: string, invoiceId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('invoice_adjustments')
    .select((eb) => eb.fn.max('effective_on').as('last'))
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'due_date_change')
    .executeTakeFirst();
  return row?.last ?? null;
}
