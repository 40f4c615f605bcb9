import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { BureauListingTable } from '../../db/schema-escalation.ts';
import { dateInZone, maxDate } from '../../domain/dates.ts';
import { escalationStepsFor } from '../../domain/jurisdiction.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import { ensureNotice } from './bureau-notice.ts';
import { expiresOn, listableOn, noticeDaysFor, removalDueOn, stateOfAddress } from '../../domain/escalation/bureau-calendar.ts';
import { BureauRejectedError, type BureauListingInput, type BureauRemovalReason, type CreditBureau } from '../../adapters/bureau/credit-bureau.ts';
import { getEscalationSettings } from './settings.ts';
import { inTransaction } from '../../db/transaction.ts';
import { recoverWrittenOffPayments } from './write-off-recoveries.ts';

type Listing = Selectable<BureauListingTable>;

export interface EscalationDeps {
  bureau: CreditBureau;
}

export interface EscalationReview {
  as_of: string;
  listings_opened: number;
  notices_queued: number;
  waiting_for_delivery: number;
  waiting_for_notice_period: number;
  listed: number;
  cancelled: number;
  removals_due: number;
  removed: number;
  expired: number;
  write_off_recoveries: number;
  failures: { listing_id: string; action: 'list' | 'remove' | 'notice'; error: string }[];
}

/**
 * The daily escalation review, as of a business date:
 * - every open 'bureau_listing' task of the cadence becomes a listing that waits for its prior
 *   notice (CDC art. 43 §2): the final notice already sent, or one queued now;
 * - a listing goes to the bureau only once sending and delivery of the notice are proven
 *   (Tema 1.315) and the notice period of the debtor's state has passed since delivery;
 *   settled or expired receivables are never listed;
 * - a listed debt paid in full gets a 'bureau_removal_due' task due 5 business days after the
 *   payment (STJ Súmula 548) and the removal is requested at once, then again each day until
 *   the bureau confirms; a listing 5 years past its oldest due date is removed (CDC art. 43 §1);
 * - payments on written-off invoices are recorded as recoveries.
 * Decisions are committed before each bureau call and the calls carry idempotency keys, so an
 * interrupted review, or one run twice, neither loses nor repeats anything.
 */
export async function reviewEscalations(db: Db | Tx, organisationId: string, asOf: string, now: Date, deps: EscalationDeps): Promise<EscalationReview> {
  const review: EscalationReview = {
    as_of: asOf, listings_opened: 0, notices_queued: 0, waiting_for_delivery: 0, waiting_for_notice_period: 0, listed: 0, cancelled: 0,
    removals_due: 0, removed: 0, expired: 0, write_off_recoveries: 0, failures: [],
  };
  const toList = await inTransaction(db, async (trx) => {
    review.listings_opened = await openListings(trx, organisationId, now);
    return decidePending(trx, organisationId, asOf, now, review);
  });
  for (const request of toList) await list(db, organisationId, request, asOf, now, deps.bureau, review);
  const toRemove = await inTransaction(db, (trx) => decideRemovals(trx, organisationId, asOf, now, review));
  for (const { listing, reason } of toRemove) await remove(db, organisationId, listing, reason, now, deps.bureau, review);
  review.write_off_recoveries = await inTransaction(db, (trx) => recoverWrittenOffPayments(trx, organisationId, { actor: 'escalation', now }));
  return review;
}

/** Turns the cadence's open 'bureau_listing' markers into listings (once per task). */
async function openListings(trx: Tx, organisationId: string, now: Date): Promise<number> {
  const tasks = await trx
    .selectFrom('tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .leftJoin('bureau_listings as l', (join) => join.onRef('l.organisation_id', '=', 't.organisation_id').onRef('l.task_id', '=', 't.id'))
    .select(['t.id', 't.customer_id', 't.receivable_ids', 't.currency', 'c.postal_address', 'c.country'])
    .where('t.organisation_id', '=', organisationId)
    .where('t.kind', '=', 'bureau_listing')
    .where('t.status', '=', 'open')
    .where('l.id', 'is', null)
    .execute();
  if (tasks.length === 0) return 0;
  const settings = await getEscalationSettings(trx, organisationId);
  let opened = 0;
  for (const task of tasks) {
    // A marker left before the organisation changed its settings for this country.
    if (!escalationStepsFor(task.country, settings.stepsByCountry).includes('bureau_listing')) {
      const outcome = `not listed: bureau listing is not configured for debtors in ${task.country}`;
      await trx.updateTable('tasks').set({ status: 'done', outcome, closed_at: now }).where('organisation_id', '=', organisationId).where('id', '=', task.id).execute();
      await appendInteraction(trx, organisationId, { occurredAt: now, customerId: task.customer_id, actor: 'escalation', channel: 'system', kind: 'step_skipped', content: { task_id: task.id, reason: 'escalation_not_configured', country: task.country } });
      continue;
    }
    const invoices = await owedInvoices(trx, organisationId, task.receivable_ids);
    if (task.receivable_ids.length === 0) continue;
    const all = await trx.selectFrom('invoices').select(['due_date', 'currency']).where('organisation_id', '=', organisationId).where('id', 'in', task.receivable_ids).execute();
    const oldest = all.map((i) => i.due_date).sort()[0]!;
    const state = stateOfAddress(task.postal_address);
    const amount = invoices.reduce((sum, i) => sum + i.open_minor, 0);
    await trx
      .insertInto('bureau_listings')
      .values({
        organisation_id: organisationId, customer_id: task.customer_id, task_id: task.id, state, notice_days: noticeDaysFor(state, settings.noticeDaysByState),
        currency: task.currency ?? all[0]!.currency, amount_minor: Math.max(1, amount), receivable_ids: task.receivable_ids, oldest_due_date: oldest, expires_on: expiresOn(oldest), updated_at: now,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'task_id']).doNothing())
      .execute();
    opened++;
  }
  return opened;
}

