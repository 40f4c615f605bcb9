import type { Tx } from '../../db/database.ts';
import { dateInZone } from '../../domain/dates.ts';
import { organisationById } from '../../stores/organisations.ts';
import { insertMessage } from '../../stores/outbox.ts';
import { invoicesSettledBy, paymentForReceipt, receiptContact } from '../../stores/payment-requests.ts';

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
  const org = await organisationById(trx, organisationId);
  if ((org.settings as { payment_receipts?: boolean }).payment_receipts !== true) return false;
  const payment = await paymentForReceipt(trx, organisationId, paymentId);
  if (!payment || payment.status !== 'posted') return false;
  const settled = await invoicesSettledBy(trx, organisationId, paymentId);
  if (settled.length === 0) return false;
  const contact = await receiptContact(trx, organisationId, payment.customer_id);
  if (!contact) return false;
  const timezone = contact.timezone ?? payment.timezone;
  return insertMessage(trx, {
    organisation_id: organisationId,
    customer_id: payment.customer_id,
    dedupe_key: `${receiptDedupePrefix}${paymentId}`,
    as_of: dateInZone(now, timezone),
    policy_name: 'payment_receipt',
    step_id: 'receipt',
    channel: 'email',
    template: 'payment_receipt',
    tone: 'friendly',
    language: contact.language ?? payment.language,
    contact_id: contact.id,
    recipient: contact.address,
    timezone,
    country: payment.country,
    currency: payment.currency,
    receivable_ids: settled,
    next_attempt_at: now,
    updated_at: now,
  });
}
