import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { BureauListingTable, BureauNoticeTable } from '../../db/schema-escalation.ts';
import type { Customer } from '../../db/schema.ts';
import { appendInteraction } from '../contact-record.ts';
import { NotFoundError, UserError } from '../errors.ts';

export type BureauNotice = Selectable<BureauNoticeTable>;
type Listing = Selectable<BureauListingTable>;

/** Outbox states that can never become proof of delivery: a new notice is needed. */
const deadStatuses = ['failed', 'bounced', 'cancelled'] as const;

/**
 * The prior notice of a listing: the cadence's final notice covering these receivables when
 * there is one still alive, else a new 'final_notice' message of our own (e-mail to a
 * consenting address, or a letter to the postal address). Returns the notice with its proof
 * refreshed from the outbox row, or null when the customer has no address to notify.
 */
export async function ensureNotice(trx: Tx, organisationId: string, listing: Listing, customer: Customer, asOf: string, now: Date): Promise<BureauNotice | null> {
  let notice = listing.notice_id ? await trx.selectFrom('bureau_notices').selectAll().where('organisation_id', '=', organisationId).where('id', '=', listing.notice_id).executeTakeFirstOrThrow() : null;
  if (notice?.outbox_message_id) {
    const message = await trx.selectFrom('outbox_messages').select(['status']).where('organisation_id', '=', organisationId).where('id', '=', notice.outbox_message_id).executeTakeFirstOrThrow();
    if ((deadStatuses as readonly string[]).includes(message.status) && notice.delivered_at === null) notice = null;
  }
  if (!notice) {
    const messageId = (await existingFinalNotice(trx, organisationId, listing)) ?? (await sendNotice(trx, organisationId, listing, customer, asOf, now));
    if (!messageId) return null;
    const channel = await trx.selectFrom('outbox_messages').select('channel').where('organisation_id', '=', organisationId).where('id', '=', messageId).executeTakeFirstOrThrow();
    notice = await trx
      .insertInto('bureau_notices')
      .values({ organisation_id: organisationId, customer_id: listing.customer_id, outbox_message_id: messageId, channel: channel.channel, receivable_ids: listing.receivable_ids, delivery_evidence: '{}' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('bureau_listings').set({ notice_id: notice.id, updated_at: now }).where('organisation_id', '=', organisationId).where('id', '=', listing.id).execute();
  }
  return refreshProof(trx, organisationId, notice);
}

async function existingFinalNotice(trx: Tx, organisationId: string, listing: Listing): Promise<string | null> {
  const row = await trx
    .selectFrom('outbox_messages')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', listing.customer_id)
    .where('template', '=', 'final_notice')
    .where('status', 'not in', deadStatuses)
    .where(sql<boolean>`receivable_ids && ${listing.receivable_ids}::uuid[]`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function sendNotice(trx: Tx, organisationId: string, listing: Listing, customer: Customer, asOf: string, now: Date): Promise<string | null> {
  const contact = await trx
    .selectFrom('contacts')
    .select(['id', 'address', 'language', 'timezone'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customer.id)
    .where('channel', '=', 'email')
    .where('consent', '!=', 'opted_out')
    .orderBy('role')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (!contact && !customer.postal_address) return null;
  const previous = await trx.selectFrom('bureau_notices').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id).executeTakeFirstOrThrow();
  const channel = contact ? 'email' as const : 'letter' as const;
  const row = await trx
    .insertInto('outbox_messages')
    .values({
      organisation_id: organisationId, customer_id: customer.id, dedupe_key: `bureau-notice:${listing.id}:${Number(previous.n) + 1}`, as_of: asOf,
      policy_name: 'escalation', step_id: 'bureau-notice', channel, template: 'final_notice', tone: 'final',
      language: contact?.language ?? customer.language, contact_id: contact?.id ?? null, recipient: contact?.address ?? customer.postal_address!,
      timezone: contact?.timezone ?? customer.timezone, country: customer.country, currency: listing.currency, receivable_ids: listing.receivable_ids,
      next_attempt_at: now, updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: now, customerId: customer.id, actor: 'escalation', channel, kind: 'bureau_notice_queued',
    content: { listing_id: listing.id, message_id: row.id, to: contact?.address ?? customer.postal_address, receivables: listing.receivable_ids },
  });
  return row.id;
}

/** Copies the proof the delivery pipeline recorded on the outbox row: sent_at, and delivery when the status says so. */
async function refreshProof(trx: Tx, organisationId: string, notice: BureauNotice): Promise<BureauNotice> {
  if (!notice.outbox_message_id || (notice.sent_at && notice.delivered_at)) return notice;
  const message = await trx
    .selectFrom('outbox_messages')
    .select(['status', 'sent_at', 'delivered_at', 'updated_at', 'provider_message_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', notice.outbox_message_id)
    .executeTakeFirstOrThrow();
  const sentAt = notice.sent_at ?? message.sent_at;
  // The receipt's time: the provider's delivery time (delivery_receipts), else the moment the row turned 'delivered'.
  const deliveredAt = notice.delivered_at ?? (message.status === 'delivered' ? (message.delivered_at ?? message.updated_at) : null);
  if (sentAt === notice.sent_at && deliveredAt === notice.delivered_at) return notice;
  const evidence = { ...notice.delivery_evidence, outbox_status: message.status, provider_message_id: message.provider_message_id };
  return trx
    .updateTable('bureau_notices')
    .set({ sent_at: sentAt, delivered_at: deliveredAt, delivery_evidence: JSON.stringify(evidence) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', notice.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records delivery proof that reached us outside the outbox (a letter's aviso de recebimento,
 * a courier receipt, a signed read confirmation). Sending must already be proven.
 */
export async function recordNoticeDelivery(trx: Tx, organisationId: string, noticeId: string, input: { deliveredAt: Date; evidence: Record<string, unknown> }, context: { actor: string; now: Date }): Promise<BureauNotice> {
  const notice = await trx.selectFrom('bureau_notices').selectAll().where('organisation_id', '=', organisationId).where('id', '=', noticeId).forUpdate().executeTakeFirst();
  if (!notice) throw new NotFoundError('notice', noticeId);
  const refreshed = await refreshProof(trx, organisationId, notice);
  if (!refreshed.sent_at) throw new UserError('the notice has not been sent yet: delivery cannot be proven before sending', 'notice_not_sent');
  if (input.deliveredAt < refreshed.sent_at) throw new UserError('delivery cannot precede sending', 'delivery_before_sending');
  const updated = await trx
    .updateTable('bureau_notices')
    .set({ delivered_at: input.deliveredAt, delivery_evidence: JSON.stringify({ ...refreshed.delivery_evidence, ...input.evidence, recorded_by: context.actor }) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', noticeId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: notice.customer_id, actor: context.actor, channel: notice.channel, kind: 'bureau_notice_delivered',
    content: { notice_id: noticeId, delivered_at: input.deliveredAt.toISOString(), evidence: input.evidence },
  });
  return updated;
}

export interface NoticeView extends BureauNotice {
  customer_external_id: string;
}

/** Prior notices, newest first, optionally of one customer: what may still need proof of delivery. */
export async function listNotices(db: Db | Tx, organisationId: string, filter: { customerId?: string; undelivered?: boolean } = {}): Promise<NoticeView[]> {
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
export async function proveNoticeDelivery(trx: Tx, organisationId: string, noticeId: string, proof: ManualDeliveryProof, context: { actor: string; now: Date }): Promise<NoticeView> {
  if (proof.deliveredAt > context.now) throw new UserError('delivered_at is in the future', 'validation_failed', [{ field: 'delivered_at', reason: 'is in the future' }]);
  if (proof.documentId) {
    const document = await trx.selectFrom('documents').select('id').where('organisation_id', '=', organisationId).where('id', '=', proof.documentId).executeTakeFirst();
    if (!document) throw new UserError(`document ${proof.documentId} not found`, 'validation_failed', [{ field: 'document_id', reason: 'no such document' }]);
  }
  const evidence: Record<string, unknown> = { kind: proof.kind, reference: proof.reference };
  if (proof.note) evidence.note = proof.note;
  if (proof.documentId) evidence.document_id = proof.documentId;
  const notice = await recordNoticeDelivery(trx, organisationId, noticeId, { deliveredAt: proof.deliveredAt, evidence }, context);
  const customer = await trx.selectFrom('customers').select('external_id').where('organisation_id', '=', organisationId).where('id', '=', notice.customer_id).executeTakeFirstOrThrow();
  return { ...notice, customer_external_id: customer.external_id };
}
