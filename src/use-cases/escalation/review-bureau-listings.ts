import type { Db, Tx } from '../../db/database.ts';
import { dateInZone, maxDate } from '../../domain/dates.ts';
import { escalationStepsFor } from '../../domain/jurisdiction.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteraction } from '../contact-record.ts';
import { ensureNotice } from './bureau-notice.ts';
import { expiresOn, listableOn, noticeDaysFor, removalDueOn, stateOfAddress } from '../../domain/escalation/bureau-calendar.ts';
import { BureauRejectedError, type BureauListingInput, type BureauRemovalReason, type CreditBureau } from '../../adapters/bureau/credit-bureau.ts';
import { getEscalationSettings } from './settings.ts';
import { inTransaction } from '../../db/transaction.ts';
import { organisationById } from '../../stores/organisations.ts';
import {
  closeListing,
  closeRemovalTask,
  closeTask,
  dueDatesOf,
  insertListing,
  insertRemovalTask,
  lastLiveAllocationOn,
  listingsForUpdate,
  markListed,
  owedInvoices,
  recordListingFailure,
  unopenedListingTasks,
  updateListing,
  type Listing,
} from '../../stores/listings.ts';
import { findCustomer } from '../customers.ts';

export interface EscalationDeps {
  bureau: CreditBureau;
}

export interface BureauListingReview {
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
  failures: { listing_id: string; action: 'list' | 'remove' | 'notice'; error: string }[];
}

/**
 * The daily review of credit-bureau listings, as of a business date:
 * - every open 'bureau_listing' task of the cadence becomes a listing that waits for its prior
 *   notice (CDC art. 43 §2): the final notice already sent, or one queued now;
 * - a listing goes to the bureau only once sending and delivery of the notice are proven
 *   (Tema 1.315) and the notice period of the debtor's state has passed since delivery;
 *   settled or expired receivables are never listed;
 * - a listed debt paid in full gets a 'bureau_removal_due' task due 5 business days after the
 *   payment (STJ Súmula 548) and the removal is requested at once, then again each day until
 *   the bureau confirms; a listing 5 years past its oldest due date is removed (CDC art. 43 §1).
 * Decisions are committed before each bureau call and the calls carry idempotency keys, so an
 * interrupted review, or one run twice, neither loses nor repeats anything.
 */
export async function reviewBureauListings(db: Db | Tx, organisationId: string, asOf: string, now: Date, deps: EscalationDeps): Promise<BureauListingReview> {
  const review: BureauListingReview = {
    as_of: asOf,
    listings_opened: 0,
    notices_queued: 0,
    waiting_for_delivery: 0,
    waiting_for_notice_period: 0,
    listed: 0,
    cancelled: 0,
    removals_due: 0,
    removed: 0,
    expired: 0,
    failures: [],
  };
  const toList = await inTransaction(db, async (trx) => {
    review.listings_opened = await openListings(trx, organisationId, now);
    return decidePending(trx, organisationId, asOf, now, review);
  });
  for (const request of toList) await list(db, organisationId, request, asOf, now, deps.bureau, review);
  const toRemove = await inTransaction(db, (trx) => decideRemovals(trx, organisationId, asOf, now, review));
  for (const { listing, reason } of toRemove) await remove(db, organisationId, listing, reason, now, deps.bureau, review);
  return review;
}

