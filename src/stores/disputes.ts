import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { DisputeTable } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';

/** Disputes on invoices. */

export type DisputeRow = Selectable<DisputeTable>;
export type DisputeStatus = DisputeRow['status'];

/** A dispute with what a reader needs: its invoice's and customer's own ids, the invoice's currency, amounts and status. */
export interface DisputeView extends DisputeRow {
  invoice_external_id: string;
  customer_id: string;
  customer_external_id: string;
  currency: string;
  invoice_amount_minor: number;
  invoice_paid_minor: number;
  invoice_status: string;
}

function disputeViews(db: Db | Tx, organisationId: string) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'd.organisation_id').onRef('i.id', '=', 'd.invoice_id'))
    .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 'i.organisation_id').onRef('c.id', '=', 'i.customer_id'))
    .selectAll('d')
    .select([
      'i.external_id as invoice_external_id',
      'i.customer_id',
      'c.external_id as customer_external_id',
      'i.currency',
      'i.amount_minor as invoice_amount_minor',
      'i.paid_minor as invoice_paid_minor',
      'i.status as invoice_status',
    ])
    .where('d.organisation_id', '=', organisationId);
}

export function disputeViewById(db: Db | Tx, organisationId: string, disputeId: string): Promise<DisputeView> {
  return disputeViews(db, organisationId).where('d.id', '=', disputeId).executeTakeFirstOrThrow();
}

/** Disputes in the order they were opened, after the keyset cursor (opened_at, id) when given. */
export function disputeViewsInOrder(
  db: Db | Tx,
  organisationId: string,
  filters: { status?: DisputeStatus; after?: { at: Date; id: string } },
  limit: number,
): Promise<DisputeView[]> {
  let query = disputeViews(db, organisationId);
  if (filters.status) query = query.where('d.status', '=', filters.status);
  const after = filters.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('d.opened_at', 'd.id'), '>', eb.tuple(after.at, after.id)));
  return query.orderBy('d.opened_at').orderBy('d.id').limit(limit).execute();
}

/** Opens a dispute; undefined when the invoice already has an open one. */
export async function insertOpenDispute(
  trx: Tx,
  organisationId: string,
  values: { invoice_id: string; reason: string; owner: string | null; deadline: IsoDate | null; opened_at: Date },
): Promise<string | undefined> {
  const row = await trx
    .insertInto('disputes')
    .values({ ...values, organisation_id: organisationId })
    .onConflict((oc) => oc.columns(['organisation_id', 'invoice_id']).where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The id of the open dispute on an invoice (one exists). */
export async function openDisputeIdOf(db: Db | Tx, organisationId: string, invoiceId: string): Promise<string> {
  const row = await db
    .selectFrom('disputes')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The dispute, locked for a change (undefined when there is none). */
export function lockDispute(trx: Tx, organisationId: string, disputeId: string): Promise<DisputeRow | undefined> {
  return trx.selectFrom('disputes').selectAll().where('organisation_id', '=', organisationId).where('id', '=', disputeId).forUpdate().executeTakeFirst();
}

export async function closeDispute(
  trx: Tx,
  organisationId: string,
  disputeId: string,
  status: 'accepted' | 'rejected',
  resolution: Record<string, unknown>,
  resolvedAt: Date,
): Promise<void> {
  await trx
    .updateTable('disputes')
    .set({ status, resolution: JSON.stringify(resolution), resolved_at: resolvedAt })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', disputeId)
    .execute();
}

/** Open disputes with a deadline on or before `by`, with their invoice. */
export function openDisputesDueBy(trx: Tx, organisationId: string, by: IsoDate) {
  return trx
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'd.organisation_id').onRef('i.id', '=', 'd.invoice_id'))
    .select(['d.id', 'd.reason', 'd.owner', 'd.deadline'])
    .select(['i.id as invoice_id', 'i.external_id', 'i.customer_id', 'i.currency', 'i.amount_minor', 'i.paid_minor'])
    .where('d.organisation_id', '=', organisationId)
    .where('d.status', '=', 'open')
    .where('d.deadline', 'is not', null)
    .where('d.deadline', '<=', by)
    .execute();
}

/** When each of some customers' disputes was opened. */
export function disputeOpeningsOf(db: Db | Tx, organisationId: string, customerIds: readonly string[] | null) {
  return db
    .selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'd.organisation_id').onRef('i.id', '=', 'd.invoice_id'))
    .select(['i.customer_id', 'd.opened_at'])
    .where('d.organisation_id', '=', organisationId)
    .$if(customerIds !== null, (q) => q.where('i.customer_id', 'in', [...customerIds!]))
    .execute();
}
