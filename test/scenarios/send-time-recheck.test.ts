import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import { letterTransport } from '../../src/channels/letter/letter-transport.ts';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { makePromise } from '../../src/use-cases/account-work/make-promise.ts';
import { openDispute } from '../../src/use-cases/account-work/open-dispute.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { updateCustomer } from '../../src/use-cases/customers.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { handOffToAgency } from '../../src/use-cases/escalation/agency-handoff.ts';
import { optOut, optOutToken, signingKey } from '../../src/use-cases/opt-out.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { collector } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenPlan } from '../support/payment-plans.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, tasksOf } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import { orgContext } from '../support/org-context.ts';

/**
 * A reminder is decided in the evening (20:30 in São Paulo, after the allowed hours, so it
 * waits for the morning) and the account moves before it leaves. At 09:00 the next day the
 * delivery judges it again: it goes out with what is still true, or is cancelled with the reason.
 */
describeEachEngine('what is sent is true when it is sent', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  // Tuesday 3 Nov 2026, 20:30 in São Paulo: the run decides; Wednesday 09:00: delivery.
  const evening = new Date('2026-11-03T23:30:00Z');
  const morning = new Date('2026-11-04T12:00:00Z');

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.close());

  const deliver = (db: Db, org: Organisation, now: Date) =>
    deliverDue(
      db,
      org,
      now,
      deliveryDeps(
        { publicUrl: 'https://cobranca.example' },
        {
          email: smtpTransport(smtp.url, 'cobranca@padaria.example'),
          letter: letterTransport({ store: () => Promise.reject(new Error('letters are stored in the delivery transaction')) }),
        },
      ),
    );
  const mailTo = (address: string) => smtp.messages.filter((m) => m.to === address);
  const textOf = (address: string) => mailTo(address).map((m) => m.parts.find((p) => p.contentType.startsWith('text/plain'))!.content.toString('utf8'));

  /** A debtor owing R$ 1.000,00 due on Monday 2 Nov (D+1 on the run's day), or `dueDate`. */
  async function given(slug: string, options: { dueDate?: string; invoices?: number } = {}) {
    const db = database().db;
    const org = await givenOrganisation(db, slug);
    const email = `${slug}@example.com`;
    const customer = await givenCustomer(db, org.id, { externalId: slug.toUpperCase(), contacts: [{ channel: 'email', address: email }] });
    const invoices: string[] = [];
    for (let i = 1; i <= (options.invoices ?? 1); i++) {
      invoices.push(
        await givenInvoice(db, org.id, customer, {
          externalId: `NF-${slug}-${i}`,
          issueDate: '2026-09-01',
          dueDate: options.dueDate ?? '2026-11-02',
          amountMinor: 100_000 * i,
        }),
      );
    }
    return { db, org, customer, email, invoices };
  }

  async function outboxRows(db: Db, organisationId: string) {
    return db
      .selectFrom('outbox_messages')
      .select(['step_id', 'channel', 'status', 'cancel_reason', 'attempts'])
      .where('organisation_id', '=', organisationId)
      .orderBy('step_id')
      .execute();
  }

  async function cancellations(db: Db, organisationId: string) {
    const rows = await db
      .selectFrom('interactions')
      .select(['kind', 'content'])
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'message_cancelled')
      .orderBy('seq')
      .execute();
    return rows.map((r) => `${(r.content as { step: string }).step} ${(r.content as { reason: string }).reason}`);
  }

  it('(a) Day 1 evening: the D+1 reminder is decided for two invoices; the debtor disputes one; Day 2: the reminder names only the other', async () => {
    const { db, org, email } = await given('disputa', { invoices: 2 });
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await db
      .transaction()
      .execute((trx) => openDispute(trx, orgContext(org, collector('2026-11-03')), { externalId: 'NF-disputa-1' }, { reason: 'mercadoria avariada' }));

    const summary = await deliver(db, org, morning);
    assert.equal(summary.sent, 1);
    const [text] = textOf(email);
    assert.ok(text, 'the reminder went out');
    assert.doesNotMatch(text, /NF-disputa-1/, 'the disputed invoice is not demanded');
    assert.match(text, /NF-disputa-2/);
    assert.doesNotMatch(text, /R\$\s3\.0\d\d,\d\d/, 'the total is not that of both invoices');
    assert.match(text, /R\$\s2\.0\d\d,\d\d/, 'the total is that of the undisputed invoice with its charges');
  });

  it('(b) Day 1: reminder decided; the debtor promises to pay on the 10th; Day 2: the reminder is cancelled', async () => {
    const { db, org, email } = await given('promessa');
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await db
      .transaction()
      .execute((trx) =>
        makePromise(
          trx,
          orgContext(org, collector('2026-11-03')),
          { externalId: 'PROMESSA' },
          { promisedDate: '2026-11-10', amount: '1000.00', channel: 'phone' },
        ),
      );

    const summary = await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), [], 'nothing reached the debtor');
    assert.equal(summary.cancelled, 1);
    assert.deepEqual(await outboxRows(db, org.id), [
      { step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'promise_to_pay', attempts: 0 },
    ]);
    assert.deepEqual(await cancellations(db, org.id), ['d+1-email promise_to_pay']);
  });

  it('(c) Day 1: reminder decided; the debtor agrees a parcelamento; Day 2: no demand for the full old debt', async () => {
    const { db, org, email } = await given('parcela');
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await givenPlan(db, org.id, 'PARCELA', { instalments: 3, frequency: 'monthly' }, '2026-11-03');

    await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), [], 'no demand for R$ 1.000,00 after the plan');
    assert.deepEqual(await outboxRows(db, org.id), [
      { step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'payment_plan', attempts: 0 },
    ]);
    assert.deepEqual(await cancellations(db, org.id), ['d+1-email payment_plan']);
  });

  it('(d) D+20: e-mail and letter decided; the account goes to an agency; no reminder, no letter, no final notice, no bureau afterwards', async () => {
    const { db, org, email } = await given('agencia', { dueDate: '2026-10-14' });
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await db
      .transaction()
      .execute((trx) =>
        handOffToAgency(trx, org.id, { externalId: 'AGENCIA' }, { agency: 'Cobra Bem', commissionPercent: '15', date: '2026-11-03' }, collector('2026-11-03')),
      );

    await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), [], 'no D+20 reminder');
    const letters = await db.selectFrom('documents').select('key').where('organisation_id', '=', org.id).where('kind', '=', 'letter').execute();
    assert.deepEqual(letters, [], 'no printed letter');
    assert.deepEqual(await outboxRows(db, org.id), [
      { step_id: 'd+20-email', channel: 'email', status: 'cancelled', cancel_reason: 'with_agency', attempts: 0 },
      { step_id: 'd+20-letter', channel: 'letter', status: 'cancelled', cancel_reason: 'with_agency', attempts: 0 },
    ]);

    // D+30 and D+45: the agency has the account; the cadence stays away.
    await runCadence(db, org, { asOf: '2026-11-13', now: new Date('2026-11-13T13:00:00Z') });
    await runCadence(db, org, { asOf: '2026-11-28', now: new Date('2026-11-28T13:00:00Z') });
    await deliver(db, org, new Date('2026-11-30T13:00:00Z'));
    assert.deepEqual(mailTo(email), [], 'no final notice');
    assert.equal((await outboxRows(db, org.id)).length, 2, 'nothing new in the outbox');
    assert.deepEqual(await tasksOf(db, org.id), [], 'no bureau listing');
  });

  it('(e) Day 1: reminder decided; the account goes to court; Day 2: cancelled', async () => {
    const { db, org, email } = await given('juizo');
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await db.transaction().execute((trx) => updateCustomer(trx, org.id, { externalId: 'JUIZO' }, { status: 'in_court' }, collector('2026-11-03')));

    await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), []);
    assert.deepEqual(await outboxRows(db, org.id), [{ step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'in_court', attempts: 0 }]);
  });

  it('(f) Day 1: reminder decided; the collector pauses the customer until the 20th; Day 2: cancelled, and the cadence resumes after the pause', async () => {
    const { db, org, email } = await given('pausa');
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await db.transaction().execute((trx) => updateCustomer(trx, org.id, { externalId: 'PAUSA' }, { paused_until: '2026-11-20' }, collector('2026-11-03')));

    await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), []);
    assert.deepEqual(await outboxRows(db, org.id), [
      { step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'customer_paused', attempts: 0 },
    ]);

    // Mon 23 Nov (D+21), the pause over: the latest due step fires, as after any suppression.
    await runCadence(db, org, { asOf: '2026-11-23', now: new Date('2026-11-23T13:00:00Z') });
    const steps = (await outboxRows(db, org.id)).map((r) => `${r.step_id} ${r.status}`);
    assert.deepEqual(steps, ['d+1-email cancelled', 'd+20-email pending', 'd+20-letter pending']);
  });

  it('(g) Day 1: reminder decided; the debtor opts out of e-mail; Day 2: cancelled', async () => {
    const { db, org, email, customer } = await given('optout');
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    const contact = await db
      .selectFrom('contacts')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', customer)
      .executeTakeFirstOrThrow();
    const opted = await optOut(db, optOutToken(await signingKey(db, org), org.id, contact.id), evening);
    assert.equal(opted.ok, true);

    await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), []);
    assert.deepEqual(await outboxRows(db, org.id), [{ step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'opted_out', attempts: 0 }]);
  });

  it('(h) Day 1: reminder decided; the debtor pays everything that night; Day 2: cancelled at once, no attempt burnt, the webhook says why', async () => {
    const { db, org, email, customer } = await given('pago');
    await createWebhookEndpoint(db, org.id, 'https://erp.example/hooks', ['message.status_changed']);
    await runCadence(db, org, { asOf: '2026-11-03', now: evening });
    await givenPayment(db, org.id, customer, { externalId: 'PIX-1', date: '2026-11-03', amountMinor: 100_000 });

    const summary = await deliver(db, org, morning);
    assert.deepEqual(mailTo(email), []);
    assert.equal(summary.retried, 0);
    assert.deepEqual(await outboxRows(db, org.id), [{ step_id: 'd+1-email', channel: 'email', status: 'cancelled', cancel_reason: 'settled', attempts: 0 }]);
    assert.deepEqual(await cancellations(db, org.id), ['d+1-email settled']);
    const hooks = await db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('organisation_id', '=', org.id)
      .where('event_type', '=', 'message.status_changed')
      .execute();
    assert.deepEqual(
      hooks.map((h) => (h.payload as { data: { status: string; reason: string } }).data).map((d) => `${d.status} ${d.reason}`),
      ['cancelled settled'],
    );
  });
});
