import type { Selectable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { PaymentRequestTable } from '../../db/schema-payment-requests.ts';
import { dateInZone } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { appendInteraction } from '../contact-record.ts';
import { applyAllocations } from '../reconciliation/apply-allocations.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { enqueuePaymentReceipt } from './payment-receipt.ts';

export type PaymentRequest = Selectable<PaymentRequestTable>;

export interface ProviderPayment {
  /** "stripe", "pix-psp". */
  provider: string;
  /** The provider's event id (Stripe "evt_…", Pix endToEndId): each is processed once. */
  eventId: string;
  eventType: string;
  amountMinor: number;
  currency: string;
  paidAt: Date;
  method: 'card' | 'pix';
  /** The provider's id of the payment (Stripe payment intent, Pix endToEndId). */
  reference: string;
}

export type RecordOutcome =
  | { outcome: 'recorded'; paymentId: string }
  | { outcome: 'duplicate' }
  | { outcome: 'currency_mismatch' };

/**
 * Records money a provider reports for a reminder's payment request, in the caller's
 * transaction: the event once (a replayed event id records nothing), a payment of the
 * request's customer (method card / pix, reference = the provider's id) allocated to the
 * request's open invoices oldest first (the rest oldest first among the customer's others,
 * or kept as credit), the contact-record entry, the payment.received webhook event and,
 * when the business wants them, the receipt e-mail.
 */
export async function recordProviderPayment(trx: Tx, organisationId: string, request: PaymentRequest, payment: ProviderPayment, now: Date): Promise<RecordOutcome> {
  const claimed = await trx
    .insertInto('provider_events')
    .values({ organisation_id: organisationId, provider: payment.provider, event_id: payment.eventId, event_type: payment.eventType, payment_request_id: request.id, outcome: 'processing', received_at: now })
    .onConflict((oc) => oc.columns(['organisation_id', 'provider', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  if (!claimed) return { outcome: 'duplicate' };
  const settle = async (outcome: string, paymentId: string | null) =>
    trx.updateTable('provider_events').set({ outcome, payment_id: paymentId })
      .where('organisation_id', '=', organisationId).where('provider', '=', payment.provider).where('event_id', '=', payment.eventId).execute();
  if (payment.currency !== request.currency) {
    await settle('currency_mismatch', null);
    return { outcome: 'currency_mismatch' };
  }

  const customer = await trx.selectFrom('customers').select(['timezone']).where('organisation_id', '=', organisationId).where('id', '=', request.customer_id).executeTakeFirstOrThrow();
  const receivedOn = dateInZone(payment.paidAt, customer.timezone);
  // Another event about the same money (Stripe's completed, then async_payment_succeeded) is not a second payment.
  const externalId = `${payment.provider}:${payment.reference}`.slice(0, 200);
  const inserted = await trx
    .insertInto('payments')
    .values({
      organisation_id: organisationId, external_id: externalId, customer_id: request.customer_id, received_on: receivedOn, amount_minor: payment.amountMinor,
      currency: payment.currency, method: payment.method, reference: payment.reference.slice(0, 200), target_invoice_id: null,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    await settle('duplicate_payment', null);
    return { outcome: 'duplicate' };
  }

  // The request's invoices first (oldest first), then the customer's others, or kept as credit.
  const invoices = await trx
    .selectFrom('invoices')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', request.receivable_ids.length > 0 ? request.receivable_ids : ['00000000-0000-0000-0000-000000000000'])
    .where('customer_id', '=', request.customer_id)
    .where('currency', '=', payment.currency)
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  await applyAllocations(trx, organisationId, invoices.map((i) => ({ paymentId: inserted.id, invoiceId: i.id })));
  if (invoices.length === 0) await allocatePendingPayments(trx, organisationId, [request.customer_id]);

  const allocations = await trx
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['i.number', 'a.amount_minor'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.payment_id', '=', inserted.id)
    .orderBy('i.due_date')
    .execute();
  const amount = formatAmount(payment.amountMinor, payment.currency);
  await appendInteraction(trx, organisationId, {
    occurredAt: now, customerId: request.customer_id, actor: payment.provider, channel: payment.method === 'pix' ? 'pix' : 'card', kind: 'payment_received',
    content: {
      external_id: externalId, date: receivedOn, amount, currency: payment.currency, source: `${payment.provider}_webhook`, event_id: payment.eventId,
      payment_request_id: request.id, message_id: request.message_id, reference: payment.reference,
      allocations: allocations.map((a) => ({ invoice_number: a.number, amount: formatAmount(a.amount_minor, payment.currency) })),
    },
  });
  await enqueueWebhookEvents(trx, organisationId, [
    { id: `payment:${inserted.id}:received`, type: 'payment.received', data: { payment_id: inserted.id, external_id: externalId, date: receivedOn, amount, currency: payment.currency } },
  ], now);
  await enqueuePaymentReceipt(trx, organisationId, inserted.id, now);
  await settle('recorded', inserted.id);
  return { outcome: 'recorded', paymentId: inserted.id };
}
