import { createHmac, randomBytes } from 'node:crypto';
import { startFakeServer, type FakeServer, type RecordedRequest } from './fake-server.ts';

/** A Checkout Session as the fake keeps it (the documented fields Régua reads, plus a few). */
export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: string;
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  status: 'open' | 'complete' | 'expired';
  success_url: string;
  url: string;
}

export interface FakeStripe extends FakeServer {
  secretKey: string;
  sessions: Map<string, FakeCheckoutSession>;
  /** The decoded (nested) form of each Checkout Session request, in order, whatever the answer. */
  forms(): Record<string, unknown>[];
  /** An event as Stripe would post it for one of the sessions (payment_intent and statuses filled in for completion). */
  checkoutEvent(type: string, sessionId: string, options: { created: number; paymentStatus?: FakeCheckoutSession['payment_status'] }): Record<string, unknown>;
}

/**
 * Stripe's form encoding decoded as Stripe does: `a[b][0][c]=v` → { a: { b: [ { c: 'v' } ] } }.
 * Everything stays a string, as on the wire.
 */
export function decodeStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = [key.replace(/\[.*$/, ''), ...Array.from(key.matchAll(/\[([^\]]*)\]/g), (m) => m[1] ?? '')];
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) container[segment] = value;
      else {
        container[segment] ??= /^\d+$/.test(path[index + 1] ?? '') ? [] : {};
        node = container[segment] as Record<string, unknown>;
      }
    });
  }
  return root;
}

/** `Stripe-Signature` for a payload, computed as Stripe documents it; extra v1 values are appended as given. */
export function signStripePayload(secret: string, payload: string, timestamp: number, extraSignatures: string[] = []): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return [`t=${timestamp}`, `v1=${v1}`, ...extraSignatures.map((s) => `v1=${s}`)].join(',');
}

const randomId = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

const stripeError = (status: number, error: Record<string, string>) => ({ status, body: { error } });
const missing = (param: string) =>
  stripeError(400, { type: 'invalid_request_error', code: 'parameter_missing', message: `Missing required param: ${param}.`, param });
const invalidInteger = (param: string, value: string) =>
  stripeError(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', message: `Invalid integer: ${value}`, param });

/**
 * Stripe's Checkout Sessions API as documented: POST /v1/checkout/sessions, Bearer secret key,
 * form body, Idempotency-Key (same key and same parameters replay the first answer; same key
 * and other parameters is a 400 idempotency_error), errors as `{ error: { type, code?, message, param? } }`.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(16).toString('hex')}`;
  const sessions = new Map<string, FakeCheckoutSession>();
  const idempotent = new Map<string, { body: string; reply: { status: number; body: unknown } }>();

  const createSession = (request: RecordedRequest): { status: number; body: unknown } => {
    const form = decodeStripeForm(request.body);
    const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (str(form.mode) === undefined) return missing('mode');
    if (form.mode !== 'payment') return stripeError(400, { type: 'invalid_request_error', message: 'This fake only does mode=payment.', param: 'mode' });
    const lineItems = Array.isArray(form.line_items) ? (form.line_items as Record<string, unknown>[]) : [];
    const item = lineItems[0];
    if (item === undefined) return missing('line_items');
    const priceData = (item.price_data ?? {}) as Record<string, unknown>;
    const productData = (priceData.product_data ?? {}) as Record<string, unknown>;
    const currency = str(priceData.currency);
    if (currency === undefined) return missing('line_items[0][price_data][currency]');
    if (!/^[a-z]{3}$/.test(currency)) {
      return stripeError(400, { type: 'invalid_request_error', message: `Invalid currency: ${currency}.`, param: 'line_items[0][price_data][currency]' });
    }
    const unitAmount = str(priceData.unit_amount);
    if (unitAmount === undefined) return missing('line_items[0][price_data][unit_amount]');
    if (!/^\d+$/.test(unitAmount)) return invalidInteger('line_items[0][price_data][unit_amount]', unitAmount);
    if (str(productData.name) === undefined) return missing('line_items[0][price_data][product_data][name]');
    const quantity = str(item.quantity);
    if (quantity === undefined) return missing('line_items[0][quantity]');
    if (!/^[1-9]\d*$/.test(quantity)) return invalidInteger('line_items[0][quantity]', quantity);
    const successUrl = str(form.success_url);
    if (successUrl === undefined) return missing('success_url');
    const created = Math.floor(Date.now() / 1000);
    const expiresAtText = str(form.expires_at);
    if (expiresAtText !== undefined && !/^\d+$/.test(expiresAtText)) return invalidInteger('expires_at', expiresAtText);
    const expiresAt = expiresAtText === undefined ? created + 24 * 3600 : Number(expiresAtText);
    if (expiresAt < created + 30 * 60 || expiresAt > created + 24 * 3600) {
      return stripeError(400, {
        type: 'invalid_request_error',
        message: 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
        param: 'expires_at',
      });
    }
    const total = Number(unitAmount) * Number(quantity);
    const id = randomId('cs_test_');
    const session: FakeCheckoutSession = {
      id,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      currency,
      cancel_url: str(form.cancel_url) ?? null,
      client_reference_id: str(form.client_reference_id) ?? null,
      created,
      customer_email: str(form.customer_email) ?? null,
      expires_at: expiresAt,
      livemode: false,
      metadata: Object.fromEntries(Object.entries((form.metadata ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: successUrl,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    };
    sessions.set(id, session);
    return { status: 200, body: session };
  };

  const server = await startFakeServer((request) => {
    if (request.method !== 'POST' || request.path !== '/v1/checkout/sessions') {
      return stripeError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${request.path}).` });
    }
    const auth = request.headers.authorization;
    if (auth === undefined) {
      return stripeError(401, { type: 'invalid_request_error', message: 'You did not provide an API key.' });
    }
    if (auth !== `Bearer ${secretKey}`) {
      const given = auth.replace(/^Bearer\s+/i, '');
      return stripeError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${given.slice(0, 8)}****${given.slice(-4)}` });
    }
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return createSession(request);
    const previous = idempotent.get(key);
    if (previous !== undefined) {
      if (previous.body === request.body) return previous.reply;
      return stripeError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    const reply = createSession(request);
    idempotent.set(key, { body: request.body, reply });
    return reply;
  });

  return {
    ...server,
    secretKey,
    sessions,
    forms: () => server.requests.filter((r) => r.path === '/v1/checkout/sessions').map((r) => decodeStripeForm(r.body)),
    checkoutEvent(type, sessionId, { created, paymentStatus }) {
      const session = sessions.get(sessionId);
      if (session === undefined) throw new Error(`no session ${sessionId}`);
      const completed = type === 'checkout.session.completed' || type.startsWith('checkout.session.async_payment');
      const object: FakeCheckoutSession = {
        ...session,
        status: type === 'checkout.session.expired' ? 'expired' : completed ? 'complete' : session.status,
        payment_status: paymentStatus ?? session.payment_status,
        payment_intent: completed ? (session.payment_intent ?? randomId('pi_')) : session.payment_intent,
      };
      sessions.set(sessionId, object);
      return { id: randomId('evt_'), object: 'event', api_version: '2024-06-20', created, livemode: false, type, data: { object } };
    },
  };
}
