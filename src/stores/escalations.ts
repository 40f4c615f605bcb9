import { createHash } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { AgencyHandoffTable } from '../db/schema-escalation.ts';
import type { Customer, Invoice } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * The later steps of collection: escalation settings, agency hand-offs, service suspensions,
 * write-offs and their recoveries, the evidence packets (claims, acknowledgements, contact
 * record) and the documents they are stored as.
 */

// ---- settings

export function escalationSettingsRow(db: Db | Tx, organisationId: string) {
  return db.selectFrom('escalation_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function saveEscalationSettings(
  db: Db | Tx,
  organisationId: string,
  values: { court_limit_minor: number; court_limit_currency: string; notice_days_by_state: Record<string, number>; steps_by_country: Record<string, string[]> },
): Promise<void> {
  const row = { ...values, notice_days_by_state: JSON.stringify(values.notice_days_by_state), steps_by_country: JSON.stringify(values.steps_by_country) };
  await db
    .insertInto('escalation_settings')
    .values({ organisation_id: organisationId, ...row })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .execute();
}

// ---- invoices, customers and the contact record as escalations read and change them

export type ClaimableInvoice = Pick<
  Invoice,
  'id' | 'external_id' | 'number' | 'issue_date' | 'due_date' | 'amount_minor' | 'paid_minor' | 'currency' | 'status'
>;

/** A customer's invoices in `statuses` with money still open, oldest due first. */
export function unpaidInvoicesOfCustomer(
  trx: Tx,
  organisationId: string,
  customerId: string,
  statuses: readonly Invoice['status'][],
): Promise<ClaimableInvoice[]> {
  return trx
    .selectFrom('invoices')
    .select(['id', 'external_id', 'number', 'issue_date', 'due_date', 'amount_minor', 'paid_minor', 'currency', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', [...statuses])
    .whereRef('paid_minor', '<', 'amount_minor')
    .orderBy('due_date')
    .orderBy('external_id')
    .execute();
}

/** Sets a customer's status (only from `from` when given). */
export async function setCustomerStatus(
  trx: Tx,
  organisationId: string,
  customerId: string,
  status: Customer['status'],
  now: Date,
  from?: Customer['status'],
): Promise<void> {
  await trx
    .updateTable('customers')
    .set({ status, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', customerId)
    .$if(from !== undefined, (qb) => qb.where('status', '=', from!))
    .execute();
}

/** The customer's contact record in order, with each entry's hash chain. */
export function contactRecordOf(trx: Tx, organisationId: string, customerId: string) {
  return trx
    .selectFrom('interactions')
    .select(['seq', 'occurred_at', 'actor', 'channel', 'kind', 'content', 'prev_hash', 'hash'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .orderBy('seq')
    .execute();
}

/** The customer's acknowledgements of payment terms, oldest first, with the terms' name. */
export function acknowledgementsOf(trx: Tx, organisationId: string, customerId: string) {
  return trx
    .selectFrom('policy_acknowledgements as a')
    .innerJoin('payment_terms as t', (join) => join.onRef('t.organisation_id', '=', 'a.organisation_id').onRef('t.id', '=', 'a.payment_terms_id'))
    .select(['t.name', 'a.terms_version', 'a.channel', 'a.acknowledged_at', 'a.evidence'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.customer_id', '=', customerId)
    .orderBy('a.acknowledged_at')
    .execute();
}

// ---- documents

/** Stores a generated file in `documents` under a unique key (a second write replaces the content); returns its id. */
export async function storeDocument(
  trx: Tx,
  organisationId: string,
  doc: { key: string; kind: string; customerId: string; filename: string; contentType: string; content: Buffer },
): Promise<string> {
  const sha256 = createHash('sha256').update(doc.content).digest('hex');
  const row = await trx
    .insertInto('documents')
    .values({
      organisation_id: organisationId,
      key: doc.key,
      kind: doc.kind,
      customer_id: doc.customerId,
      filename: doc.filename,
      content_type: doc.contentType,
      content: doc.content,
      sha256,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doUpdateSet({ content: doc.content, sha256 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function documentExists(db: Db | Tx, organisationId: string, documentId: string): Promise<boolean> {
  const row = await db.selectFrom('documents').select('id').where('organisation_id', '=', organisationId).where('id', '=', documentId).executeTakeFirst();
  return row !== undefined;
}

// ---- agency hand-offs

export async function insertHandoff(trx: Tx, organisationId: string, handoff: Omit<Insertable<AgencyHandoffTable>, 'organisation_id'>): Promise<string> {
  const row = await trx
    .insertInto('agency_handoffs')
    .values({ organisation_id: organisationId, ...handoff })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setHandoffDocuments(trx: Tx, organisationId: string, handoffId: string, documents: { csv: string; pdf: string }): Promise<void> {
  await trx
    .updateTable('agency_handoffs')
    .set({ csv_document_id: documents.csv, pdf_document_id: documents.pdf })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', handoffId)
    .execute();
}

export function handoffForUpdate(trx: Tx, organisationId: string, handoffId: string) {
  return trx.selectFrom('agency_handoffs').selectAll().where('organisation_id', '=', organisationId).where('id', '=', handoffId).forUpdate().executeTakeFirst();
}

export async function markRecalled(trx: Tx, organisationId: string, handoffId: string, on: IsoDate): Promise<void> {
  await trx
    .updateTable('agency_handoffs')
    .set({ status: 'recalled', recalled_on: on })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', handoffId)
    .execute();
}

export interface HandoffRow {
  id: string;
  customer_id: string;
  customer_external_id: string;
  agency: string;
  commission_bp: number;
  currency: string;
  amount_minor: number;
  charges_minor: number;
  invoice_ids: string[];
  handed_off_on: string;
  recalled_on: string | null;
  status: 'active' | 'recalled';
  recovered_minor: number;
  csv_document_id: string | null;
  pdf_document_id: string | null;
}

/** Hand-offs (one, or a keyset page newest first) with the cash recovered while each was active. */
export async function handoffRows(
  db: Db | Tx,
  organisationId: string,
  filter: {
    id?: string;
    status?: 'active' | 'recalled' | undefined;
    customerId?: string | undefined;
    after?: readonly [string, string] | undefined;
    limit?: number;
  },
): Promise<HandoffRow[]> {
  // Cash allocated while the hand-off was active, not reversed: to the handed-off invoices, or
  // to the instalments of a payment plan covering them. A plan's internal settlement (method
  // 'payment_plan', which moves money already received on the instalments onto the covered
  // invoices) is not cash and is left out, so nothing counts twice.
  const recovered = sql<number>`coalesce((
    select sum(a.amount_minor) from allocations a
    join payments p on p.organisation_id = a.organisation_id and p.id = a.payment_id
    where a.organisation_id = h.organisation_id
      and p.method is distinct from 'payment_plan'
      and (a.invoice_id = any(h.invoice_ids) or a.invoice_id in (
        select pi.invoice_id from payment_plan_instalments pi
        join payment_plan_invoices pc on pc.organisation_id = pi.organisation_id and pc.plan_id = pi.plan_id
        where pi.organisation_id = h.organisation_id and pc.invoice_id = any(h.invoice_ids)))
      and a.allocated_on >= h.handed_off_on and (h.recalled_on is null or a.allocated_on < h.recalled_on)
      and a.reversed_on is null), 0)::bigint`;
  let query = db
    .selectFrom('agency_handoffs as h')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'h.organisation_id').onRef('c.id', '=', 'h.customer_id'))
    .select([
      'h.id',
      'h.customer_id',
      'c.external_id as customer_external_id',
      'h.agency',
      'h.commission_bp',
      'h.currency',
      'h.amount_minor',
      'h.charges_minor',
      'h.invoice_ids',
      'h.handed_off_on',
      'h.recalled_on',
      'h.status',
      'h.csv_document_id',
      'h.pdf_document_id',
      recovered.as('recovered_minor'),
    ])
    .where('h.organisation_id', '=', organisationId);
  if (filter.id !== undefined) return query.where('h.id', '=', filter.id).execute();
  if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.customerId) query = query.where('h.customer_id', '=', filter.customerId);
  const after = filter.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('h.handed_off_on', 'h.id'), '<', eb.tuple(after[0], after[1])));
  return query
    .orderBy('h.handed_off_on', 'desc')
    .orderBy('h.id', 'desc')
    .$if(filter.limit !== undefined, (qb) => qb.limit(filter.limit!))
    .execute();
}

// ---- service suspension

export function openSuspension(trx: Tx, organisationId: string, customerId: string) {
  return trx
    .selectFrom('service_suspensions')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export function insertSuspension(trx: Tx, organisationId: string, s: { customerId: string; reason: string | null; startedAt: Date; startedBy: string }) {
  return trx
    .insertInto('service_suspensions')
    .values({ organisation_id: organisationId, customer_id: s.customerId, reason: s.reason, started_at: s.startedAt, started_by: s.startedBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function endSuspensionRow(trx: Tx, organisationId: string, suspensionId: string, ended: { at: Date; by: string }): Promise<void> {
  await trx
    .updateTable('service_suspensions')
    .set({ ended_at: ended.at, ended_by: ended.by })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', suspensionId)
    .execute();
}

// ---- write-offs

export function invoiceForUpdate(trx: Tx, organisationId: string, invoiceId: string): Promise<Invoice> {
  return trx.selectFrom('invoices').selectAll().where('organisation_id', '=', organisationId).where('id', '=', invoiceId).forUpdate().executeTakeFirstOrThrow();
}

/** An invoice becomes written off from `on` (null: open again, e.g. after a reversal). */
export async function setInvoiceWrittenOff(trx: Tx, organisationId: string, invoiceId: string, on: IsoDate | null, now: Date): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ status: on === null ? 'open' : 'written_off', written_off_on: on, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function insertWriteOff(
  trx: Tx,
  organisationId: string,
  w: { invoiceId: string; customerId: string; on: IsoDate; reason: string; amountMinor: number; currency: string; recordedBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('write_offs')
    .values({
      organisation_id: organisationId,
      invoice_id: w.invoiceId,
      customer_id: w.customerId,
      written_off_on: w.on,
      reason: w.reason,
      amount_minor: w.amountMinor,
      currency: w.currency,
      recorded_by: w.recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The invoice's write-off not reversed, if any. */
export function liveWriteOffOf(trx: Tx, organisationId: string, invoiceId: string) {
  return trx
    .selectFrom('write_offs')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', '=', invoiceId)
    .where('reversed_on', 'is', null)
    .executeTakeFirst();
}

export async function markWriteOffReversed(
  trx: Tx,
  organisationId: string,
  writeOffId: string,
  reversal: { on: IsoDate; reason: string; by: string },
): Promise<void> {
  await trx
    .updateTable('write_offs')
    .set({ reversed_on: reversal.on, reversal_reason: reversal.reason, reversed_by: reversal.by })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', writeOffId)
    .execute();
}

/** Write-offs made or reversed between two dates (inclusive), with their invoice and customer. */
export function writeOffsBetween(db: Db | Tx, organisationId: string, from: IsoDate, to: IsoDate) {
  return db
    .selectFrom('write_offs as w')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'w.organisation_id').onRef('c.id', '=', 'w.customer_id'))
    .select([
      'w.written_off_on',
      'w.reversed_on',
      'i.external_id',
      'i.number',
      'c.external_id as customer_external_id',
      'c.name',
      'c.tax_id',
      'w.currency',
      'w.amount_minor',
      'w.reason',
      'w.reversal_reason',
    ])
    .where('w.organisation_id', '=', organisationId)
    .where((eb) =>
      eb.or([
        eb.and([eb('w.written_off_on', '>=', from), eb('w.written_off_on', '<=', to)]),
        eb.and([eb('w.reversed_on', '>=', from), eb('w.reversed_on', '<=', to)]),
      ]),
    )
    .execute();
}

/** Cash recovered on written-off invoices between two dates (inclusive); a payment plan's internal settlement is not cash. */
export function recoveriesBetween(db: Db | Tx, organisationId: string, from: IsoDate, to: IsoDate) {
  return (
    db
      .selectFrom('write_off_recoveries as r')
      .innerJoin('write_offs as w', (join) => join.onRef('w.organisation_id', '=', 'r.organisation_id').onRef('w.id', '=', 'r.write_off_id'))
      .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
      .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'w.organisation_id').onRef('c.id', '=', 'w.customer_id'))
      .innerJoin('payments as p', (join) => join.onRef('p.organisation_id', '=', 'r.organisation_id').onRef('p.id', '=', 'r.payment_id'))
      .select([
        'r.recovered_on as date',
        'i.external_id',
        'i.number',
        'c.external_id as customer_external_id',
        'c.name',
        'c.tax_id',
        'w.currency',
        'r.amount_minor',
        'w.reason',
        'p.external_id as payment_external_id',
      ])
      .where('r.organisation_id', '=', organisationId)
      // A payment plan's internal settlement is not cash received (its instalments were).
      .where((eb) => eb.or([eb('p.method', 'is', null), eb('p.method', '<>', 'payment_plan')]))
      .where('r.recovered_on', '>=', from)
      .where('r.recovered_on', '<=', to)
      .execute()
  );
}

// ---- write-off recoveries

/** Posted payments with money left that could reach a live write-off of their customer in their currency (optionally of some customers). */
export function paymentsWithCreditForWriteOffs(trx: Tx, organisationId: string, customerIds?: readonly string[]) {
  return trx
    .selectFrom('payments as p')
    .select(['p.customer_id', 'p.currency', 'p.target_invoice_id'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.status', '=', 'posted')
    .whereRef('p.allocated_minor', '<', 'p.amount_minor')
    .$if(customerIds !== undefined, (qb) => qb.where('p.customer_id', 'in', customerIds!.length > 0 ? customerIds! : ['00000000-0000-0000-0000-000000000000']))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('write_offs as w')
          .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
          .select('w.id')
          .whereRef('w.organisation_id', '=', 'p.organisation_id')
          .whereRef('w.customer_id', '=', 'p.customer_id')
          .whereRef('i.currency', '=', 'p.currency')
          .where('i.status', '=', 'written_off')
          .where('w.reversed_on', 'is', null),
      ),
    )
    .execute();
}

/** Reopens these customers' written-off invoices not fully paid (so allocation can reach them); returns their ids. */
export async function reopenWrittenOffInvoices(trx: Tx, organisationId: string, customerIds: readonly string[], now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('invoices')
    .set({ status: 'open', updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', customerIds)
    .where('status', '=', 'written_off')
    .whereRef('paid_minor', '<', 'amount_minor')
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

/** Puts the reopened invoices still open back to 'written_off'. */
export async function restoreWrittenOff(trx: Tx, organisationId: string, invoiceIds: readonly string[], now: Date): Promise<void> {
  await trx
    .updateTable('invoices')
    .set({ status: 'written_off', updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', invoiceIds)
    .where('status', '=', 'open')
    .execute();
}

/** Ids of every allocation to these invoices. */
export async function allocationIdsOf(trx: Tx, organisationId: string, invoiceIds: readonly string[]): Promise<Set<string>> {
  const rows = await trx.selectFrom('allocations').select('id').where('organisation_id', '=', organisationId).where('invoice_id', 'in', invoiceIds).execute();
  return new Set(rows.map((a) => a.id));
}

/** Live allocations to these invoices under a live write-off not yet recorded as recoveries, oldest first. */
export function unrecordedRecoveryAllocations(trx: Tx, organisationId: string, invoiceIds: readonly string[]) {
  return trx
    .selectFrom('allocations as a')
    .innerJoin('write_offs as w', (join) =>
      join.onRef('w.organisation_id', '=', 'a.organisation_id').onRef('w.invoice_id', '=', 'a.invoice_id').on('w.reversed_on', 'is', null),
    )
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['a.id', 'a.payment_id', 'a.amount_minor', 'a.allocated_on', 'w.id as write_off_id', 'i.customer_id', 'i.external_id', 'i.currency', 'i.status'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.invoice_id', 'in', invoiceIds)
    .where('a.reversed_on', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('write_off_recoveries as r')
            .select('r.id')
            .whereRef('r.organisation_id', '=', 'a.organisation_id')
            .whereRef('r.allocation_id', '=', 'a.id'),
        ),
      ),
    )
    .orderBy('a.allocated_on')
    .execute();
}

export async function insertRecoveries(
  trx: Tx,
  organisationId: string,
  recoveries: readonly { writeOffId: string; allocationId: string; paymentId: string; amountMinor: number; recoveredOn: IsoDate }[],
): Promise<void> {
  await trx
    .insertInto('write_off_recoveries')
    .values(
      recoveries.map((r) => ({
        organisation_id: organisationId,
        write_off_id: r.writeOffId,
        allocation_id: r.allocationId,
        payment_id: r.paymentId,
        amount_minor: r.amountMinor,
        recovered_on: r.recoveredOn,
      })),
    )
    .execute();
}
