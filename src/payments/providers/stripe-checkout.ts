/**
 * Payment links through Stripe Checkout Sessions (https://docs.stripe.com/api/checkout/sessions):
 * a form-encoded POST /v1/checkout/sessions with a secret key and an Idempotency-Key, and
 * signed `checkout.session.*` webhooks. No Stripe SDK: the core never imports a vendor SDK.
 */
import { isKnownCurrency } from '../../domain/money.ts';
import { headerValue, httpExchange, isRecord, type FetchLike } from '../../adapters/http.ts';
import { errorForStatus, PermanentProviderError, providerUnreachable, unexpectedResponse, WebhookPayloadError } from './errors.ts';
import type { CreateLinkInput, PaymentEvent, PaymentLink, PaymentLinkProvider, WebhookHeaders } from './payment-link.ts';
import { fromStripeAmount, toStripeAmount } from './stripe-amount.ts';
import { STRIPE_SIGNATURE_TOLERANCE_SECONDS, verifyStripeSignature } from './stripe-signature.ts';

export interface StripeCheckoutOptions {
  /** "sk_live_…" / "sk_test_…" (or a restricted "rk_…" key allowed to write Checkout Sessions). */
  secretKey: string;
  /** The endpoint's signing secret(s) "whsec_…"; give two while rolling the secret. */
  webhookSecret: string | readonly string[];
  /** Default https://api.stripe.com. */
  baseUrl?: string;
  /** Sent as Stripe-Version to pin response shapes; default: the account's version. */
  apiVersion?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  toleranceSeconds?: number;
}

const PROVIDER = 'stripe';

export function stripeCheckoutProvider(options: StripeCheckoutOptions): PaymentLinkProvider {
  const baseUrl = (options.baseUrl ?? 'https://api.stripe.com').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secrets = typeof options.webhookSecret === 'string' ? [options.webhookSecret] : [...options.webhookSecret];
  if (secrets.length === 0 || secrets.some((s) => s === '')) throw new RangeError('Stripe webhook secret is empty');
  const tolerance = options.toleranceSeconds ?? STRIPE_SIGNATURE_TOLERANCE_SECONDS;

  return {
    async createLink(input: CreateLinkInput): Promise<PaymentLink> {
      const form = sessionForm(input);
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'idempotency-key': input.idempotencyKey,
      };
      if (options.apiVersion !== undefined) headers['stripe-version'] = options.apiVersion;

      const reply = await httpExchange(
        fetchImpl,
        'Stripe',
        `${baseUrl}/v1/checkout/sessions`,
        {
          method: 'POST',
          headers,
          body: form.toString(),
        },
        timeoutMs,
        providerUnreachable,
      );

      if (reply.status >= 200 && reply.status < 300) {
        const session = reply.json;
        if (!isRecord(session) || typeof session.id !== 'string' || typeof session.url !== 'string') {
          throw unexpectedResponse('Stripe', reply.status, 'without a Checkout Session id and url');
        }
        const expiresAt = typeof session.expires_at === 'number' ? new Date(session.expires_at * 1000) : null;
        return { id: session.id, url: session.url, expiresAt };
      }
      throw stripeError(reply.status, reply.json, reply.text, reply.retryAfterSeconds);
    },

    parseWebhook(rawBody: string | Buffer, headers: WebhookHeaders, now: Date): PaymentEvent {
      const payload = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
      verifyStripeSignature(payload, headerValue(headers, 'stripe-signature'), secrets, now, tolerance);
      return stripeEvent(payload);
    },
  };
}

