import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { composeMessage } from '../../src/use-cases/delivery/compose-message.ts';
import { createPayment } from '../../src/use-cases/payments.ts';
import { describeEachEngine } from '../support/engines.ts';
import { signStripePayload } from '../support/fake-providers/stripe.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { wire } from '../../src/wiring.ts';
import { orgContext } from '../support/org-context.ts';

const stripeSecret = 'whsec_test_payment_webhooks';
const pixSecret = 'pix-shared-secret-0123456789';
process.env.STRIPE_SECRET_KEY = 'sk_test_payment_webhooks';
process.env.STRIPE_WEBHOOK_SECRET = stripeSecret;
process.env.PIX_WEBHOOK_SECRET = pixSecret;

async function givenRequest(
  db: Db,
  org: Organisation,
  customerId: string,
  invoiceIds: string[],
  codes: { pixTxid?: string; session?: string; amountMinor: number },
) {
  const message = await db
    .insertInto('outbox_messages')
    .values({
      organisation_id: org.id,
      customer_id: customerId,
      dedupe_key: `hook:${codes.pixTxid ?? codes.session}`,
      as_of: '2026-03-03',
      policy_name: 'default',
      step_id: 'D+1',
      channel: 'email',
      template: 'friendly_reminder',
      tone: 'friendly',
      language: 'pt-BR',
      recipient: 'a@example.com',
      timezone: 'America/Sao_Paulo',
      country: 'BR',
      currency: 'BRL',
      receivable_ids: invoiceIds,
      next_attempt_at: new Date('2026-03-03T12:00:00Z'),
      updated_at: new Date(),
      status: 'sent',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('payment_requests')
    .values({
      organisation_id: org.id,
      customer_id: customerId,
      message_id: message.id,
      currency: 'BRL',
      amount_minor: codes.amountMinor,
      as_of: '2026-03-03',
      receivable_ids: invoiceIds,
      pix_txid: codes.pixTxid ?? null,
      card_provider: codes.session ? 'stripe' : null,
      card_session_id: codes.session ?? null,
      card_url: codes.session ? `https://checkout.stripe.com/c/pay/${codes.session}` : null,
    })
    .execute();
  return message.id;
}

describeEachEngine('provider webhooks record payments of reminders', (database) => {
  let app: FastifyInstance;
  let base: string;
  let org: Organisation;
  let stripeMessage: string;
  const invoice: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'hooks');
    await db
      .updateTable('organisations')
      .set({ settings: sql`settings || '{"payment_receipts": true}'::jsonb` })
      .where('id', '=', org.id)
      .execute();
    org = await db.selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    const card = await givenCustomer(db, org.id, { externalId: 'CARD', contacts: [{ channel: 'email', address: 'card@example.com' }] });
    const pix = await givenCustomer(db, org.id, { externalId: 'PIX', contacts: [{ channel: 'email', address: 'pix@example.com' }] });
    invoice.c1 = await givenInvoice(db, org.id, card, { externalId: 'NF-C1', issueDate: '2026-01-01', dueDate: '2026-02-01', amountMinor: 30000 });
    invoice.c2 = await givenInvoice(db, org.id, card, { externalId: 'NF-C2', issueDate: '2026-01-01', dueDate: '2026-02-15', amountMinor: 20000 });
    invoice.p1 = await givenInvoice(db, org.id, pix, { externalId: 'NF-P1', issueDate: '2026-01-01', dueDate: '2026-02-01', amountMinor: 10000 });
    stripeMessage = await givenRequest(db, org, card, [invoice.c2!, invoice.c1!], { session: 'cs_test_hooks1', amountMinor: 50500 });
    await givenRequest(db, org, pix, [invoice.p1!], { pixTxid: 'ABCDEF0123456789ABCDEF012', amountMinor: 10100 });
    app = await buildServer({ db, paymentProviders: wire(loadConfig()).paymentProviders });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => app?.close());

  const paymentsOf = (externalId: string) =>
    database()
      .db.selectFrom('payments as p')
      .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
      .select(['p.amount_minor', 'p.method', 'p.reference', 'p.allocated_minor'])
      .where('p.organisation_id', '=', org.id)
      .where('c.external_id', '=', externalId)
      .execute();
  const statusOf = async (id: string) =>
    (await database().db.selectFrom('invoices').select('status').where('organisation_id', '=', org.id).where('id', '=', id).executeTakeFirstOrThrow()).status;

  const stripeEvent = JSON.stringify({
    id: 'evt_hooks_1',
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: 'cs_test_hooks1',
        object: 'checkout.session',
        client_reference_id: '',
        payment_status: 'paid',
        amount_total: 50500,
        currency: 'brl',
        payment_intent: 'pi_hooks_1',
      },
    },
  });
  const postStripe = (body: string, signature: string) =>
    fetch(`${base}/hooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });

  test('Stripe: a bad signature is refused with 400 and records nothing', async () => {
    const body = stripeEvent.replace('"client_reference_id":""', `"client_reference_id":"${org.id}:${stripeMessage}"`);
    const response = await postStripe(body, signStripePayload('whsec_wrong', body, Math.floor(Date.now() / 1000)));
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'bad_signature');
    assert.equal((await paymentsOf('CARD')).length, 0);
  });

  test("Stripe: checkout.session.completed records a card payment of the request's customer and pays its invoices; a replay records nothing", async () => {
    const body = stripeEvent.replace('"client_reference_id":""', `"client_reference_id":"${org.id}:${stripeMessage}"`);
    const response = await postStripe(body, signStripePayload(stripeSecret, body, Math.floor(Date.now() / 1000)));
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { recorded: 1, duplicate: 0, ignored: 0, unknown_request: 0 });
    assert.deepEqual(await paymentsOf('CARD'), [{ amount_minor: 50500, method: 'card', reference: 'pi_hooks_1', allocated_minor: 50000 }]);
    assert.equal(await statusOf(invoice.c1!), 'paid');
    assert.equal(await statusOf(invoice.c2!), 'paid');
    const entry = await database()
      .db.selectFrom('interactions')
      .select(['actor', 'content'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'payment_received')
      .executeTakeFirstOrThrow();
    assert.equal(entry.actor, 'stripe');
    assert.deepEqual((entry.content as { allocations: unknown[] }).allocations, [
      { invoice_number: 'NF-C1', amount: '300.00' },
      { invoice_number: 'NF-C2', amount: '200.00' },
    ]);

    const replay = await postStripe(body, signStripePayload(stripeSecret, body, Math.floor(Date.now() / 1000)));
    assert.deepEqual(await replay.json(), { recorded: 0, duplicate: 1, ignored: 0, unknown_request: 0 });
    assert.equal((await paymentsOf('CARD')).length, 1);
  });

  const pixBody = JSON.stringify({
    pix: [
      {
        endToEndId: 'E12345678202603031200abcdefghijk',
        txid: 'ABCDEF0123456789ABCDEF012',
        valor: '101.00',
        horario: '2026-03-03T12:00:00.000Z',
        infoPagador: 'fatura',
      },
    ],
  });

  test('Pix PSP: a wrong or missing shared secret is refused with 401', async () => {
    const wrong = await fetch(`${base}/hooks/pix/hooks/pix`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': 'nope' },
      body: pixBody,
    });
    assert.equal(wrong.status, 401);
    const missing = await fetch(`${base}/hooks/pix/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: pixBody });
    assert.equal(missing.status, 401);
    assert.equal((await paymentsOf('PIX')).length, 0);
  });

  test('Pix PSP: a Pix with the reminder txid records a pix payment once per endToEndId', async () => {
    const response = await fetch(`${base}/hooks/pix/hooks/pix?hmac=${pixSecret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: pixBody,
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(await response.json(), { recorded: 1, duplicate: 0, ignored: 0, unknown_request: 0 });
    assert.deepEqual(await paymentsOf('PIX'), [{ amount_minor: 10100, method: 'pix', reference: 'E12345678202603031200abcdefghijk', allocated_minor: 10000 }]);
    assert.equal(await statusOf(invoice.p1!), 'paid');
    const replay = await fetch(`${base}/hooks/pix/hooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-secret': pixSecret },
      body: pixBody,
    });
    assert.deepEqual(await replay.json(), { recorded: 0, duplicate: 1, ignored: 0, unknown_request: 0 });
    assert.equal((await paymentsOf('PIX')).length, 1);
  });

  test('with receipts on, each payment that settled invoices gets one thank-you e-mail in the outbox, with the creditor identified', async () => {
    const db = database().db;
    const receipts = await db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('template', '=', 'payment_receipt')
      .orderBy('recipient')
      .execute();
    assert.deepEqual(
      receipts.map((r) => [r.recipient, r.status]),
      [
        ['card@example.com', 'pending'],
        ['pix@example.com', 'pending'],
      ],
    );
    const composed = await db
      .transaction()
      .execute((trx) => composeMessage(trx, org, receipts[0]!, new Date('2026-03-03T14:00:00Z'), { optOutUrl: () => 'https://x.example/o' }));
    assert.match(composed.subject ?? '', /recebemos seu pagamento/);
    assert.match(composed.text, /R\$\s505,00/);
    assert.match(composed.text, /NF-C1.*pago R\$\s300,00/);
    assert.match(composed.text, /11\.222\.333\/0001-81/);
  });

  test('a payment recorded through the API queues its receipt once; one that settles nothing queues none', async () => {
    const db = database().db;
    const c = await givenCustomer(db, org.id, { externalId: 'API', contacts: [{ channel: 'email', address: 'api@example.com' }] });
    await givenInvoice(db, org.id, c, { externalId: 'NF-API', issueDate: '2026-01-01', dueDate: '2026-02-01', amountMinor: 5000 });
    const context = { actor: 'api', now: new Date('2026-03-03T14:00:00Z') };
    await db.transaction().execute((trx) =>
      createPayment(trx, orgContext(org, context), {
        external_id: 'PAY-PART',
        customer_external_id: 'API',
        date: '2026-03-03',
        amount: '10.00',
        currency: 'BRL',
        method: 'transfer',
        reference: '',
      } as never),
    );
    await db.transaction().execute((trx) =>
      createPayment(trx, orgContext(org, context), {
        external_id: 'PAY-REST',
        customer_external_id: 'API',
        date: '2026-03-03',
        amount: '40.00',
        currency: 'BRL',
        method: 'transfer',
        reference: '',
      } as never),
    );
    const receipts = await db
      .selectFrom('outbox_messages')
      .select('recipient')
      .where('organisation_id', '=', org.id)
      .where('template', '=', 'payment_receipt')
      .where('recipient', '=', 'api@example.com')
      .execute();
    assert.equal(receipts.length, 1);
  });
});
