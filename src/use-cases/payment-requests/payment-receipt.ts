import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { dateInZone } from '../../domain/dates.ts';

/** Outbox rows of receipts: dedupe key `payment_receipt:<payment id>`, one per payment. */
export const receiptDedupePrefix = 'payment_receipt:';

/** A thank-you receipt queued by this module (it names a payment, not a debt). */
export function isPaymentReceipt(message: { template: string; dedupe_key: string }): boolean {
  return message.template === 'payment_receipt' && message.dedupe_key.startsWith(receiptDedupePrefix);
}

/**
 * When the business turned receipts on (org setting `payment_receipts`, off by default) and
 * the payment settled at least one invoice, writes one thank-you e-mail to the customer's
 * billing e-mail contact into the outbox, in the caller's transaction; the delivery worker
 * sends it like any message (allowed hours, retries, contact record). Idempotent per payment:
 * the outbox's dedupe key refuses a second one. Returns whether one was written.
 */
export async function enqueuePaymentReceipt(trx: Tx, organisationId: string, paymentId: string, now: Date): Promise<boolean> {
  const org = await trx.selectFrom('organisations').select('settings').where('id', '=', organisationId).executeTakeFirstOrThrow();
  if ((org.settings as { payment_receipts?: boolean }).payment_receipts !== true) return false;
  const payment = await trx
    .selectFrom('payments as p')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
    .select(['p.customer_id', 'p.currency', 'p.status', 'c.language', 'c.timezone', 'c.country'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
  if (!payment || payment.status !== 'posted') return false;
  const settled = await trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select('i.id')
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', paymentId)
    .where('a.reversed_on', 'is', null)
    .where('i.status', '=', 'paid')
    .orderBy('i.due_date')
    .execute();
  if (settled.length === 0) return false;
  const contact = await trx
    .selectFrom('contacts')
    .select(['id', 'address', 'language', 'timezone'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', payment.customer_id)
    .where('channel', '=', 'email')
    .where('consent', '!=', 'opted_out')
    .orderBy(sql`case role when 'billing' then 0 when 'owner' then 1 else 2 end`)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (!contact) return false;
  const timezone = contact.timezone ?? payment.timezone;
  const result = await trx
    .insertInto('outbox_messages')
    .values({
      organisation_id: organisationId, customer_id: payment.customer_id, dedupe_key: `${receiptDedupePrefix}${paymentId}`, as_of: dateInZone(now, timezone),
      policy_name: 'payment_receipt', step_id: 'receipt', channel: 'email', template: 'payment_receipt', tone: 'friendly', language: contact.language ?? payment.language,
      contact_id: contact.id, recipient: contact.address, timezone, country: payment.country, currency: payment.currency, receivable_ids: settled.map((s) => s.id),
      next_attempt_at: now, updated_at: now,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}
