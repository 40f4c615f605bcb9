import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { PaymentRequest } from '../use-cases/payment-requests/record-provider-payment.ts';
import type { PaymentTable } from '../db/schema.ts';
import type { PaymentRequestTable, ProviderEventTable } from '../db/schema-payment-requests.ts';
import type { IsoDate } from '../domain/dates.ts';

/**
 * Payment requests (what a reminder asks for and the codes to pay it with), the provider
 * events that pay them, the payments those events record, and the receipts they queue.
 */

// ── Requests ──

export function requestOfMessage(trx: Tx, organisationId: string, messageId: string) {
  return trx
    .selectFrom('payment_requests')
    .select(['id', 'amount_minor', 'currency', 'card_provider', 'card_session_id', 'card_url'])
    .where('organisation_id', '=', organisationId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

type RequestValues = Omit<Updateable<PaymentRequestTable>, 'organisation_id' | 'id' | 'customer_id' | 'message_id' | 'created_at'> & { updated_at: Date };

/** The message's request, created or brought up to date (one per message); returns its id. */
export async function upsertRequestOfMessage(
  trx: Tx,
  organisationId: string,
  customerId: string,
  messageId: string,
  values: RequestValues & Omit<Insertable<PaymentRequestTable>, 'organisation_id' | 'customer_id' | 'message_id'>,
): Promise<string> {
  const row = await trx
    .insertInto('payment_requests')
    .values({ organisation_id: organisationId, customer_id: customerId, message_id: messageId, ...values })
    .onConflict((oc) => oc.columns(['organisation_id', 'message_id']).doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Marks these invoices' charges as demanded on `on` until `until` (the boleto's due date),
 * unless a later or same-day demand is already on file.
 */
export async function markChargesDemanded(trx: Tx, organisationId: string, invoiceIds: readonly string[], on: IsoDate, until: IsoDate): Promise<void> {
  if (invoiceIds.length === 0) return;
  await trx
    .updateTable('invoices')
    .set({ charges_demanded_on: on, charges_demanded_until: until })
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', [...invoiceIds])
    .where((eb) => eb.or([eb('charges_demanded_on', 'is', null), eb('charges_demanded_on', '<', on)]))
    .execute();
}

// ── Provider events and the payments they record ──

/** Claims a provider event for processing; false when the same event id was already received. */
export async function claimProviderEvent(trx: Tx, row: Insertable<ProviderEventTable>): Promise<boolean> {
  const claimed = await trx
    .insertInto('provider_events')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'provider', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function settleProviderEvent(
  trx: Tx,
  organisationId: string,
  provider: string,
  eventId: string,
  outcome: string,
  paymentId: string | null,
): Promise<void> {
  await trx
    .updateTable('provider_events')
    .set({ outcome, payment_id: paymentId })
    .where('organisation_id', '=', organisationId)
    .where('provider', '=', provider)
    .where('event_id', '=', eventId)
    .execute();
}

export async function customerTimezone(trx: Tx, organisationId: string, customerId: string): Promise<string> {
  const row = await trx
    .selectFrom('customers')
    .select(['timezone'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.timezone;
}

/** A provider-reported payment; undefined when its external id is already on file. */
export async function insertProviderPayment(trx: Tx, row: Insertable<PaymentTable>): Promise<string | undefined> {
  const inserted = await trx
    .insertInto('payments')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** Of these invoices, the customer's open ones in this currency, oldest due first. */
export async function openInvoicesOfRequest(
  trx: Tx,
  organisationId: string,
  customerId: string,
  invoiceIds: readonly string[],
  currency: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('invoices')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', invoiceIds.length > 0 ? [...invoiceIds] : ['00000000-0000-0000-0000-000000000000'])
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  return rows.map((r) => r.id);
}

/** The invoice numbers a payment went to, with the amount of each allocation, oldest due first. */
export function allocationsOfPayment(trx: Tx, organisationId: string, paymentId: string): Promise<{ number: string; amount_minor: number }[]> {
  return trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['i.number', 'a.amount_minor'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', paymentId)
    .orderBy('i.due_date')
    .execute();
}

// ── Receipts ──

export function paymentForReceipt(trx: Tx, organisationId: string, paymentId: string) {
  return trx
    .selectFrom('payments as p')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
    .select(['p.customer_id', 'p.currency', 'p.status', 'c.language', 'c.timezone', 'c.country'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
}

/** The invoices a payment settled (live allocations, now paid), oldest due first. */
export async function invoicesSettledBy(trx: Tx, organisationId: string, paymentId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select('i.id')
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', paymentId)
    .where('a.reversed_on', 'is', null)
    .where('i.status', '=', 'paid')
    .orderBy('i.due_date')
    .execute();
  return rows.map((r) => r.id);
}

/** The customer's e-mail contact a receipt goes to: billing first, then owner, then any; the oldest of each; never an opted-out one. */
export function receiptContact(trx: Tx, organisationId: string, customerId: string) {
  return trx
    .selectFrom('contacts')
    .select(['id', 'address', 'language', 'timezone'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'email')
    .where('consent', '!=', 'opted_out')
    .orderBy(sql`case role when 'billing' then 0 when 'owner' then 1 else 2 end`)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

// ── Requests named by a provider webhook ──

/** The payment request behind a card link: by the provider's session id, or by the reminder (outbox message) the link was made for. */
export function paymentRequestOfCardLink(
  db: Db | Tx,
  organisationId: string,
  link: { sessionId: string | undefined; messageId: string },
): Promise<PaymentRequest | undefined> {
  return db
    .selectFrom('payment_requests')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or([eb('card_session_id', '=', link.sessionId ?? ''), eb('message_id', '=', link.messageId)]))
    .executeTakeFirst();
}

/** The payment request whose Pix charge has this txid (stored upper-case). */
export function paymentRequestOfPixTxid(db: Db | Tx, organisationId: string, txid: string): Promise<PaymentRequest | undefined> {
  return db
    .selectFrom('payment_requests')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('pix_txid', '=', txid.toUpperCase())
    .executeTakeFirst();
}
