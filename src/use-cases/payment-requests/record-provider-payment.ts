import type { Selectable } from 'kysely';
import type { Tx } from '../../db/database.ts';
import type { PaymentRequestTable } from '../../db/schema-payment-requests.ts';
import { dateInZone } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import {
  allocationsOfPayment,
  claimProviderEvent,
  customerTimezone,
  insertProviderPayment,
  openInvoicesOfRequest,
  settleProviderEvent,
} from '../../stores/payment-requests.ts';
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

export type RecordOutcome = { outcome: 'recorded'; paymentId: string } | { outcome: 'duplicate' } | { outcome: 'currency_mismatch' };

/**
 * Records money a provider reports for a reminder's payment request, in the caller's
 * transaction: the event once (a replayed event id records nothing), a payment of the
 * request's customer (method card / pix, reference = the provider's id) allocated to the
 * request's open invoices oldest first (the rest oldest first among the customer's others,
 * or kept as credit), the contact-record entry, the payment.received webhook event and,
 * when the business wants them, the receipt e-mail.
 */
export async function recordProviderPayment(
  trx: Tx,
  organisationId: string,
  request: PaymentRequest,
  payment: ProviderPayment,
  now: Date,
): Promise<RecordOutcome> {
  const claimed = await claimProviderEvent(trx, {
    organisation_id: organisationId,
    provider: payment.provider,
    event_id: payment.eventId,
    event_type: payment.eventType,
    payment_request_id: request.id,
    outcome: 'processing',
    received_at: now,
  });
  if (!claimed) return { outcome: 'duplicate' };
  const settle = (outcome: string, paymentId: string | null) => settleProviderEvent(trx, organisationId, payment.provider, payment.eventId, outcome, paymentId);
  if (payment.currency !== request.currency) {
    await settle('currency_mismatch', null);
    return { outcome: 'currency_mismatch' };
  }

  const receivedOn = dateInZone(payment.paidAt, await customerTimezone(trx, organisationId, request.customer_id));
  // Another event about the same money (Stripe's completed, then async_payment_succeeded) is not a second payment.
  const externalId = `${payment.provider}:${payment.reference}`.slice(0, 200);
  const paymentId = await insertProviderPayment(trx, {
    organisation_id: organisationId,
    external_id: externalId,
    customer_id: request.customer_id,
    received_on: receivedOn,
    amount_minor: payment.amountMinor,
    currency: payment.currency,
    method: payment.method,
    reference: payment.reference.slice(0, 200),
    target_invoice_id: null,
  });
  if (!paymentId) {
    await settle('duplicate_payment', null);
    return { outcome: 'duplicate' };
  }

  // The request's invoices first (oldest first), then the customer's others, or kept as credit.
  const invoiceIds = await openInvoicesOfRequest(trx, organisationId, request.customer_id, request.receivable_ids, payment.currency);
  await applyAllocations(
    trx,
    organisationId,
    invoiceIds.map((invoiceId) => ({ paymentId, invoiceId })),
  );
  if (invoiceIds.length === 0) await allocatePendingPayments(trx, organisationId, [request.customer_id]);

  const allocations = await allocationsOfPayment(trx, organisationId, paymentId);
  const amount = formatAmount(payment.amountMinor, payment.currency);
  await appendInteraction(trx, organisationId, {
    occurredAt: now,
    customerId: request.customer_id,
    actor: payment.provider,
    channel: payment.method === 'pix' ? 'pix' : 'card',
    kind: 'payment_received',
    content: {
      external_id: externalId,
      date: receivedOn,
      amount,
      currency: payment.currency,
      source: `${payment.provider}_webhook`,
      event_id: payment.eventId,
      payment_request_id: request.id,
      message_id: request.message_id,
      reference: payment.reference,
      allocations: allocations.map((a) => ({ invoice_number: a.number, amount: formatAmount(a.amount_minor, payment.currency) })),
    },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `payment:${paymentId}:received`,
        type: 'payment.received',
        data: { payment_id: paymentId, external_id: externalId, date: receivedOn, amount, currency: payment.currency },
      },
    ],
    now,
  );
  await enqueuePaymentReceipt(trx, organisationId, paymentId, now);
  await settle('recorded', paymentId);
  return { outcome: 'recorded', paymentId };
}