interface ListRequest {
  listing: Listing;
  input: BureauListingInput;
}

async function decidePending(trx: Tx, organisationId: string, asOf: string, now: Date, review: EscalationReview): Promise<ListRequest[]> {
  const org = await trx.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
  const pending = await trx.selectFrom('bureau_listings').selectAll().where('organisation_id', '=', organisationId).where('status', '=', 'pending').orderBy('created_at').forUpdate().execute();
  const requests: ListRequest[] = [];
  for (const listing of pending) {
    const owed = await owedInvoices(trx, organisationId, listing.receivable_ids);
    if (owed.length === 0 || listing.expires_on <= asOf) {
      const reason = owed.length === 0 ? 'settled before listing' : 'expired before listing';
      await close(trx, organisationId, listing, 'cancelled', reason, now);
      review.cancelled++;
      continue;
    }
    const customer = await trx.selectFrom('customers').selectAll().where('organisation_id', '=', organisationId).where('id', '=', listing.customer_id).executeTakeFirstOrThrow();
    const hadNotice = listing.notice_id;
    const notice = await ensureNotice(trx, organisationId, listing, customer, asOf, now);
    if (!notice) {
      review.failures.push({ listing_id: listing.id, action: 'notice', error: 'the customer has no e-mail address or postal address for the prior notice' });
      continue;
    }
    if (notice.id !== hadNotice && notice.sent_at === null) review.notices_queued++;
    if (!notice.sent_at || !notice.delivered_at) {
      review.waiting_for_delivery++;
      continue;
    }
    if (asOf < listableOn(dateInZone(notice.delivered_at, org.timezone), listing.notice_days)) {
      review.waiting_for_notice_period++;
      continue;
    }
    const amountMinor = owed.reduce((sum, i) => sum + i.open_minor, 0);
    await trx.updateTable('bureau_listings').set({ amount_minor: amountMinor, updated_at: now }).where('organisation_id', '=', organisationId).where('id', '=', listing.id).execute();
    requests.push({
      listing: { ...listing, amount_minor: amountMinor },
      input: {
        reference: listing.id,
        creditor: { name: org.name, legalName: org.legal_name, taxId: org.tax_id },
        debtor: { name: customer.name, taxId: customer.tax_id, taxIdKind: customer.tax_id_kind, partyType: customer.party_type, address: customer.postal_address, state: listing.state },
        amount: formatAmount(amountMinor, listing.currency), currency: listing.currency, oldestDueDate: listing.oldest_due_date, expiresOn: listing.expires_on,
        receivables: owed.map((i) => ({ number: i.number, dueDate: i.due_date, amount: formatAmount(i.open_minor, listing.currency) })),
        notice: { channel: notice.channel, sentAt: notice.sent_at.toISOString(), deliveredAt: notice.delivered_at.toISOString() },
      },
    });
  }
  return requests;
}

async function list(db: Db | Tx, organisationId: string, request: ListRequest, asOf: string, now: Date, bureau: CreditBureau, review: EscalationReview): Promise<void> {
  const { listing } = request;
  let protocol: string;
  try {
    protocol = (await bureau.list(request.input)).protocol;
  } catch (error) {
    await recordFailure(db, organisationId, listing, 'list', error, now, review);
    return;
  }
  await inTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('bureau_listings')
      .set({ status: 'listed', protocol, listed_on: asOf, listed_at: now, last_error: null, attempts: sql`attempts + 1`, updated_at: now })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', listing.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    await trx.updateTable('tasks').set({ status: 'done', outcome: `listed, protocol ${protocol}`, closed_at: now }).where('organisation_id', '=', organisationId).where('id', '=', listing.task_id).execute();
    await appendInteraction(trx, organisationId, {
      occurredAt: now, customerId: listing.customer_id, actor: 'escalation', channel: 'bureau', kind: 'bureau_listed',
      content: { listing_id: listing.id, protocol, amount: request.input.amount, currency: listing.currency, receivables: listing.receivable_ids, notice: request.input.notice, expires_on: listing.expires_on },
    });
    review.listed++;
  });
}

