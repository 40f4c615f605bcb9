import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import type { ChannelTransport, OutgoingMessage } from '../../src/channels/transport.ts';
import { cnab240Retorno } from '../../src/payments/bank-files/fixtures/build.ts';
import { parseBoleto } from '../../src/payments/boleto/parse.ts';
import { parsePix } from '../../src/payments/pix/br-code.ts';
import { stripeCheckoutProvider } from '../../src/payments/providers/stripe-checkout.ts';
import type { ConfiguredPaymentLinks } from '../../src/payments/providers/configured-providers.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { composeMessage } from '../../src/use-cases/delivery/compose-message.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { loadDemoOrganisation } from '../../src/use-cases/load-demo-organisation.ts';
import { createOrganisation, updateOrganisation } from '../../src/use-cases/organisations.ts';
import { ValidationError } from '../../src/use-cases/errors.ts';
import { importStatement } from '../../src/use-cases/reconciliation/import-statement.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-providers/stripe.ts';
import { givenPlan } from '../support/payment-plans.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { settledTitle } from '../support/reconciliation.ts';

// Tuesday 17 Nov 2026, 11:00 in São Paulo.
const now = new Date('2026-11-17T14:00:00Z');

function capturing(): ChannelTransport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    channel: 'email',
    sent,
    send: async (message) => {
      sent.push(message);
      return { providerMessageId: `id-${sent.length}`, status: 'sent' };
    },
  };
}

const requestOf = (db: Db, org: Organisation, messageId: string) =>
  db.selectFrom('payment_requests').selectAll().where('organisation_id', '=', org.id).where('message_id', '=', messageId).executeTakeFirstOrThrow();