/** Turns the cadence's open 'bureau_listing' markers into listings (once per task). */
async function openListings(trx: Tx, organisationId: string, now: Date): Promise<number> {
  const tasks = await unopenedListingTasks(trx, organisationId);
  if (tasks.length === 0) return 0;
  const settings = await getEscalationSettings(trx, organisationId);
  let opened = 0;
  for (const task of tasks) {
    // A marker left before the organisation changed its settings for this country.
    if (!escalationStepsFor(task.country, settings.stepsByCountry).includes('bureau_listing')) {
      const outcome = `not listed: bureau listing is not configured for debtors in ${task.country}`;
      await closeTask(trx, organisationId, task.id, outcome, now);
      await appendInteraction(trx, organisationId, {
        occurredAt: now,
        customerId: task.customer_id,
        actor: 'escalation',
        channel: 'system',
        kind: 'step_skipped',
        content: { task_id: task.id, reason: 'escalation_not_configured', country: task.country },
      });
      continue;
    }
    const invoices = await owedInvoices(trx, organisationId, task.receivable_ids);
    if (task.receivable_ids.length === 0) continue;
    const all = await dueDatesOf(trx, organisationId, task.receivable_ids);
    const oldest = all.map((i) => i.due_date).sort()[0]!;
    const state = stateOfAddress(task.postal_address);
    const amount = invoices.reduce((sum, i) => sum + i.open_minor, 0);
    await insertListing(trx, organisationId, {
      customerId: task.customer_id,
      taskId: task.id,
      state,
      noticeDays: noticeDaysFor(state, settings.noticeDaysByState),
      currency: task.currency ?? all[0]!.currency,
      amountMinor: Math.max(1, amount),
      receivableIds: task.receivable_ids,
      oldestDueDate: oldest,
      expiresOn: expiresOn(oldest),
      now,
    });
    opened++;
  }
  return opened;
}

interface ListRequest {
  listing: Listing;
  input: BureauListingInput;
}

async function decidePending(trx: Tx, organisationId: string, asOf: string, now: Date, review: BureauListingReview): Promise<ListRequest[]> {
  const org = await organisationById(trx, organisationId);
  const pending = await listingsForUpdate(trx, organisationId, 'pending');
  const requests: ListRequest[] = [];
  for (const listing of pending) {
    const owed = await owedInvoices(trx, organisationId, listing.receivable_ids);
    if (owed.length === 0 || listing.expires_on <= asOf) {
      const reason = owed.length === 0 ? 'settled before listing' : 'expired before listing';
      await close(trx, organisationId, listing, 'cancelled', reason, now);
      review.cancelled++;
      continue;
    }
    const customer = await findCustomer(trx, organisationId, { id: listing.customer_id });
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
    await updateListing(trx, organisationId, listing.id, { amount_minor: amountMinor, updated_at: now });
    requests.push({
      listing: { ...listing, amount_minor: amountMinor },
      input: {
        reference: listing.id,
        creditor: { name: org.name, legalName: org.legal_name, taxId: org.tax_id },
        debtor: {
          name: customer.name,
          taxId: customer.tax_id,
          taxIdKind: customer.tax_id_kind,
          partyType: customer.party_type,
          address: customer.postal_address,
          state: listing.state,
        },
        amount: formatAmount(amountMinor, listing.currency),
        currency: listing.currency,
        oldestDueDate: listing.oldest_due_date,
        expiresOn: listing.expires_on,
        receivables: owed.map((i) => ({ number: i.number, dueDate: i.due_date, amount: formatAmount(i.open_minor, listing.currency) })),
        notice: { channel: notice.channel, sentAt: notice.sent_at.toISOString(), deliveredAt: notice.delivered_at.toISOString() },
      },
    });
  }
  return requests;
}

async function list(
  db: Db | Tx,
  organisationId: string,
  request: ListRequest,
  asOf: string,
  now: Date,
  bureau: CreditBureau,
  review: BureauListingReview,
): Promise<void> {
  const { listing } = request;
  let protocol: string;
  try {
    protocol = (await bureau.list(request.input)).protocol;
  } catch (error) {
    await recordFailure(db, organisationId, listing, 'list', error, now, review);
    return;
  }
  await inTransaction(db, async (trx) => {
    if (!(await markListed(trx, organisationId, listing.id, { protocol, on: asOf, now }))) return;
    await closeTask(trx, organisationId, listing.task_id, `listed, protocol ${protocol}`, now);
    await appendInteraction(trx, organisationId, {
      occurredAt: now,
      customerId: listing.customer_id,
      actor: 'escalation',
      channel: 'bureau',
      kind: 'bureau_listed',
      content: {
        listing_id: listing.id,
        protocol,
        amount: request.input.amount,
        currency: listing.currency,
        receivables: listing.receivable_ids,
        notice: request.input.notice,
        expires_on: listing.expires_on,
      },
    });
    review.listed++;
  });
}

