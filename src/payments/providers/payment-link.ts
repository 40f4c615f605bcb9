/**
 * A hosted payment page (card, wallets, whatever the provider offers) that a reminder can
 * link to, and the webhook that tells Régua what happened on it. Stripe Checkout is one
 * implementation; others (Mercado Pago, Adyen Pay by Link …) fit the same shape.
 */

export interface CreateLinkInput {
  /** Stable per link attempt, so a retried request returns the link already created. */
  idempotencyKey: string;
  /** Integer minor units of `currency` as src/domain/money.ts defines them. */
  amountMinor: number;
  /** ISO 4217, upper case. */
  currency: string;
  /** What the payer sees on the page ("Invoices 1021, 1022"). */
  description: string;
  customerEmail?: string;
  /** Our id, echoed back in webhooks as PaymentEvent.reference. */
  reference: string;
  successUrl: string;
  cancelUrl: string;
  expiresAt?: Date;
}

export interface PaymentLink {
  /** The provider's id of the link (Stripe: "cs_…"); webhooks carry it as PaymentEvent.linkId. */
  id: string;
  url: string;
  expiresAt: Date | null;
}

export type PaymentEventType = 'payment.succeeded' | 'payment.failed' | 'link.expired' | 'ignored';

export interface PaymentEvent {
  /** The provider's event id (Stripe "evt_…", Pix endToEndId): process each one once. */
  id: string;
  type: PaymentEventType;
  /** Our id given at creation, when the provider echoes it back (Stripe does; Pix does not, use linkId). */
  reference?: string;
  /** The link or charge the event is about: PaymentLink.id, or the Pix txid. */
  linkId?: string;
  /** Minor units as src/domain/money.ts defines them (already converted from the provider's units). */
  amountMinor?: number;
  /** ISO 4217, upper case. */
  currency?: string;
  paidAt?: Date;
  /** The payment itself (Stripe payment_intent "pi_…", Pix endToEndId), for reconciliation and refunds. */
  providerPaymentId?: string;
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

export interface PaymentLinkProvider {
  /** Throws PermanentProviderError or TransientProviderError (see errors.ts). */
  createLink(input: CreateLinkInput): Promise<PaymentLink>;
  /**
   * Verifies and decodes one webhook delivery. `rawBody` must be the bytes as received:
   * signatures cover them, not a re-serialised JSON. Throws WebhookSignatureError on a
   * missing, bad or too old signature, WebhookPayloadError on an unexpected body.
   */
  parseWebhook(rawBody: string | Buffer, headers: WebhookHeaders, now: Date): PaymentEvent;
}
