/**
 * The payment providers configured through the environment:
 *   STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET (several separated by commas while rolling),
 *   STRIPE_BASE_URL (default https://api.stripe.com), STRIPE_SUCCESS_URL / STRIPE_CANCEL_URL
 *   (where the payer lands after the checkout page; default PUBLIC_URL);
 *   PIX_WEBHOOK_SECRET: the shared secret the Pix PSP webhook must present.
 */
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

export class ProviderConfigError extends Error {}

export function paymentProvidersFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): PaymentProviders {
  const providers: PaymentProviders = {};
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const webhookSecrets = (env.STRIPE_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (secretKey) {
    if (webhookSecrets.length === 0) throw new ProviderConfigError('STRIPE_SECRET_KEY is set without STRIPE_WEBHOOK_SECRET: payments made on the card links could not be recorded');
    providers.paymentLinks = {
      name: 'stripe',
      provider: stripeCheckoutProvider({ secretKey, webhookSecret: webhookSecrets, ...(env.STRIPE_BASE_URL?.trim() ? { baseUrl: env.STRIPE_BASE_URL.trim() } : {}) }),
      successUrl: env.STRIPE_SUCCESS_URL?.trim() || publicUrl,
      cancelUrl: env.STRIPE_CANCEL_URL?.trim() || publicUrl,
    };
  }
  const pixSecret = env.PIX_WEBHOOK_SECRET?.trim();
  if (pixSecret) {
    if (pixSecret.length < 16) throw new ProviderConfigError('PIX_WEBHOOK_SECRET must be at least 16 characters');
    providers.pixWebhookSecret = pixSecret;
  }
  return providers;
}
