import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseAmount } from '../../src/domain/money.ts';
import { parsePix } from '../../src/payments/pix/br-code.ts';
import { PermanentProviderError, TransientProviderError, WebhookPayloadError, WebhookSignatureError } from '../../src/payments/providers/errors.ts';
import type { CreateLinkInput, PaymentLinkProvider } from '../../src/payments/providers/payment-link.ts';
import { parsePixWebhook, pixPspProvider, txidFor } from '../../src/payments/providers/pix-psp.ts';
import { stripeCheckoutProvider } from '../../src/payments/providers/stripe-checkout.ts';
import { signStripePayload, startFakeStripe, type FakeStripe } from '../support/fake-providers/stripe.ts';
import { startFakePixPsp, type FakePixPsp } from '../support/fake-providers/pix-psp.ts';

const minor = (text: string, currency: string): number => {
  const parsed = parseAmount(text, currency);
  assert.ok(parsed.ok, `${text} ${currency}`);
  return parsed.minor;
};

/** A port nothing listens on: opened, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, nothing was thrown`);
}

function throwsWith<E extends Error>(run: () => unknown, type: new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, nothing was thrown`);
}

describe('Stripe Checkout payment links', () => {
  let stripe: FakeStripe;
  let provider: PaymentLinkProvider;
  const webhookSecret = 'whsec_test_0123456789abcdef';
  let keyCounter = 0;
  const link = (overrides: Partial<CreateLinkInput> = {}): CreateLinkInput => ({
    idempotencyKey: `link-${++keyCounter}`,
    amountMinor: 12345,
    currency: 'BRL',
    description: 'Faturas 1021 e 1022',
    reference: 'chg_01HZX',
    successUrl: 'https://pay.regua.example/ok',
    cancelUrl: 'https://pay.regua.example/cancel',
    ...overrides,
  });

  before(async () => {
    stripe = await startFakeStripe();
    provider = stripeCheckoutProvider({ secretKey: stripe.secretKey, webhookSecret, baseUrl: stripe.baseUrl });
  });
  after(() => stripe.close());

  describe('createLink', () => {
    it('posts the documented Checkout Session form with the secret key and the idempotency key', async () => {
      const expiresAt = new Date(Date.now() + 2 * 3600_000);
      const expiresAtSeconds = Math.floor(expiresAt.getTime() / 1000);
      const created = await provider.createLink(link({ idempotencyKey: 'remind-42', customerEmail: 'financeiro@cliente.example', expiresAt }));

      const request = stripe.requests.at(-1);
      assert.ok(request);
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/v1/checkout/sessions');
      assert.equal(request.headers.authorization, `Bearer ${stripe.secretKey}`);
      assert.equal(request.headers['idempotency-key'], 'remind-42');
      assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepEqual(stripe.forms().at(-1), {
        mode: 'payment',
        line_items: [{ price_data: { currency: 'brl', unit_amount: '12345', product_data: { name: 'Faturas 1021 e 1022' } }, quantity: '1' }],
        success_url: 'https://pay.regua.example/ok',
        cancel_url: 'https://pay.regua.example/cancel',
        client_reference_id: 'chg_01HZX',
        customer_email: 'financeiro@cliente.example',
        expires_at: String(expiresAtSeconds),
        metadata: { reference: 'chg_01HZX' },
      });

      const session = stripe.sessions.get(created.id);
      assert.ok(session, 'the returned id is the session Stripe created');
      assert.match(created.id, /^cs_/);
      assert.equal(created.url, session.url);
      assert.equal(created.expiresAt?.getTime(), expiresAtSeconds * 1000);
      assert.equal(session.amount_total, 12345);
    });

    it('leaves out optional fields that were not given; Stripe then picks its 24-hour default expiry', async () => {
      const created = await provider.createLink(link());
      const form = stripe.forms().at(-1);
      assert.ok(form);
      assert.equal('customer_email' in form, false);
      assert.equal('expires_at' in form, false);
      const session = stripe.sessions.get(created.id);
      assert.equal(created.expiresAt?.getTime(), (session?.expires_at ?? 0) * 1000);
    });

    it("sends amounts in Stripe's smallest unit for zero-, two- and three-decimal currencies", async () => {
      // Stripe's currency guide: ¥500 is 500, CLP is zero-decimal, KWD has three decimals,
      // and HUF stays two-decimal in the API (1000 forints is 100000) whatever Régua's exponent is.
      const cases = [
        { text: '5000', currency: 'JPY', stripe: '5000' },
        { text: '150000', currency: 'CLP', stripe: '150000' },
        { text: '12.340', currency: 'KWD', stripe: '12340' },
        { text: '1000', currency: 'HUF', stripe: '100000' },
        { text: '19.99', currency: 'EUR', stripe: '1999' },
      ];
      for (const c of cases) {
        await provider.createLink(link({ amountMinor: minor(c.text, c.currency), currency: c.currency }));
        const form = stripe.forms().at(-1) as { line_items: { price_data: { currency: string; unit_amount: string } }[] };
        assert.deepEqual(
          form.line_items[0]?.price_data,
          {
            currency: c.currency.toLowerCase(),
            unit_amount: c.stripe,
            product_data: { name: 'Faturas 1021 e 1022' },
          },
          c.currency,
        );
      }
    });

    it('a retry with the same idempotency key returns the same session, not a second one', async () => {
      const before = stripe.sessions.size;
      const first = await provider.createLink(link({ idempotencyKey: 'same-key' }));
      const retry = await provider.createLink(link({ idempotencyKey: 'same-key' }));
      assert.equal(retry.id, first.id);
      assert.equal(retry.url, first.url);
      assert.equal(stripe.sessions.size, before + 1);
    });

    it('the same key with other parameters is a permanent idempotency_error', async () => {
      await provider.createLink(link({ idempotencyKey: 'reused-key' }));
      const error = await rejectsWith(provider.createLink(link({ idempotencyKey: 'reused-key', amountMinor: 99 })), PermanentProviderError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'idempotency_error');
      assert.equal(error.retryable, false);
    });

    it('refuses a non-integer, zero or unknown-currency amount before calling Stripe', async () => {
      const sent = stripe.requests.length;
      for (const input of [link({ amountMinor: 12.5 }), link({ amountMinor: 0 }), link({ currency: 'XYZ' })]) {
        const error = await rejectsWith(provider.createLink(input), PermanentProviderError);
        assert.match(error.code ?? '', /^invalid_(amount|currency)$/);
      }
      assert.equal(stripe.requests.length, sent);
    });
  });

  describe('error mapping', () => {
    it("a wrong secret key gets Stripe's 401 and is retryable once the key is fixed", async () => {
      const wrong = stripeCheckoutProvider({ secretKey: 'sk_test_wrong0000', webhookSecret, baseUrl: stripe.baseUrl });
      const error = await rejectsWith(wrong.createLink(link()), TransientProviderError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'authentication_failed');
      assert.match(error.message, /Invalid API Key/);
    });

    it("400 and 402 are permanent and keep Stripe's code and parameter", async () => {
      // An expiry 10 minutes out is below Stripe's 30-minute minimum.
      const tooSoon = await rejectsWith(provider.createLink(link({ expiresAt: new Date(Date.now() + 10 * 60_000) })), PermanentProviderError);
      assert.equal(tooSoon.status, 400);
      assert.equal(tooSoon.violations[0]?.property, 'expires_at');

      stripe.failNext(1, {
        status: 402,
        body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } },
      });
      const declined = await rejectsWith(provider.createLink(link()), PermanentProviderError);
      assert.equal(declined.status, 402);
      assert.equal(declined.code, 'card_declined');
    });

    it('429 and 5xx are transient, with Retry-After when Stripe sends it', async () => {
      stripe.failNext(1, {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests.' } },
      });
      const limited = await rejectsWith(provider.createLink(link()), TransientProviderError);
      assert.equal(limited.status, 429);
      assert.equal(limited.retryAfterSeconds, 2);

      stripe.failNext(1, { status: 500, body: { error: { type: 'api_error', message: 'Something went wrong on our end.' } } });
      const failed = await rejectsWith(provider.createLink(link()), TransientProviderError);
      assert.equal(failed.status, 500);
      assert.equal(failed.code, 'api_error');
    });

    it('an unreachable Stripe is transient', async () => {
      const offline = stripeCheckoutProvider({ secretKey: 'sk_test_x', webhookSecret, baseUrl: `http://127.0.0.1:${await deadPort()}` });
      const error = await rejectsWith(offline.createLink(link()), TransientProviderError);
      assert.equal(error.code, 'unreachable');
    });
  });

  describe('webhooks', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    const nowSeconds = Date.UTC(2026, 2, 2, 12, 0, 0) / 1000;
    const deliver = (event: object, options: { secret?: string; timestamp?: number; extra?: string[] } = {}) => {
      const body = JSON.stringify(event);
      const header = signStripePayload(options.secret ?? webhookSecret, body, options.timestamp ?? nowSeconds - 5, options.extra);
      return { body, headers: { 'stripe-signature': header } };
    };
    const sessionFor = async (input: Partial<CreateLinkInput> = {}) => (await provider.createLink(link(input))).id;

    it('accepts a valid signature over the raw body, as a string or as bytes, with any header casing', async () => {
      const event = stripe.checkoutEvent('checkout.session.completed', await sessionFor(), { created: nowSeconds - 5, paymentStatus: 'paid' });
      const { body, headers } = deliver(event);
      assert.equal(provider.parseWebhook(body, headers, now).id, event.id);
      assert.equal(provider.parseWebhook(Buffer.from(body), { 'Stripe-Signature': headers['stripe-signature'] }, now).id, event.id);
    });

    it('rejects a changed body, another secret, a missing or malformed header', async () => {
      const event = stripe.checkoutEvent('checkout.session.completed', await sessionFor(), { created: nowSeconds, paymentStatus: 'paid' });
      const { body, headers } = deliver(event);
      const tampered = body.replace('"amount_total":12345', '"amount_total":1');
      assert.notEqual(tampered, body);
      assert.equal(throwsWith(() => provider.parseWebhook(tampered, headers, now), WebhookSignatureError).problem, 'mismatch');

      const otherSecret = deliver(event, { secret: 'whsec_someone_else' });
      assert.equal(throwsWith(() => provider.parseWebhook(otherSecret.body, otherSecret.headers, now), WebhookSignatureError).problem, 'mismatch');
      assert.equal(throwsWith(() => provider.parseWebhook(body, {}, now), WebhookSignatureError).problem, 'missing');
      const noTimestamp = { 'stripe-signature': headers['stripe-signature'].replace(/^t=\d+,/, '') };
      assert.equal(throwsWith(() => provider.parseWebhook(body, noTimestamp, now), WebhookSignatureError).problem, 'malformed');
    });

    it('rejects a signature older than 300 seconds and accepts one exactly 300 seconds old', async () => {
      const event = stripe.checkoutEvent('checkout.session.expired', await sessionFor(), { created: nowSeconds - 400 });
      const old = deliver(event, { timestamp: nowSeconds - 301 });
      assert.equal(throwsWith(() => provider.parseWebhook(old.body, old.headers, now), WebhookSignatureError).problem, 'expired');
      const edge = deliver(event, { timestamp: nowSeconds - 300 });
      assert.equal(provider.parseWebhook(edge.body, edge.headers, now).type, 'link.expired');
    });

    it('accepts the delivery when any one of several v1 signatures matches (secret being rolled)', async () => {
      const event = stripe.checkoutEvent('checkout.session.expired', await sessionFor(), { created: nowSeconds });
      const body = JSON.stringify(event);
      const byOldSecret = signStripePayload('whsec_old_secret', body, nowSeconds).split(',')[1]?.slice(3) ?? '';
      // Stripe signs with every active secret; ours may come second.
      const header = `t=${nowSeconds},v1=${byOldSecret},${signStripePayload(webhookSecret, body, nowSeconds).split(',')[1]}`;
      assert.equal(provider.parseWebhook(body, { 'stripe-signature': header }, now).type, 'link.expired');

      // And our side can hold two secrets while rolling: the old one still verifies.
      const rolling = stripeCheckoutProvider({ secretKey: stripe.secretKey, webhookSecret: ['whsec_new', 'whsec_old_secret'], baseUrl: stripe.baseUrl });
      const old = deliver(event, { secret: 'whsec_old_secret', timestamp: nowSeconds });
      assert.equal(rolling.parseWebhook(old.body, old.headers, now).type, 'link.expired');
    });

    it('maps a paid completion to payment.succeeded with our reference, the amount in Régua units and the currency upper-cased', async () => {
      const id = await sessionFor({ reference: 'chg_paid_1', amountMinor: 12345, currency: 'BRL' });
      const event = stripe.checkoutEvent('checkout.session.completed', id, { created: nowSeconds - 60, paymentStatus: 'paid' });
      const { body, headers } = deliver(event);
      assert.deepEqual(provider.parseWebhook(body, headers, now), {
        id: event.id,
        type: 'payment.succeeded',
        reference: 'chg_paid_1',
        linkId: id,
        amountMinor: 12345,
        currency: 'BRL',
        paidAt: new Date((nowSeconds - 60) * 1000),
        providerPaymentId: stripe.sessions.get(id)?.payment_intent,
      });
    });

    it('converts amount_total back from Stripe units (JPY as is, HUF from two decimals)', async () => {
      for (const c of [
        { text: '5000', currency: 'JPY' },
        { text: '1000', currency: 'HUF' },
      ]) {
        const id = await sessionFor({ amountMinor: minor(c.text, c.currency), currency: c.currency });
        const { body, headers } = deliver(stripe.checkoutEvent('checkout.session.completed', id, { created: nowSeconds, paymentStatus: 'paid' }));
        const event = provider.parseWebhook(body, headers, now);
        assert.equal(event.amountMinor, minor(c.text, c.currency), c.currency);
        assert.equal(event.currency, c.currency);
      }
    });

    it('maps the other session outcomes and ignores everything else', async () => {
      const parse = (event: object) => {
        const { body, headers } = deliver(event);
        return provider.parseWebhook(body, headers, now);
      };
      const pending = await sessionFor({ reference: 'chg_boleto' });
      // A delayed method completes unpaid first: nothing to record yet.
      assert.equal(parse(stripe.checkoutEvent('checkout.session.completed', pending, { created: nowSeconds, paymentStatus: 'unpaid' })).type, 'ignored');
      const later = parse(stripe.checkoutEvent('checkout.session.async_payment_succeeded', pending, { created: nowSeconds, paymentStatus: 'paid' }));
      assert.equal(later.type, 'payment.succeeded');
      assert.equal(later.reference, 'chg_boleto');

      const failed = parse(
        stripe.checkoutEvent('checkout.session.async_payment_failed', await sessionFor({ reference: 'chg_fail' }), {
          created: nowSeconds,
          paymentStatus: 'unpaid',
        }),
      );
      assert.equal(failed.type, 'payment.failed');
      assert.equal(failed.reference, 'chg_fail');

      const expiredId = await sessionFor({ reference: 'chg_exp' });
      const expired = stripe.checkoutEvent('checkout.session.expired', expiredId, { created: nowSeconds });
      assert.deepEqual(parse(expired), { id: expired.id, type: 'link.expired', reference: 'chg_exp', linkId: expiredId });

      const other = { id: 'evt_other', object: 'event', type: 'payment_intent.succeeded', created: nowSeconds, data: { object: { id: 'pi_1' } } };
      assert.deepEqual(parse(other), { id: 'evt_other', type: 'ignored' });
    });

    it('an authentic body that is not an event is a payload error, not a signature error', () => {
      const body = 'not json';
      const headers = { 'stripe-signature': signStripePayload(webhookSecret, body, nowSeconds) };
      throwsWith(() => provider.parseWebhook(body, headers, now), WebhookPayloadError);
    });
  });
});

describe('Pix through an API Pix PSP', () => {
  const key = '7d9f0335-8dcc-4054-9bf9-0dbd61d36906';
  let psp: FakePixPsp;
  let clock: Date;
  const provider = () => pixPspProvider({ baseUrl: psp.baseUrl, clientId: psp.clientId, clientSecret: psp.clientSecret, now: () => clock });
  const charge = (txid: string, overrides: object = {}) => ({
    txid,
    amountMinor: 12345,
    key,
    expiresInSeconds: 3600,
    merchantName: 'Padaria São João',
    merchantCity: 'São Paulo',
    ...overrides,
  });

  before(async () => {
    psp = await startFakePixPsp({ key, expiresIn: 3600 });
  });
  after(() => psp.close());

  it('txidFor is deterministic, 26-35 letters and digits, and differs between references', () => {
    const a = txidFor('org-1/charge-7');
    assert.equal(txidFor('org-1/charge-7'), a);
    assert.match(a, /^[a-zA-Z0-9]{26,35}$/);
    assert.notEqual(txidFor('org-1/charge-8'), a);
    assert.match(txidFor(''), /^[a-zA-Z0-9]{26,35}$/);
  });

  it('fetches one token with client credentials and reuses it until shortly before it expires', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const pix = provider();
    const tokensBefore = psp.tokenRequests().length;
    await pix.createCharge(charge(txidFor('token-1')));
    await pix.getCharge(txidFor('token-1'));
    clock = new Date(clock.getTime() + 3500_000); // 58 min 20 s later: still valid for 100 s
    await pix.createCharge(charge(txidFor('token-2')));
    const tokenRequests = psp.tokenRequests().slice(tokensBefore);
    assert.equal(tokenRequests.length, 1);
    const first = tokenRequests[0];
    assert.ok(first);
    assert.equal(first.method, 'POST');
    assert.equal(first.headers.authorization, `Basic ${Buffer.from(`${psp.clientId}:${psp.clientSecret}`).toString('base64')}`);
    assert.equal(new URLSearchParams(first.body).get('grant_type'), 'client_credentials');

    clock = new Date(clock.getTime() + 90_000); // 10 s before the PSP's expiry: renewed early
    await pix.getCharge(txidFor('token-2'));
    assert.equal(psp.tokenRequests().length - tokensBefore, 2);
  });

  it('concurrent first calls share one token request', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const pix = provider();
    const tokensBefore = psp.tokenRequests().length;
    await Promise.all([1, 2, 3].map((n) => pix.createCharge(charge(txidFor(`concurrent-${n}`)))));
    assert.equal(psp.tokenRequests().length - tokensBefore, 1);
  });

  it('a token the PSP revoked early is replaced once and the call goes through', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const pix = provider();
    await pix.createCharge(charge(txidFor('revoked')));
    const tokensBefore = psp.tokenRequests().length;
    psp.revokeTokens();
    assert.equal((await pix.getCharge(txidFor('revoked'))).status, 'active');
    assert.equal(psp.tokenRequests().length - tokensBefore, 1);
  });

  it('creates the cob with the documented body: valor.original as a decimal string, devedor by tax id kind', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const txid = txidFor('body-1');
    await provider().createCharge(charge(txid, { payer: { taxId: '529.982.247-25', name: 'Maria da Silva' }, description: 'Fatura 1021 - Padaria' }));
    const request = psp.requests.filter((r) => r.path === `/v2/cob/${txid}`).at(-1);
    assert.ok(request);
    assert.equal(request.method, 'PUT');
    assert.match(request.headers.authorization ?? '', /^Bearer \S+$/);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body), {
      calendario: { expiracao: 3600 },
      devedor: { cpf: '52998224725', nome: 'Maria da Silva' },
      valor: { original: '123.45' },
      chave: key,
      solicitacaoPagador: 'Fatura 1021 - Padaria',
    });

    const company = txidFor('body-2');
    await provider().createCharge(charge(company, { payer: { taxId: '11.222.333/0001-81', name: 'Cliente Ltda' } }));
    assert.deepEqual(psp.cobs.get(company)?.devedor, { cnpj: '11222333000181', nome: 'Cliente Ltda' });
  });

  it('writes centavos as text without floating point', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const cases = [
      { amountMinor: 5, original: '0.05' },
      { amountMinor: 100, original: '1.00' },
      { amountMinor: 1010, original: '10.10' },
      { amountMinor: 123456789, original: '1234567.89' },
    ];
    for (const c of cases) {
      const txid = txidFor(`amount-${c.amountMinor}`);
      await provider().createCharge(charge(txid, { amountMinor: c.amountMinor }));
      assert.equal(psp.cobs.get(txid)?.valor.original, c.original);
    }
  });

  it('builds a dynamic BR Code that parses and points at the location, without amount or txid', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const txid = txidFor('brcode-1');
    const created = await provider().createCharge(charge(txid));
    const cob = psp.cobs.get(txid);
    assert.ok(cob);
    assert.equal(created.txid, txid);
    assert.equal(created.location, cob.location);
    const parsed = parsePix(created.copyPaste);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
    assert.equal(parsed.value.locationUrl, cob.location);
    assert.equal(parsed.value.pointOfInitiation, '12');
    assert.equal(parsed.value.merchantName, 'Padaria Sao Joao');
    assert.equal(parsed.value.merchantCity, 'Sao Paulo');
    assert.equal(parsed.value.amountMinor, undefined);
    assert.equal(parsed.value.txid, '***');
  });

  it("uses the PSP's pixCopiaECola when it sends one", async () => {
    const withCode = await startFakePixPsp({ key, withCopiaECola: true });
    try {
      const pix = pixPspProvider({ baseUrl: withCode.baseUrl, clientId: withCode.clientId, clientSecret: withCode.clientSecret });
      const txid = txidFor('psp-code');
      const created = await pix.createCharge(charge(txid));
      const expected = withCode.cobs.get(txid)?.pixCopiaECola;
      assert.ok(expected);
      assert.equal(created.copyPaste, expected);
    } finally {
      await withCode.close();
    }
  });

  it('a retried creation revises the same charge and keeps its location', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const txid = txidFor('retry-1');
    const first = await provider().createCharge(charge(txid));
    const again = await provider().createCharge(charge(txid));
    assert.equal(again.location, first.location);
    assert.equal(psp.cobs.get(txid)?.revisao, 1);
  });

  it('getCharge maps ATIVA, CONCLUIDA with its pix list, and both removals', async () => {
    clock = new Date('2026-03-02T12:00:00Z');
    const pix = provider();
    const txid = txidFor('status-1');
    await pix.createCharge(charge(txid));
    assert.deepEqual(await pix.getCharge(txid), { status: 'active', payments: [] });

    psp.pay(txid, { endToEndId: 'E12345678202603021200abcdefghijk', horario: '2026-03-02T12:03:33.902Z' });
    assert.deepEqual(await pix.getCharge(txid), {
      status: 'paid',
      payments: [{ endToEndId: 'E12345678202603021200abcdefghijk', amountMinor: 12345, paidAt: new Date('2026-03-02T12:03:33.902Z') }],
    });

    for (const removal of ['REMOVIDA_PELO_USUARIO_RECEBEDOR', 'REMOVIDA_PELO_PSP'] as const) {
      const removed = txidFor(`removed-${removal}`);
      await pix.createCharge(charge(removed));
      const cob = psp.cobs.get(removed);
      assert.ok(cob);
      cob.status = removal;
      assert.equal((await pix.getCharge(removed)).status, 'removed');
    }
  });

  describe('errors', () => {
    it('a key that is not ours is a permanent CobOperacaoInvalida with the violation', async () => {
      clock = new Date('2026-03-02T12:00:00Z');
      const error = await rejectsWith(provider().createCharge(charge(txidFor('bad-key'), { key: 'someone@else.example' })), PermanentProviderError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'CobOperacaoInvalida');
      assert.equal(error.violations[0]?.property, 'cob.chave');
      assert.match(error.message, /não pertence a este usuário recebedor/);
    });

    it('an unknown txid is a permanent CobNaoEncontrado', async () => {
      const error = await rejectsWith(provider().getCharge(txidFor('never-created')), PermanentProviderError);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'CobNaoEncontrado');
    });

    it('changing a paid charge is refused permanently', async () => {
      const txid = txidFor('paid-then-put');
      await provider().createCharge(charge(txid));
      psp.pay(txid, { endToEndId: 'E00000000202603021200paidthenput', horario: '2026-03-02T12:01:00Z' });
      const error = await rejectsWith(provider().createCharge(charge(txid)), PermanentProviderError);
      assert.equal(error.code, 'CobOperacaoInvalida');
    });

    it('503 and 429 are transient', async () => {
      const pix = provider();
      const txid = txidFor('transient');
      await pix.createCharge(charge(txid)); // the token is cached, so the next request is the cob call
      psp.failNext(1, {
        status: 503,
        body: { type: 'https://pix.bcb.gov.br/api/v2/error/ServicoIndisponivel', title: 'Serviço Indisponível', status: 503, detail: 'Serviço em manutenção.' },
      });
      const unavailable = await rejectsWith(pix.getCharge(txid), TransientProviderError);
      assert.equal(unavailable.code, 'ServicoIndisponivel');
      psp.failNext(1, {
        status: 429,
        headers: { 'retry-after': '30' },
        body: { type: 'https://pix.bcb.gov.br/api/v2/error/RequisicaoInvalida', title: 'Too many', status: 429, detail: '' },
      });
      const limited = await rejectsWith(pix.getCharge(txid), TransientProviderError);
      assert.equal(limited.retryAfterSeconds, 30);
    });

    it('wrong client credentials fail at the token endpoint, retryable once fixed', async () => {
      const pix = pixPspProvider({ baseUrl: psp.baseUrl, clientId: psp.clientId, clientSecret: 'wrong' });
      const cobRequests = psp.requests.filter((r) => r.path.startsWith('/v2/')).length;
      const error = await rejectsWith(pix.createCharge(charge(txidFor('wrong-secret'))), TransientProviderError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'authentication_failed');
      assert.equal(psp.requests.filter((r) => r.path.startsWith('/v2/')).length, cobRequests);
    });

    it('checks txid, amount and payer tax id before anything is sent', async () => {
      const sent = psp.requests.length;
      const cases = [
        { input: charge('tooShort123'), code: 'invalid_txid' },
        { input: charge(txidFor('x'), { amountMinor: 123.45 }), code: 'invalid_amount' },
        { input: charge(txidFor('x'), { payer: { taxId: '529.982.247-26', name: 'Check digit wrong' } }), code: 'invalid_payer' },
      ];
      for (const c of cases) {
        const error = await rejectsWith(provider().createCharge(c.input), PermanentProviderError);
        assert.equal(error.code, c.code);
      }
      assert.equal(psp.requests.length, sent);
    });
  });

  describe('webhook', () => {
    const body = {
      pix: [
        {
          endToEndId: 'E12345678202603021205abcdefghijk',
          txid: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
          valor: '123.45',
          horario: '2026-03-02T12:05:00.000-03:00',
          infoPagador: 'pagamento da fatura',
        },
        { endToEndId: 'E98765432202603021206zyxwvutsrqp', valor: '10.00', horario: '2026-03-02T15:06:00Z' },
      ],
    };

    it('maps each Pix with a txid to payment.succeeded and ignores Pix sent straight to the key', () => {
      const expected = [
        {
          id: 'E12345678202603021205abcdefghijk',
          type: 'payment.succeeded',
          linkId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
          amountMinor: 12345,
          currency: 'BRL',
          paidAt: new Date('2026-03-02T15:05:00.000Z'),
          providerPaymentId: 'E12345678202603021205abcdefghijk',
        },
        { id: 'E98765432202603021206zyxwvutsrqp', type: 'ignored', providerPaymentId: 'E98765432202603021206zyxwvutsrqp' },
      ];
      assert.deepEqual(parsePixWebhook(JSON.stringify(body)), expected);
      assert.deepEqual(parsePixWebhook(Buffer.from(JSON.stringify(body))), expected);
      assert.deepEqual(parsePixWebhook(body), expected);
    });

    it('a webhook for a charge created here carries the txid that getCharge then confirms', async () => {
      clock = new Date('2026-03-02T12:00:00Z');
      const pix = provider();
      const txid = txidFor('webhook-then-confirm');
      await pix.createCharge(charge(txid));
      const paid = psp.pay(txid, { endToEndId: 'E11111111202603021210confirmwebh', horario: '2026-03-02T12:10:00Z' });
      const [event] = parsePixWebhook(JSON.stringify({ pix: [paid] }));
      assert.ok(event?.linkId);
      const confirmed = await pix.getCharge(event.linkId);
      assert.equal(confirmed.status, 'paid');
      assert.deepEqual(
        confirmed.payments.map((p) => [p.endToEndId, p.amountMinor]),
        [[event.id, event.amountMinor]],
      );
    });

    it('rejects bodies that are not the documented shape', () => {
      for (const bad of [
        'not json',
        '{}',
        { pix: [{ txid: 'x', valor: '1.00', horario: '2026-03-02T12:00:00Z' }] },
        { pix: [{ endToEndId: 'E1', valor: '1,00', horario: '2026-03-02T12:00:00Z' }] },
        { pix: [{ endToEndId: 'E1', valor: '1.00', horario: 'yesterday' }] },
      ]) {
        throwsWith(() => parsePixWebhook(bad), WebhookPayloadError);
      }
    });
  });
});
