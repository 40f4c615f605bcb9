import { sql, type Insertable, type Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';
import type { OutboxMessageTable, OutboxStatus } from '../db/schema.ts';
import type { DeliveryReceiptTable } from '../db/schema-delivery-receipts.ts';
import { olderThanKey, timestampKey } from './keyset.ts';

/** The outbox: every message the cadence (or a payment receipt) decided to send, its attempts and outcome, and its providers' receipts. */

export type OutboxMessage = Selectable<OutboxMessageTable>;
export type MessageChannel = OutboxMessageTable['channel'];

// ── Writing messages ──

export type NewRunMessage = Pick<
  Insertable<OutboxMessageTable>,
  | 'customer_id'
  | 'dedupe_key'
  | 'as_of'
  | 'policy_name'
  | 'step_id'
  | 'channel'
  | 'template'
  | 'tone'
  | 'language'
  | 'contact_id'
  | 'recipient'
  | 'timezone'
  | 'country'
  | 'currency'
  | 'receivable_ids'
  | 'attach_invoices'
  | 'next_attempt_at'
>;

/** The messages a run decided; a dedupe key already on file (a repeated or resumed run) adds nothing. */
export async function insertRunMessages(trx: Tx, organisationId: string, rows: readonly NewRunMessage[]): Promise<void> {
  await bulkInsert(trx, 'outbox_messages', messageColumns, rows, { constants: { organisation_id: organisationId }, onConflictDoNothing: true });
}

const messageColumns = [
  { name: 'customer_id', type: 'uuid' },
  { name: 'dedupe_key', type: 'text' },
  { name: 'as_of', type: 'date' },
  { name: 'policy_name', type: 'text' },
  { name: 'step_id', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'template', type: 'text' },
  { name: 'tone', type: 'text' },
  { name: 'language', type: 'text' },
  { name: 'contact_id', type: 'uuid' },
  { name: 'recipient', type: 'text' },
  { name: 'timezone', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'receivable_ids', type: 'uuid[]' },
  { name: 'attach_invoices', type: 'boolean' },
  { name: 'next_attempt_at', type: 'timestamptz' },
];

/** One message; false when its dedupe key is already on file. */
export async function insertMessage(trx: Tx, row: Insertable<OutboxMessageTable>): Promise<boolean> {
  const result = await trx
    .insertInto('outbox_messages')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

// ── Delivering ──

/**
 * The next pending message due at `now` of these channels, locked for this transaction and
 * skipped by other workers (FOR UPDATE SKIP LOCKED), in claiming order.
 */
export function claimNextDue(trx: Tx, organisationId: string, now: Date, channels: readonly MessageChannel[]): Promise<OutboxMessage | undefined> {
  return trx
    .selectFrom('outbox_messages')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where('channel', 'in', channels.length > 0 ? [...channels] : ['none' as MessageChannel])
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

type MessageChanges = Partial<
  Pick<
    OutboxMessage,
    'status' | 'attempts' | 'provider_message_id' | 'subject' | 'body_text' | 'body_html' | 'sent_at' | 'last_error' | 'cancel_reason' | 'delivered_at'
  >
> & {
  next_attempt_at?: Date;
  updated_at: Date;
};

/** Records what became of a message (sent, deferred, retried, failed, cancelled, delivered). */
export async function updateMessage(trx: Tx, organisationId: string, messageId: string, changes: MessageChanges): Promise<void> {
  await trx.updateTable('outbox_messages').set(changes).where('organisation_id', '=', organisationId).where('id', '=', messageId).execute();
}

/** Held messages of channels that now have a transport go back to pending. */
export async function releaseHeld(db: Db, organisationId: string, channels: readonly MessageChannel[], updatedAt: Date): Promise<void> {
  if (channels.length === 0) return;
  await db
    .updateTable('outbox_messages')
    .set({ status: 'pending', last_error: null, updated_at: updatedAt })
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'held')
    .where('channel', 'in', [...channels])
    .execute();
}

/** Pending messages due at `dueAt` of channels without a transport wait as held; returns how many. */
export async function holdUnroutable(db: Db, organisationId: string, routable: readonly MessageChannel[], dueAt: Date, updatedAt: Date): Promise<number> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'held', last_error: sql<string>`'no transport configured for ' || channel || ': the message waits in the outbox'`, updated_at: updatedAt })
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', dueAt)
    .$if(routable.length > 0, (qb) => qb.where('channel', 'not in', [...routable]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Messages of these customers that reached or will reach them (sent, delivered or waiting) by
 * e-mail, SMS or WhatsApp, at their send time or next attempt, from `since` on;
 * `exceptMessageId` leaves one out.
 */
export function recentMessages(trx: Tx, organisationId: string, customerIds: readonly string[], since: Date, exceptMessageId?: string) {
  return trx
    .selectFrom('outbox_messages')
    .select(['customer_id', 'channel', sql<Date>`coalesce(sent_at, next_attempt_at)`.as('at')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', anyOf(customerIds))
    .where('channel', 'in', ['email', 'sms', 'whatsapp'])
    .where('status', 'in', ['pending', 'sent', 'delivered'])
    .where(sql<boolean>`coalesce(sent_at, next_attempt_at) >= ${since}`)
    .$if(exceptMessageId !== undefined, (qb) => qb.where('id', '!=', exceptMessageId!))
    .execute();
}

// ── Delivery receipts ──

/**
 * The message a provider's id names, in whichever organisation sent it: the provider names
 * only its own id (unique at the provider), through the index on provider_message_id.
 */
export function messageOwnerByProviderId(
  db: Db,
  providerMessageId: string,
  channel: MessageChannel,
): Promise<{ organisation_id: string; id: string } | undefined> {
  return db
    .selectFrom('outbox_messages')
    .select(['organisation_id', 'id'])
    .where('provider_message_id', '=', providerMessageId)
    .where('channel', '=', channel)
    .executeTakeFirst();
}

/** A message locked for the caller's transaction; undefined when the organisation has none with this id. */
export function lockMessage(trx: Tx, organisationId: string, messageId: string): Promise<OutboxMessage | undefined> {
  return trx.selectFrom('outbox_messages').selectAll().where('organisation_id', '=', organisationId).where('id', '=', messageId).forUpdate().executeTakeFirst();
}

/** Records a provider's receipt; false when the same provider, message and status is already on file. */
export async function insertDeliveryReceipt(trx: Tx, row: Insertable<DeliveryReceiptTable>): Promise<boolean> {
  const inserted = await trx
    .insertInto('delivery_receipts')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'provider', 'provider_message_id', 'status']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

// ── Listing ──

export type OutboxRow = OutboxMessage & { customer_external_id: string; cursor_at: string };

export interface OutboxFilters {
  status?: OutboxStatus | undefined;
  channel?: MessageChannel | undefined;
  customer?: { id: string } | { externalId: string } | undefined;
}

function outboxQuery(db: Db, organisationId: string) {
  return db
    .selectFrom('outbox_messages as o')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'o.organisation_id').onRef('c.id', '=', 'o.customer_id'))
    .selectAll('o')
    .select(['c.external_id as customer_external_id', timestampKey('o.created_at').as('cursor_at')])
    .where('o.organisation_id', '=', organisationId);
}

/** Messages newest first (by creation, then id), `limit` of them after the keyset `after`. */
export function outboxRows(
  db: Db,
  organisationId: string,
  filters: OutboxFilters,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<OutboxRow[]> {
  let query = outboxQuery(db, organisationId);
  const customer = filters.customer;
  if (customer) query = 'id' in customer ? query.where('o.customer_id', '=', customer.id) : query.where('c.external_id', '=', customer.externalId);
  if (filters.status) query = query.where('o.status', '=', filters.status);
  if (filters.channel) query = query.where('o.channel', '=', filters.channel);
  if (after) query = query.where(olderThanKey('o.created_at', 'o.id', after));
  return query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit).execute();
}

export function outboxRowById(db: Db, organisationId: string, id: string): Promise<OutboxRow | undefined> {
  return outboxQuery(db, organisationId).where('o.id', '=', id).executeTakeFirst();
}
