import type { Db, Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import {
  insertNotice,
  insertNoticeMessage,
  latestFinalNotice,
  noticeById,
  noticeCountOfCustomer,
  noticeEmailContact,
  noticeMessage,
  noticesWithCustomer,
  updateListing,
  updateNoticeProof,
  type BureauNotice,
  type Listing,
  type NoticeView,
} from '../../stores/listings.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { NotFoundError, UserError } from '../errors.ts';
import { documentExists } from '../../stores/escalations.ts';
import { inTransaction } from '../../db/transaction.ts';

export type { BureauNotice, NoticeView } from '../../stores/listings.ts';

/** Outbox states that can never become proof of delivery: a new notice is needed. */
const deadStatuses = ['failed', 'bounced', 'cancelled'] as const;

/**
 * The prior notice of a listing: the cadence's final notice covering these receivables when
 * there is one still alive, else a new 'final_notice' message of our own (e-mail to a
 * consenting address, or a letter to the postal address). Returns the notice with its proof
 * refreshed from the outbox row, or null when the customer has no address to notify.
 */
export async function ensureNotice(
  trx: Tx,
  organisationId: string,
  listing: Listing,
  customer: Customer,
  asOf: string,
  now: Date,
): Promise<BureauNotice | null> {
  let notice = listing.notice_id ? ((await noticeById(trx, organisationId, listing.notice_id)) ?? null) : null;
  if (listing.notice_id && !notice) throw new NotFoundError('notice', listing.notice_id);
  if (notice?.outbox_message_id) {
    const message = await noticeMessage(trx, organisationId, notice.outbox_message_id);
    if ((deadStatuses as readonly string[]).includes(message.status) && notice.delivered_at === null) notice = null;
  }
  if (!notice) {
    const messageId = (await existingFinalNotice(trx, organisationId, listing)) ?? (await sendNotice(trx, organisationId, listing, customer, asOf, now));
    if (!messageId) return null;
    const { channel } = await noticeMessage(trx, organisationId, messageId);
    notice = await insertNotice(trx, organisationId, { customerId: listing.customer_id, messageId, channel, receivableIds: listing.receivable_ids });
    await updateListing(trx, organisationId, listing.id, { notice_id: notice.id, updated_at: now });
  }
  return refreshProof(trx, organisationId, notice);
}

function existingFinalNotice(trx: Tx, organisationId: string, listing: Listing): Promise<string | null> {
  return latestFinalNotice(trx, organisationId, listing.customer_id, listing.receivable_ids, deadStatuses);
}

async function sendNotice(trx: Tx, organisationId: string, listing: Listing, customer: Customer, asOf: string, now: Date): Promise<string | null> {
  const contact = await noticeEmailContact(trx, organisationId, customer.id);
  if (!contact && !customer.postal_address) return null;
  const previous = await noticeCountOfCustomer(trx, organisationId, customer.id);
  const channel = contact ? ('email' as const) : ('letter' as const);
  const messageId = await insertNoticeMessage(trx, organisationId, {
    customerId: customer.id,
    dedupeKey: `bureau-notice:${listing.id}:${previous + 1}`,
    asOf,
    channel,
    language: contact?.language ?? customer.language,
    contactId: contact?.id ?? null,
    recipient: contact?.address ?? customer.postal_address!,
    timezone: contact?.timezone ?? customer.timezone,
    country: customer.country,
    currency: listing.currency,
    receivableIds: listing.receivable_ids,
    now,
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: now,
    customerId: customer.id,
    actor: 'escalation',
    channel,
    kind: 'bureau_notice_queued',
    content: { listing_id: listing.id, message_id: messageId, to: contact?.address ?? customer.postal_address, receivables: listing.receivable_ids },
  });
  return messageId;
}

/** Copies the proof the delivery pipeline recorded on the outbox row: sent_at, and delivery when the status says so. */
async function refreshProof(trx: Tx, organisationId: string, notice: BureauNotice): Promise<BureauNotice> {
  if (!notice.outbox_message_id || (notice.sent_at && notice.delivered_at)) return notice;
  const message = await noticeMessage(trx, organisationId, notice.outbox_message_id);
  const sentAt = notice.sent_at ?? message.sent_at;
  // The receipt's time: the provider's delivery time (delivery_receipts), else the moment the row turned 'delivered'.
  const deliveredAt = notice.delivered_at ?? (message.status === 'delivered' ? (message.delivered_at ?? message.updated_at) : null);
  if (sentAt === notice.sent_at && deliveredAt === notice.delivered_at) return notice;
  const evidence = { ...notice.delivery_evidence, outbox_status: message.status, provider_message_id: message.provider_message_id };
  return updateNoticeProof(trx, organisationId, notice.id, { sent_at: sentAt, delivered_at: deliveredAt, delivery_evidence: evidence });
}

/**
 * Records delivery proof that reached us outside the outbox (a letter's aviso de recebimento,
 * a courier receipt, a signed read confirmation). Sending must already be proven.
 */
async function recordNoticeDelivery(
  trx: Tx,
  organisationId: string,
  noticeId: string,
  input: { deliveredAt: Date; evidence: Record<string, unknown> },
  context: { actor: string; now: Date },
): Promise<BureauNotice> {
  const notice = await noticeById(trx, organisationId, noticeId, { lock: true });
  if (!notice) throw new NotFoundError('notice', noticeId);
  const refreshed = await refreshProof(trx, organisationId, notice);
  if (!refreshed.sent_at) throw new UserError('the notice has not been sent yet: delivery cannot be proven before sending', 'notice_not_sent');
  if (input.deliveredAt < refreshed.sent_at) throw new UserError('delivery cannot precede sending', 'delivery_before_sending');
  const updated = await updateNoticeProof(trx, organisationId, noticeId, {
    delivered_at: input.deliveredAt,
    delivery_evidence: { ...refreshed.delivery_evidence, ...input.evidence, recorded_by: context.actor },
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: notice.customer_id,
    actor: context.actor,
    channel: notice.channel,
    kind: 'bureau_notice_delivered',
    content: { notice_id: noticeId, delivered_at: input.deliveredAt.toISOString(), evidence: input.evidence },
  });
  return updated;
}

/** Prior notices, newest first, optionally of one customer: what may still need proof of delivery. */
export async function listNotices(db: Db | Tx, organisationId: string, filter: { customerId?: string; undelivered?: boolean } = {}): Promise<NoticeView[]> {
  return noticesWithCustomer(db, organisationId, filter);
}

export interface ManualDeliveryProof {
  deliveredAt: Date;
  /** ar: aviso de recebimento of a registered letter; the others as named. */
  kind: string;
  reference: string;
  note?: string | undefined;
  documentId?: string | undefined;
}

/**
 * A person records the proof of delivery of a prior notice that no provider reports (the AR of
 * a registered letter, a courier receipt, a signed read receipt of an e-mail). The evidence is
 * stored on the notice and in the contact record; the daily review lists the customer once the
 * notice period has run from `deliveredAt`.
 */
export async function proveNoticeDelivery(
  db: Db | Tx,
  organisationId: string,
  noticeId: string,
  proof: ManualDeliveryProof,
  context: { actor: string; now: Date },
): Promise<NoticeView> {
  return inTransaction(db, (trx) => proveNoticeDeliveryInTransaction(trx, organisationId, noticeId, proof, context));
}

async function proveNoticeDeliveryInTransaction(
  trx: Tx,
  organisationId: string,
  noticeId: string,
  proof: ManualDeliveryProof,
  context: { actor: string; now: Date },
): Promise<NoticeView> {
  if (proof.deliveredAt > context.now)
    throw new UserError('delivered_at is in the future', 'validation_failed', [{ field: 'delivered_at', reason: 'is in the future' }]);
  if (proof.documentId) {
    if (!(await documentExists(trx, organisationId, proof.documentId)))
      throw new UserError(`document ${proof.documentId} not found`, 'validation_failed', [{ field: 'document_id', reason: 'no such document' }]);
  }
  const evidence: Record<string, unknown> = { kind: proof.kind, reference: proof.reference };
  if (proof.note) evidence.note = proof.note;
  if (proof.documentId) evidence.document_id = proof.documentId;
  const notice = await recordNoticeDelivery(trx, organisationId, noticeId, { deliveredAt: proof.deliveredAt, evidence }, context);
  const customer = await findCustomer(trx, organisationId, { id: notice.customer_id });
  return { ...notice, customer_external_id: customer.external_id };
}