describeEachEngine('reminders carry Pix, boleto and a card link, recorded as the payment request', (database) => {
  let org: Organisation;
  let stripe: FakeStripe;
  let links: ConfiguredPaymentLinks;
  const invoice: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    stripe = await startFakeStripe();
    links = {
      name: 'stripe',
      provider: stripeCheckoutProvider({ secretKey: stripe.secretKey, webhookSecret: 'whsec_test', baseUrl: stripe.baseUrl }),
      successUrl: 'https://cobranca.example/obrigado',
      cancelUrl: 'https://cobranca.example/',
    };
    org = await givenOrganisation(db, 'pay-block');
    await assert.rejects(updateOrganisation(db, org, { boleto: '{"bank":"001","agreement":"12","wallet":"17","agency":"1","account":"1"}' }), ValidationError);
    org = await updateOrganisation(db, org, {
      pixKey: '123e4567-e12b-12d1-a456-426655440000',
      boleto: '{"bank":"001","agreement":"1234567","wallet":"17","agency":"1234-5","account":"12345-6"}',
    });
    const c = await givenCustomer(db, org.id, { externalId: 'BR1', name: 'Mercearia Boa Vista', contacts: [{ channel: 'email', address: 'br@example.com' }] });
    invoice.a = await givenInvoice(db, org.id, c, { externalId: 'NF-A', issueDate: '2026-10-01', dueDate: '2026-11-16', amountMinor: 100000 });
    invoice.b = await givenInvoice(db, org.id, c, { externalId: 'NF-B', issueDate: '2026-10-01', dueDate: '2026-11-16', amountMinor: 23456 });
  });
  after(() => stripe?.close());

  it('the e-mail shows the Pix code, the boleto line (PDF attached) and the card link for the amount due with charges', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-17', now });
    const message = await db.selectFrom('outbox_messages').selectAll().where('organisation_id', '=', org.id).executeTakeFirstOrThrow();

    // A crash after hand-over rolls the delivery transaction back: composing again must give the same codes.
    const first = await db.transaction().execute(async (trx) => {
      const composed = await composeMessage(trx, org, message, now, {
        optOutUrl: () => 'https://cobranca.example/optout/x',
        portalUrl: async () => 'https://cobranca.example/p/x',
        paymentLinks: links,
      });
      await trx.deleteFrom('payment_requests').where('organisation_id', '=', org.id).execute(); // as if rolled back
      return composed;
    });

    const email = capturing();
    const summary = await deliverDue(db, org, now, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email }, { paymentLinks: links }));
    assert.equal(summary.sent, 1);
    const sent = email.sent[0]!;
    assert.equal(
      sent.text,
      first.text
        .replace('https://cobranca.example/optout/x', /https:\/\/cobranca\.example\/optout\/\S+/.exec(sent.text)![0])
        .replace('https://cobranca.example/p/x', /https:\/\/cobranca\.example\/p\/\S+/.exec(sent.text)![0]),
      'same codes after a re-compose',
    );

    const request = await requestOf(db, org, message.id);
    // 1234.56 + 2 % fine + 1 % a month for 1 day = 1259.66 on the send date.
    assert.equal(request.amount_minor, 125966);
    const pixCode = /000201.+6304[0-9A-F]{4}/.exec(sent.text)![0];
    const pix = parsePix(pixCode);
    assert.ok(pix.ok && pix.value.amountMinor === 125966 && pix.value.txid === request.pix_txid);
    const line = /\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}/.exec(sent.text)?.[0];
    assert.ok(line, 'boleto line in the text');
    const boleto = parseBoleto(line, '2026-11-17');
    assert.ok(boleto.ok);
    assert.deepEqual([boleto.value.bankCode, boleto.value.amountMinor, boleto.value.dueDate], ['001', 125966, '2026-11-20']);
    assert.equal(boleto.value.line, request.boleto_line);
    assert.match(request.boleto_nosso_numero ?? '', /^1234567\d{10}$/);
    assert.equal(sent.attachments?.[0]?.filename, `boleto-${request.boleto_nosso_numero}.pdf`);
    assert.equal(sent.attachments?.[0]?.content.subarray(0, 5).toString(), '%PDF-');
    assert.ok(request.card_url && sent.text.includes(request.card_url), 'card link in the text');
    assert.ok(sent.html?.includes(request.card_url));
    assert.equal(stripe.sessions.size, 1, 'the retried creation reused the checkout session (idempotency key)');
    const form = stripe.forms()[0] as { line_items: { price_data: { unit_amount: string } }[]; client_reference_id: string };
    assert.equal(form.line_items[0]!.price_data.unit_amount, '125966');
    assert.equal(form.client_reference_id, `${org.id}:${message.id}`);
    assert.deepEqual([...request.receivable_ids].sort(), [invoice.a!, invoice.b!].sort());
  });

  it("a CNAB 240 retorno paying the reminder's boleto settles its invoices and stops their cadence", async () => {
    const db = database().db;
    const request = await db.selectFrom('payment_requests').selectAll().where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
    const retorno = cnab240Retorno([
      settledTitle({ nossoNumero: request.boleto_nosso_numero!, amountMinor: 125966, date: '2026-11-19', dueDate: '2026-11-20' }),
    ]);
    const result = await importStatement(db, org, { content: retorno, filename: 'retorno.ret' }, { now: new Date('2026-11-19T13:00:00Z') });
    assert.equal(result.counts.matched, 1);
    const statuses = await db.selectFrom('invoices').select(['external_id', 'status']).where('organisation_id', '=', org.id).orderBy('external_id').execute();
    assert.deepEqual(statuses, [
      { external_id: 'NF-A', status: 'paid' },
      { external_id: 'NF-B', status: 'paid' },
    ]);
    const run = await runCadence(db, org, { asOf: '2026-11-24', now: new Date('2026-11-24T14:00:00Z') });
    assert.equal(
      Object.values(run.actions).reduce((a, b) => a + b, 0),
      0,
      'nothing left to chase',
    );
  });

  it('a reminder of payment-plan instalments only uses the plan template', async () => {
    const db = database().db;
    const c = await givenCustomer(db, org.id, { externalId: 'PLAN1', contacts: [{ channel: 'email', address: 'plan@example.com' }] });
    await givenInvoice(db, org.id, c, { externalId: 'NF-P', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 90000 });
    const planId = await givenPlan(db, org.id, 'PLAN1', { instalments: 3, frequency: 'monthly', startDate: '2026-11-10' }, '2026-11-02');
    const parts = await db
      .selectFrom('payment_plan_instalments')
      .select('invoice_id')
      .where('organisation_id', '=', org.id)
      .where('plan_id', '=', planId)
      .orderBy('number')
      .execute();
    const message = await db
      .insertInto('outbox_messages')
      .values({
        organisation_id: org.id,
        customer_id: c,
        dedupe_key: 'plan-test',
        as_of: '2026-11-17',
        policy_name: 'default',
        step_id: 'D+1',
        channel: 'email',
        template: 'friendly_reminder',
        tone: 'friendly',
        language: 'pt-BR',
        recipient: 'plan@example.com',
        timezone: 'America/Sao_Paulo',
        country: 'BR',
        currency: 'BRL',
        receivable_ids: [parts[0]!.invoice_id],
        next_attempt_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const composed = await db.transaction().execute((trx) => composeMessage(trx, org, message, now, { optOutUrl: () => 'https://x.example/o' }));
    assert.match(composed.subject ?? '', /parcela do seu acordo/);
    assert.match(composed.text, /Linha digitável do boleto/);
  });
});

