/** The payment providers of the configuration (src/config.ts reads and validates STRIPE_* and PIX_WEBHOOK_SECRET). */
import type { PaymentsConfig } from '../../config.ts';
import type { FetchLike } from '../../adapters/http.ts';
import type { PaymentLinkProvider } from './payment-link.ts';
import { stripeCheckoutProvider } from './stripe-checkout.ts';

export interface ConfiguredPaymentLinks {
  /** Stored on payment requests and provider events ("stripe"). */
  name: string;
  provider: PaymentLinkProvider;
  successUrl: string;
  cancelUrl: string;
}

export interface PaymentProviders {
  paymentLinks?: ConfiguredPaymentLinks;
  /** Shared secret of the Pix PSP webhook; without it the route answers 404. */
  pixWebhookSecret?: string;
}

export function paymentProvidersOf(payments: PaymentsConfig, deps: { fetch?: FetchLike } = {}): PaymentProviders {
  const providers: PaymentProviders = {};
  const stripe = payments.stripe;
  if (stripe) {
    providers.paymentLinks = {
      name: 'stripe',
      provider: stripeCheckoutProvider({
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecrets,
        ...(stripe.baseUrl ? { baseUrl: stripe.baseUrl } : {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      }),
      successUrl: stripe.successUrl,
      cancelUrl: stripe.cancelUrl,
    };
  }
  if (payments.pixWebhookSecret) providers.pixWebhookSecret = payments.pixWebhookSecret;
  return providers;
}