/** The form Stripe documents for a one-off payment of a price defined inline. */
function sessionForm(input: CreateLinkInput): URLSearchParams {
  const invalid = (code: string, message: string) => new PermanentProviderError(message, { provider: PROVIDER, code });
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw invalid('invalid_amount', `amount must be a positive whole number of minor units, got ${input.amountMinor}`);
  }
  if (!isKnownCurrency(input.currency)) throw invalid('invalid_currency', `unknown currency ${JSON.stringify(input.currency)}`);
  let unitAmount: number;
  try {
    unitAmount = toStripeAmount(input.amountMinor, input.currency);
  } catch (error) {
    throw invalid('invalid_amount', (error as Error).message);
  }

  const form = new URLSearchParams();
  form.append('mode', 'payment');
  form.append('line_items[0][price_data][currency]', input.currency.toLowerCase());
  form.append('line_items[0][price_data][unit_amount]', String(unitAmount));
  form.append('line_items[0][price_data][product_data][name]', input.description);
  form.append('line_items[0][quantity]', '1');
  form.append('success_url', input.successUrl);
  form.append('cancel_url', input.cancelUrl);
  form.append('client_reference_id', input.reference);
  if (input.customerEmail !== undefined) form.append('customer_email', input.customerEmail);
  if (input.expiresAt !== undefined) form.append('expires_at', String(Math.floor(input.expiresAt.getTime() / 1000)));
  // Also in metadata: client_reference_id is limited to 200 characters and absent from
  // the PaymentIntent, metadata is what Dashboard searches and exports show.
  form.append('metadata[reference]', input.reference);
  return form;
}

/** `{ error: { type, code?, message, param? } }` → a typed error; see errorForStatus for the split. */
function stripeError(status: number, body: unknown, text: string, retryAfterSeconds: number | undefined): Error {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const type = typeof error.type === 'string' ? error.type : undefined;
  const code = typeof error.code === 'string' ? error.code : type;
  const param = typeof error.param === 'string' ? error.param : undefined;
  const detail = typeof error.message === 'string' ? error.message : text.slice(0, 200);
  const message = `Stripe ${status}${code ? ` (${code})` : ''}: ${detail}`;
  return errorForStatus(message, {
    provider: PROVIDER,
    status,
    ...(code !== undefined && { code }),
    ...(param !== undefined && { violations: [{ reason: detail, property: param }] }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  });
}

/** Maps the `checkout.session.*` events a payment link can produce; everything else is ignored. */
function stripeEvent(payload: Buffer): PaymentEvent {
  let event: unknown;
  try {
    event = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('Stripe webhook body is not JSON');
  }
  if (!isRecord(event) || typeof event.id !== 'string' || typeof event.type !== 'string') {
    throw new WebhookPayloadError('Stripe webhook body is not an event with an id and a type');
  }
  const { id, type } = event;
  if (!type.startsWith('checkout.session.')) return { id, type: 'ignored' };
  const session = isRecord(event.data) && isRecord(event.data.object) ? event.data.object : undefined;
  if (session === undefined || typeof session.id !== 'string') {
    throw new WebhookPayloadError(`Stripe ${type} event ${id} has no Checkout Session in data.object`);
  }

  const metadata = isRecord(session.metadata) ? session.metadata : {};
  const reference =
    typeof session.client_reference_id === 'string' ? session.client_reference_id : typeof metadata.reference === 'string' ? metadata.reference : undefined;
  const paymentIntent = isRecord(session.payment_intent) ? session.payment_intent.id : session.payment_intent;
  const common = {
    id,
    linkId: session.id,
    ...(reference !== undefined && { reference }),
    ...(typeof paymentIntent === 'string' && { providerPaymentId: paymentIntent }),
  };

  switch (type) {
    // Delayed methods (boleto, bank debits) complete "unpaid" and report the money later.
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      if (session.payment_status !== 'paid') return { id, type: 'ignored' };
      const currency = typeof session.currency === 'string' ? session.currency.toUpperCase() : undefined;
      const total = session.amount_total;
      if (currency === undefined || !isKnownCurrency(currency) || typeof total !== 'number' || !Number.isSafeInteger(total)) {
        throw new WebhookPayloadError(`Stripe ${type} event ${id} has no usable amount_total and currency`);
      }
      return {
        ...common,
        type: 'payment.succeeded',
        amountMinor: fromStripeAmount(total, currency),
        currency,
        ...(typeof event.created === 'number' && { paidAt: new Date(event.created * 1000) }),
      };
    }
    case 'checkout.session.async_payment_failed':
      return { ...common, type: 'payment.failed' };
    case 'checkout.session.expired':
      return { ...common, type: 'link.expired' };
    default:
      return { id, type: 'ignored' };
  }
}