describeEachEngine("a letter's boleto and the Pix merchant city", (database) => {
  it("Day 1: a letter is sent; its boleto falls due after the post plus the days to pay, and the Pix names the organisation's own city", async () => {
    const db = database().db;
    let org = await createOrganisation(db, {
      slug: 'letters',
      name: 'Padaria Central',
      legalName: 'Padaria Central Ltda',
      taxId: '11.222.333/0001-81',
      address: 'Rua A, 100',
    });
    org = await updateOrganisation(db, org, {
      pixKey: '123e4567-e12b-12d1-a456-426655440000',
      boleto: '{"bank":"001","agreement":"1234567","wallet":"17","agency":"1234-5","account":"12345-6","days_to_pay":3,"postal_days":6}',
    });
    const c = await givenCustomer(db, org.id, { externalId: 'POST1', contacts: [{ channel: 'email', address: 'post@example.com' }] });
    const nf = await givenInvoice(db, org.id, c, { externalId: 'NF-L', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 50000 });
    const queue = (channel: 'letter' | 'email', recipient: string) =>
      db
        .insertInto('outbox_messages')
        .values({
          organisation_id: org.id,
          customer_id: c,
          dedupe_key: `post-${channel}`,
          as_of: '2026-11-17',
          policy_name: 'default',
          step_id: `d+20-${channel}`,
          channel,
          template: channel === 'letter' ? 'letter_firm' : 'firm_reminder',
          tone: 'firm',
          language: 'pt-BR',
          recipient,
          timezone: 'America/Sao_Paulo',
          country: 'BR',
          currency: 'BRL',
          receivable_ids: [nf],
          next_attempt_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    const compose = (message: Awaited<ReturnType<typeof queue>>, o: Organisation) =>
      db.transaction().execute((trx) => composeMessage(trx, o, message, now, { optOutUrl: () => 'https://x.example/o' }));
    const dueOf = (text: string) =>
      (parseBoleto(/\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}/.exec(text)![0], '2026-11-17') as { value: { dueDate: string } }).value.dueDate;
    const cityOf = (text: string) => (parsePix(/000201.+6304[0-9A-F]{4}/.exec(text)![0]) as { value: { merchantCity: string } }).value.merchantCity;

    const letter = await compose(await queue('letter', 'Rua do Cliente, 1, Campinas - SP'), org);
    assert.equal(dueOf(letter.text), '2026-11-26', 'sent 17 Nov: 6 postal days + 3 days to pay');
    const email = await compose(await queue('email', 'post@example.com'), org);
    assert.equal(dueOf(email.text), '2026-11-20', 'an e-mail arrives at once: 3 days to pay');

    // Without a city the merchant city is guessed from the address ("RUA A"); with one, it is the city.
    assert.equal(cityOf(email.text), 'RUA A');
    org = await updateOrganisation(db, org, { city: 'São José dos Campos' });
    const again = await db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('dedupe_key', '=', 'post-email')
      .executeTakeFirstOrThrow();
    assert.equal(cityOf((await compose(again, org)).text), 'SAO JOSE DOS CA', 'tag 60 holds at most 15 characters');
    await assert.rejects(updateOrganisation(db, org, { city: '123' }), ValidationError);
  });
});

describeEachEngine('the demo organisation', (database) => {
  it('a demo reminder in Brazil shows a valid Pix code and boleto line', async () => {
    const db = database().db;
    const created = await db.insertInto('organisations').values({ slug: 'demo-pay', name: 'Demo' }).returningAll().executeTakeFirstOrThrow();
    await loadDemoOrganisation(db, created, { asOf: '2026-11-17', customers: 40, seed: 7 });
    const org = await db.selectFrom('organisations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    await runCadence(db, org, { asOf: '2026-11-17', now });
    const message = await db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('channel', '=', 'email')
      .where('currency', '=', 'BRL')
      .orderBy('id')
      .executeTakeFirst();
    assert.ok(message, 'a BRL e-mail reminder');
    const composed = await db.transaction().execute((trx) => composeMessage(trx, org, message, now, { optOutUrl: () => 'https://x.example/o' }));
    const pix = parsePix(/000201.+6304[0-9A-F]{4}/.exec(composed.text)![0]);
    assert.ok(pix.ok, 'valid Pix code');
    const line = /\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}/.exec(composed.text)?.[0];
    assert.ok(line && parseBoleto(line, '2026-11-17').ok, 'valid boleto line');
    assert.equal(pix.value.amountMinor, (parseBoleto(line, '2026-11-17') as { value: { amountMinor: number } }).value.amountMinor);
  });
});