async function decideRemovals(trx: Tx, organisationId: string, asOf: string, now: Date, review: EscalationReview): Promise<{ listing: Listing; reason: BureauRemovalReason }[]> {
  const listed = await trx.selectFrom('bureau_listings').selectAll().where('organisation_id', '=', organisationId).where('status', '=', 'listed').orderBy('created_at').forUpdate().execute();
  const removals: { listing: Listing; reason: BureauRemovalReason }[] = [];
  for (const listing of listed) {
    if (listing.expires_on <= asOf) {
      removals.push({ listing, reason: 'expired' });
      continue;
    }
    if (listing.paid_on) {
      removals.push({ listing, reason: 'paid' });
      continue;
    }
    if ((await owedInvoices(trx, organisationId, listing.receivable_ids)).length > 0) continue;
    const paidOn = await settledOn(trx, organisationId, listing, asOf);
    const dueOn = removalDueOn(paidOn);
    await trx.updateTable('bureau_listings').set({ paid_on: paidOn, removal_due_on: dueOn, updated_at: now }).where('organisation_id', '=', organisationId).where('id', '=', listing.id).execute();
    await trx
      .insertInto('tasks')
      .values({
        organisation_id: organisationId, customer_id: listing.customer_id, kind: 'bureau_removal_due', dedupe_key: `bureau-removal:${listing.id}`, currency: listing.currency,
        receivable_ids: listing.receivable_ids, amount_minor: listing.amount_minor, due_on: dueOn,
        instructions: `Paid in full on ${paidOn}: the bureau must be asked to remove listing ${listing.protocol} by ${dueOn} (STJ Súmula 548).`,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing())
      .execute();
    await appendInteraction(trx, organisationId, {
      occurredAt: now, customerId: listing.customer_id, actor: 'escalation', channel: 'bureau', kind: 'bureau_removal_due',
      content: { listing_id: listing.id, protocol: listing.protocol, paid_on: paidOn, removal_due_on: dueOn },
    });
    review.removals_due++;
    removals.push({ listing: { ...listing, paid_on: paidOn, removal_due_on: dueOn }, reason: 'paid' });
  }
  return removals;
}

async function remove(db: Db | Tx, organisationId: string, listing: Listing, reason: BureauRemovalReason, now: Date, bureau: CreditBureau, review: EscalationReview): Promise<void> {
  try {
    await bureau.remove(listing.protocol!, reason);
  } catch (error) {
    await recordFailure(db, organisationId, listing, 'remove', error, now, review);
    return;
  }
  await inTransaction(db, async (trx) => {
    await close(trx, organisationId, listing, 'removed', reason, now);
    await trx
      .updateTable('tasks')
      .set({ status: 'done', outcome: `removal requested, protocol ${listing.protocol}`, closed_at: now })
      .where('organisation_id', '=', organisationId)
      .where('dedupe_key', '=', `bureau-removal:${listing.id}`)
      .where('status', '=', 'open')
      .execute();
  });
  if (reason === 'expired') review.expired++;
  else review.removed++;
}

async function close(trx: Tx, organisationId: string, listing: Listing, status: 'removed' | 'cancelled', reason: string, now: Date): Promise<void> {
  await trx
    .updateTable('bureau_listings')
    .set({ status, removal_reason: reason, removed_at: status === 'removed' ? now : null, last_error: null, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', listing.id)
    .execute();
  if (status === 'cancelled') {
    await trx.updateTable('tasks').set({ status: 'done', outcome: `not listed: ${reason}`, closed_at: now }).where('organisation_id', '=', organisationId).where('id', '=', listing.task_id).where('status', '=', 'open').execute();
  }
  await appendInteraction(trx, organisationId, {
    occurredAt: now, customerId: listing.customer_id, actor: 'escalation', channel: 'bureau', kind: status === 'removed' ? 'bureau_removed' : 'bureau_listing_cancelled',
    content: { listing_id: listing.id, protocol: listing.protocol, reason },
  });
}

async function recordFailure(db: Db | Tx, organisationId: string, listing: Listing, action: 'list' | 'remove', error: unknown, now: Date, review: EscalationReview): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof BureauRejectedError ? `${error.code}: ${message}` : message;
  await db
    .updateTable('bureau_listings')
    .set({ attempts: sql`attempts + 1`, last_error: detail, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', listing.id)
    .execute();
  review.failures.push({ listing_id: listing.id, action, error: detail });
}

interface OwedInvoice {
  id: string;
  number: string;
  due_date: string;
  open_minor: number;
}

/** The listed receivables still owed (open, or written off: a write-off does not extinguish the debt). */
async function owedInvoices(trx: Tx, organisationId: string, ids: readonly string[]): Promise<OwedInvoice[]> {
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

/** The day the listed debt became fully paid: the latest live allocation to it (at least the listing day). */
async function settledOn(trx: Tx, organisationId: string, listing: Listing, asOf: string): Promise<string> {
  const row = await trx
    .selectFrom('allocations')
    .select((eb) => eb.fn.max('allocated_on').as('last'))
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', listing.receivable_ids)
    .where('reversed_on', 'is', null)
    .executeTakeFirst();
  const last = (row?.last as string | null | undefined) ?? asOf;
  return maxDate(last, listing.listed_on ?? last);
}