async function decideRemovals(
  trx: Tx,
  organisationId: string,
  asOf: string,
  now: Date,
  review: BureauListingReview,
): Promise<{ listing: Listing; reason: BureauRemovalReason }[]> {
  const listed = await listingsForUpdate(trx, organisationId, 'listed');
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
    await updateListing(trx, organisationId, listing.id, { paid_on: paidOn, removal_due_on: dueOn, updated_at: now });
    await insertRemovalTask(trx, organisationId, listing, {
      dueOn,
      instructions: `Paid in full on ${paidOn}: the bureau must be asked to remove listing ${listing.protocol} by ${dueOn} (STJ Súmula 548).`,
    });
    await appendInteraction(trx, organisationId, {
      occurredAt: now,
      customerId: listing.customer_id,
      actor: 'escalation',
      channel: 'bureau',
      kind: 'bureau_removal_due',
      content: { listing_id: listing.id, protocol: listing.protocol, paid_on: paidOn, removal_due_on: dueOn },
    });
    review.removals_due++;
    removals.push({ listing: { ...listing, paid_on: paidOn, removal_due_on: dueOn }, reason: 'paid' });
  }
  return removals;
}

async function remove(
  db: Db | Tx,
  organisationId: string,
  listing: Listing,
  reason: BureauRemovalReason,
  now: Date,
  bureau: CreditBureau,
  review: BureauListingReview,
): Promise<void> {
  try {
    await bureau.remove(listing.protocol!, reason);
  } catch (error) {
    await recordFailure(db, organisationId, listing, 'remove', error, now, review);
    return;
  }
  await inTransaction(db, async (trx) => {
    await close(trx, organisationId, listing, 'removed', reason, now);
    await closeRemovalTask(trx, organisationId, listing.id, `removal requested, protocol ${listing.protocol}`, now);
  });
  if (reason === 'expired') review.expired++;
  else review.removed++;
}

async function close(trx: Tx, organisationId: string, listing: Listing, status: 'removed' | 'cancelled', reason: string, now: Date): Promise<void> {
  await closeListing(trx, organisationId, listing.id, status, reason, now);
  if (status === 'cancelled') await closeTask(trx, organisationId, listing.task_id, `not listed: ${reason}`, now, { onlyOpen: true });
  await appendInteraction(trx, organisationId, {
    occurredAt: now,
    customerId: listing.customer_id,
    actor: 'escalation',
    channel: 'bureau',
    kind: status === 'removed' ? 'bureau_removed' : 'bureau_listing_cancelled',
    content: { listing_id: listing.id, protocol: listing.protocol, reason },
  });
}

async function recordFailure(
  db: Db | Tx,
  organisationId: string,
  listing: Listing,
  action: 'list' | 'remove',
  error: unknown,
  now: Date,
  review: BureauListingReview,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof BureauRejectedError ? `${error.code}: ${message}` : message;
  await recordListingFailure(db, organisationId, listing.id, detail, now);
  review.failures.push({ listing_id: listing.id, action, error: detail });
}

/** The day the listed debt became fully paid: the latest live allocation to it (at least the listing day). */
async function settledOn(trx: Tx, organisationId: string, listing: Listing, asOf: string): Promise<string> {
  const last = (await lastLiveAllocationOn(trx, organisationId, listing.receivable_ids)) ?? asOf;
  return maxDate(last, listing.listed_on ?? last);
}
