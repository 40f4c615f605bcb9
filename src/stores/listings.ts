import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { BureauListingTable, BureauNoticeTable } from '../db/schema-escalation.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * Credit-bureau listings (bureau_listings), their prior notices (bureau_notices, with the outbox
 * message that carries each) and removals, with the cadence tasks that mark and follow them.
 */

export type Listing = Selectable<BureauListingTable>;
export type BureauNotice = Selectable<BureauNoticeTable>;

// ---- listings

/** The cadence's open 'bureau_listing' tasks that have no listing yet, with the customer's address and country. */
export function unopenedListingTasks(trx: Tx, organisationId: string) {
  return trx
    .selectFrom('tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .leftJoin('bureau_listings as l', (join) => join.onRef('l.organisation_id', '=', 't.organisation_id').onRef('l.task_id', '=', 't.id'))
    .select(['t.id', 't.customer_id', 't.receivable_ids', 't.currency', 'c.postal_address', 'c.country'])
    .where('t.organisation_id', '=', organisationId)
    .where('t.kind', '=', 'bureau_listing')
    .where('t.status', '=', 'open')
    .where('l.id', 'is', null)
    .execute();
}

/** Closes a task with its outcome (only while still open with `onlyOpen`). */
export async function closeTask(
  trx: Tx,
  organisationId: string,
  taskId: string,
  outcome: string,
  now: Date,
  options: { onlyOpen?: boolean } = {},
): Promise<void> {
  await trx
    .updateTable('tasks')
    .set({ status: 'done', outcome, closed_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', taskId)
    .$if(options.onlyOpen === true, (qb) => qb.where('status', '=', 'open'))
    .execute();
}

/** Due date and currency of the receivables a listing would name, whatever their status. */
export function dueDatesOf(trx: Tx, organisationId: string, invoiceIds: readonly string[]): Promise<{ due_date: IsoDate; currency: string }[]> {
  return trx.selectFrom('invoices').select(['due_date', 'currency']).where('organisation_id', '=', organisationId).where('id', 'in', invoiceIds).execute();
}

export interface NewListing {
  customerId: string;
  taskId: string;
  state: string | null;
  noticeDays: number;
  currency: string;
  amountMinor: number;
  receivableIds: string[];
  oldestDueDate: IsoDate;
  expiresOn: IsoDate;
  now: Date;
}

/** A pending listing for a task (once per task). */
export async function insertListing(trx: Tx, organisationId: string, l: NewListing): Promise<void> {
  await trx
    .insertInto('bureau_listings')
    .values({
      organisation_id: organisationId,
      customer_id: l.customerId,
      task_id: l.taskId,
      state: l.state,
      notice_days: l.noticeDays,
      currency: l.currency,
      amount_minor: l.amountMinor,
      receivable_ids: l.receivableIds,
      oldest_due_date: l.oldestDueDate,
      expires_on: l.expiresOn,
      updated_at: l.now,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'task_id']).doNothing())
    .execute();
}

/** Listings in a status, oldest first, locked while the review decides. */
export function listingsForUpdate(trx: Tx, organisationId: string, status: Listing['status']): Promise<Listing[]> {
  return trx
    .selectFrom('bureau_listings')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', '=', status)
    .orderBy('created_at')
    .forUpdate()
    .execute();
}

export async function updateListing(
  db: Db | Tx,
  organisationId: string,
  listingId: string,
  patch: { amount_minor?: number; notice_id?: string; paid_on?: IsoDate; removal_due_on?: IsoDate; updated_at: Date },
): Promise<void> {
  await db.updateTable('bureau_listings').set(patch).where('organisation_id', '=', organisationId).where('id', '=', listingId).execute();
}

/** A pending listing becomes listed under the bureau's protocol; false when it was no longer pending. */
export async function markListed(trx: Tx, organisationId: string, listingId: string, listed: { protocol: string; on: IsoDate; now: Date }): Promise<boolean> {
  const updated = await trx
    .updateTable('bureau_listings')
    .set({
      status: 'listed',
      protocol: listed.protocol,
      listed_on: listed.on,
      listed_at: listed.now,
      last_error: null,
      attempts: sql`attempts + 1`,
      updated_at: listed.now,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', listingId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Ends a listing: removed by the bureau, or cancelled before it was listed. */
export async function closeListing(
  trx: Tx,
  organisationId: string,
  listingId: string,
  status: 'removed' | 'cancelled',
  reason: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('bureau_listings')
    .set({ status, removal_reason: reason, removed_at: status === 'removed' ? now : null, last_error: null, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', listingId)
    .execute();
}

/** Counts a failed bureau call on the listing, with its error. */
export async function recordListingFailure(db: Db | Tx, organisationId: string, listingId: string, error: string, now: Date): Promise<void> {
  await db
    .updateTable('bureau_listings')
    .set({ attempts: sql`attempts + 1`, last_error: error, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', listingId)
    .execute();
}

/** The task that follows a removal due after full payment (once per listing). */
export async function insertRemovalTask(trx: Tx, organisationId: string, listing: Listing, task: { dueOn: IsoDate; instructions: string }): Promise<void> {
  await trx
    .insertInto('tasks')
    .values({
      organisation_id: organisationId,
      customer_id: listing.customer_id,
      kind: 'bureau_removal_due',
      dedupe_key: `bureau-removal:${listing.id}`,
      currency: listing.currency,
      receivable_ids: listing.receivable_ids,
      amount_minor: listing.amount_minor,
      due_on: task.dueOn,
      instructions: task.instructions,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing())
    .execute();
}

/** Closes the open removal task of a listing. */
export async function closeRemovalTask(trx: Tx, organisationId: string, listingId: string, outcome: string, now: Date): Promise<void> {
  await trx
    .updateTable('tasks')
    .set({ status: 'done', outcome, closed_at: now })
    .where('organisation_id', '=', organisationId)
    .where('dedupe_key', '=', `bureau-removal:${listingId}`)
    .where('status', '=', 'open')
    .execute();
}

export interface OwedInvoice {
  id: string;
  number: string;
  due_date: string;
  open_minor: number;
}

/** The listed receivables still owed (open, or written off: a write-off does not extinguish the debt). */
export async function owedInvoices(trx: Tx, organisationId: string, ids: readonly string[]): Promise<OwedInvoice[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('invoices')
    .select(['id', 'number', 'due_date', 'amount_minor', 'paid_minor'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .where('status', 'in', ['open', 'written_off'])
    .whereRef('paid_minor', '<', 'amount_minor')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, due_date: r.due_date, open_minor: r.amount_minor - r.paid_minor }));
}

/** The day of the latest live allocation to these receivables, if any. */
export async function lastLiveAllocationOn(trx: Tx, organisationId: string, invoiceIds: readonly string[]): Promise<IsoDate | null> {
  const row = await trx
    .selectFrom('allocations')
    .select((eb) => eb.fn.max('allocated_on').as('last'))
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoiceIds)
    .where('reversed_on', 'is', null)
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

/** Listed debts paid in full whose removal deadline passed before `asOf`, the most overdue first. */
export function listingsPastRemovalDue(db: Db | Tx, organisationId: string, asOf: IsoDate) {
  return db
    .selectFrom('bureau_listings as l')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'l.organisation_id').onRef('c.id', '=', 'l.customer_id'))
    .select(['l.id', 'l.customer_id', 'c.external_id', 'l.protocol', 'l.paid_on', 'l.removal_due_on', 'l.attempts', 'l.last_error'])
    .where('l.organisation_id', '=', organisationId)
    .where('l.status', '=', 'listed')
    .where('l.removal_due_on', '<', asOf)
    .orderBy('l.removal_due_on')
    .orderBy('c.external_id')
    .execute();
}

// ---- prior notices

export function noticeById(db: Db | Tx, organisationId: string, noticeId: string, options: { lock?: boolean } = {}): Promise<BureauNotice | undefined> {
  return db
    .selectFrom('bureau_notices')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', noticeId)
    .$if(options.lock === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** The outbox message that carries a notice: its channel, status and the proof the delivery pipeline recorded. */
export function noticeMessage(db: Db | Tx, organisationId: string, messageId: string) {
  return db
    .selectFrom('outbox_messages')
    .select(['channel', 'status', 'sent_at', 'delivered_at', 'updated_at', 'provider_message_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', messageId)
    .executeTakeFirstOrThrow();
}

/** The customer's newest final notice covering any of these receivables and not in one of `deadStatuses`. */
export async function latestFinalNotice(
  trx: Tx,
  organisationId: string,
  customerId: string,
  receivableIds: readonly string[],
  deadStatuses: readonly ('failed' | 'bounced' | 'cancelled')[],
): Promise<string | null> {
  const row = await trx
    .selectFrom('outbox_messages')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('template', '=', 'final_notice')
    .where('status', 'not in', deadStatuses)
    .where(sql<boolean>`receivable_ids && ${receivableIds}::uuid[]`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The customer's first e-mail contact that has not opted out, by role. */
export function noticeEmailContact(trx: Tx, organisationId: string, customerId: string) {
  return trx
    .selectFrom('contacts')
    .select(['id', 'address', 'language', 'timezone'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'email')
    .where('consent', '!=', 'opted_out')
    .orderBy('role')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function noticeCountOfCustomer(trx: Tx, organisationId: string, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('bureau_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NoticeMessage {
  customerId: string;
  dedupeKey: string;
  asOf: IsoDate;
  channel: 'email' | 'letter';
  language: string;
  contactId: string | null;
  recipient: string;
  timezone: string;
  country: string;
  currency: string;
  receivableIds: string[];
  now: Date;
}

/** Queues a 'final_notice' message of the escalation in the outbox; returns its id. */
export async function insertNoticeMessage(trx: Tx, organisationId: string, m: NoticeMessage): Promise<string> {
  const row = await trx
    .insertInto('outbox_messages')
    .values({
      organisation_id: organisationId,
      customer_id: m.customerId,
      dedupe_key: m.dedupeKey,
      as_of: m.asOf,
      policy_name: 'escalation',
      step_id: 'bureau-notice',
      channel: m.channel,
      template: 'final_notice',
      tone: 'final',
      language: m.language,
      contact_id: m.contactId,
      recipient: m.recipient,
      timezone: m.timezone,
      country: m.country,
      currency: m.currency,
      receivable_ids: m.receivableIds,
      next_attempt_at: m.now,
      updated_at: m.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function insertNotice(
  trx: Tx,
  organisationId: string,
  n: { customerId: string; messageId: string; channel: string; receivableIds: string[] },
): Promise<BureauNotice> {
  return trx
    .insertInto('bureau_notices')
    .values({
      organisation_id: organisationId,
      customer_id: n.customerId,
      outbox_message_id: n.messageId,
      channel: n.channel,
      receivable_ids: n.receivableIds,
      delivery_evidence: '{}',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records proof on a notice (sending, delivery, the evidence); returns the notice as stored. */
export function updateNoticeProof(
  trx: Tx,
  organisationId: string,
  noticeId: string,
  proof: { sent_at?: Date | null; delivered_at: Date | null; delivery_evidence: Record<string, unknown> },
): Promise<BureauNotice> {
  return trx
    .updateTable('bureau_notices')
    .set({ ...proof, delivery_evidence: JSON.stringify(proof.delivery_evidence) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', noticeId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NoticeView extends BureauNotice {
  customer_external_id: string;
}

/** Prior notices, newest first (at most 200), optionally of one customer or only those without delivery proof. */
export function noticesWithCustomer(
  db: Db | Tx,
  organisationId: string,
  filter: { customerId?: string | undefined; undelivered?: boolean | undefined },
): Promise<NoticeView[]> {
  return db
    .selectFrom('bureau_notices as n')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'n.organisation_id').onRef('c.id', '=', 'n.customer_id'))
    .selectAll('n')
    .select('c.external_id as customer_external_id')
    .where('n.organisation_id', '=', organisationId)
    .$if(filter.customerId !== undefined, (qb) => qb.where('n.customer_id', '=', filter.customerId!))
    .$if(filter.undelivered === true, (qb) => qb.where('n.delivered_at', 'is', null))
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(200)
    .execute();
}
