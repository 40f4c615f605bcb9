import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { ConfiguredPaymentLinks } from '../../payments/providers/configured-providers.ts';
import { WebhookPayloadError, WebhookSignatureError } from '../../payments/providers/errors.ts';
import type { PaymentEvent, WebhookHeaders } from '../../payments/providers/payment-link.ts';
import { parsePixWebhook } from '../../payments/providers/pix-psp.ts';
import { organisationBySlug } from '../../stores/organisations.ts';
import { paymentRequestOfCardLink, paymentRequestOfPixTxid } from '../../stores/payment-requests.ts';
import { parsePaymentLinkReference } from '../delivery/payment-request.ts';
import { recordProviderPayment, type RecordOutcome } from './record-provider-payment.ts';

/** What one webhook call did with its events. */
export interface EventCounts {
  recorded: number;
  duplicate: number;
  ignored: number;
  unknown_request: number;
}

export type Refusal = { refused: 'not_configured' | 'bad_signature' | 'bad_payload' | 'unauthorised' | 'not_found'; message: string };
export type ReceiveResult = { counts: EventCounts } | Refusal;

const noCounts = (): EventCounts => ({ recorded: 0, duplicate: 0, ignored: 0, unknown_request: 0 });

/**
 * A Stripe webhook: `checkout.session.completed` (or async_payment_succeeded) of a reminder's
 * card link, verified with the Stripe-Signature header. The event is recorded once
 * (provider_events): a replay records nothing new.
 */
export async function receiveStripeEvent(
  db: Db,
  links: ConfiguredPaymentLinks | undefined,
  body: Buffer,
  headers: WebhookHeaders,
  now: Date,
): Promise<ReceiveResult> {
  if (!links) return { refused: 'not_configured', message: 'no payment-link provider is configured (STRIPE_SECRET_KEY)' };
  let event: PaymentEvent;
  try {
    event = links.provider.parseWebhook(body, headers, now);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return { refused: 'bad_signature', message: error.message };
    if (error instanceof WebhookPayloadError) return { refused: 'bad_payload', message: error.message };
    throw error;
  }
  const counts = noCounts();
  const target = parsePaymentLinkReference(event.reference);
  if (event.type !== 'payment.succeeded' || !target || event.amountMinor === undefined || !event.currency) {
    counts.ignored += 1;
    return { counts };
  }
  await inTransaction(db, async (trx) => {
    const request = await paymentRequestOfCardLink(trx, target.organisationId, { sessionId: event.linkId, messageId: target.messageId });
    if (!request) {
      counts.unknown_request += 1;
      return;
    }
    const outcome = await recordProviderPayment(
      trx,
      target.organisationId,
      request,
      {
        provider: links.name,
        eventId: event.id,
        eventType: 'checkout.session.completed',
        amountMinor: event.amountMinor!,
        currency: event.currency!,
        paidAt: event.paidAt ?? now,
        method: 'card',
        reference: event.providerPaymentId ?? event.linkId ?? event.id,
      },
      now,
    );
    count(counts, outcome);
  });
  return { counts };
}

/**
 * The Pix PSP webhook of organisation `slug` in the Banco Central's shape, authenticated by the
 * shared secret. A Pix whose txid is a reminder's is recorded, one transaction per Pix (a PSP
 * retries the whole list, and each endToEndId is recorded once); others are left to
 * bank-statement matching.
 */
export async function receivePixEvents(
  db: Db,
  secret: string | undefined,
  slug: string,
  givenSecret: string | undefined,
  body: Buffer,
  now: Date,
): Promise<ReceiveResult> {
  if (!secret) return { refused: 'not_configured', message: 'the Pix PSP webhook is not configured (PIX_WEBHOOK_SECRET)' };
  if (givenSecret === undefined || !sameSecret(givenSecret, secret)) return { refused: 'unauthorised', message: 'missing or wrong webhook secret' };
  const org = await organisationBySlug(db, slug);
  if (!org) return { refused: 'not_found', message: `no organisation ${slug}` };
  let events: PaymentEvent[];
  try {
    events = parsePixWebhook(body);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return { refused: 'bad_payload', message: error.message };
    throw error;
  }
  const counts = noCounts();
  for (const event of events) {
    if (event.type !== 'payment.succeeded' || event.linkId === undefined || event.amountMinor === undefined) {
      counts.ignored += 1;
      continue;
    }
    await inTransaction(db, async (trx) => {
      const found = await paymentRequestOfPixTxid(trx, org.id, event.linkId!);
      if (!found) {
        counts.unknown_request += 1;
        return;
      }
      const outcome = await recordProviderPayment(
        trx,
        org.id,
        found,
        {
          provider: 'pix-psp',
          eventId: event.id,
          eventType: 'pix',
          amountMinor: event.amountMinor!,
          currency: 'BRL',
          paidAt: event.paidAt ?? now,
          method: 'pix',
          reference: event.id,
        },
        now,
      );
      count(counts, outcome);
    });
  }
  return { counts };
}

function count(counts: EventCounts, outcome: RecordOutcome): void {
  if (outcome.outcome === 'recorded') counts.recorded += 1;
  else if (outcome.outcome === 'duplicate') counts.duplicate += 1;
  else counts.ignored += 1;
}

/** Compared as SHA-256 digests: equal length for timingSafeEqual, no early exit on a prefix. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
