import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf, tasksOf } from '../support/portfolio.ts';

// 10:00 in São Paulo (UTC-3) on a given date.
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

describeEachEngine('the cadence run, a collector diary', (database) => {
  let org: Organisation;
  let padaria: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'diary');
    padaria = await givenCustomer(db, org.id, {
      externalId: 'PADARIA',
      contacts: [
        { channel: 'email', address: 'financeiro@padaria.example' },
        { channel: 'whatsapp', address: '+5511912345678' },
        { channel: 'phone', address: '+551133334444' },
      ],
    });
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-100', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 50000 });
  });

  it('D-3 (Fri 30 Oct): a courtesy e-mail', async () => {
    const summary = await runCadence(database().db, org, { asOf: '2026-10-30', now: at10('2026-10-30') });
    assert.deepEqual(summary, {
      as_of: '2026-10-30',
      customers_evaluated: 1,
      actions: { email: 1, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 },
      suppressed: {},
      deferred: 0,
    });
    assert.deepEqual(await outboxOf(database().db, org.id), ['2026-10-30 d-3-email email financeiro@padaria.example']);
  });

  it('the same date again sends nothing twice', async () => {
    const summary = await runCadence(database().db, org, { asOf: '2026-10-30', now: at10('2026-10-30') });
    assert.deepEqual(summary.actions, { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 });
    assert.equal((await outboxOf(database().db, org.id)).length, 1);
  });

  it('D+1 (Tue 3 Nov): a friendly e-mail; a dry run before it writes nothing', async () => {
    const dry = await runCadence(database().db, org, { asOf: '2026-11-03', now: at10('2026-11-03'), dryRun: true });
    assert.equal(dry.actions.email, 1);
    assert.equal((await outboxOf(database().db, org.id)).length, 1);
    await runCadence(database().db, org, { asOf: '2026-11-03', now: at10('2026-11-03') });
    assert.deepEqual((await outboxOf(database().db, org.id)).at(-1), '2026-11-03 d+1-email email financeiro@padaria.example');
  });

  it('D+5 (Sat 7 Nov, 10:00, Saturday mornings are allowed): WhatsApp', async () => {
    const summary = await runCadence(database().db, org, { asOf: '2026-11-07', now: at10('2026-11-07') });
    assert.equal(summary.actions.whatsapp, 1);
    assert.equal(summary.deferred, 0);
    assert.deepEqual((await outboxOf(database().db, org.id)).at(-1), '2026-11-07 d+5-whatsapp whatsapp +5511912345678');
  });

  it('no runs from 8 to 13 Nov; D+12 (Sat 14 Nov): only the D+10 call task, nothing repeated', async () => {
    const summary = await runCadence(database().db, org, { asOf: '2026-11-14', now: at10('2026-11-14') });
    assert.deepEqual(summary.actions, { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 1, other: 0 });
    assert.deepEqual(await tasksOf(database().db, org.id), ['2026-11-14 d+10-call call']);
    assert.equal((await outboxOf(database().db, org.id)).length, 3);
  });

  it('a partial payment on 15 Nov neither skips nor repeats: D+20 (Sun 22 Nov) firm e-mail deferred to Monday 08:00, plus the letter', async () => {
    const db = database().db;
    await givenPayment(db, org.id, padaria, { externalId: 'PIX-1', date: '2026-11-15', amountMinor: 20000 });
    const quiet = await runCadence(db, org, { asOf: '2026-11-16', now: at10('2026-11-16') });
    assert.deepEqual(quiet.actions, { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 });
    const summary = await runCadence(db, org, { asOf: '2026-11-22', now: at10('2026-11-22') });
    assert.deepEqual([summary.actions.email, summary.actions.letter, summary.deferred], [1, 1, 1]);
    const email = await db
      .selectFrom('outbox_messages')
      .select(['next_attempt_at', 'receivable_ids'])
      .where('organisation_id', '=', org.id)
      .where('step_id', '=', 'd+20-email')
      .executeTakeFirstOrThrow();
    assert.equal(new Date(email.next_attempt_at).toISOString(), '2026-11-23T11:00:00.000Z'); // Monday 08:00 in São Paulo
  });

  it('writes every executed step to the contact record', async () => {
    const entries = await database()
      .db.selectFrom('interactions')
      .select(['kind', 'channel'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'step_executed')
      .execute();
    assert.deepEqual(entries.map((e) => e.channel).sort(), ['call_task', 'email', 'email', 'email', 'letter', 'whatsapp']);
  });
});

describeEachEngine('the cadence run, suppression and consolidation', (database) => {
  let org: Organisation;
  const asOf = '2026-11-17'; // Tuesday; invoices due 2026-11-16 are at D+1
  const now = at10(asOf);

  before(async () => {
    org = await givenOrganisation(database().db, 'rules');
  });

  it('consolidates several overdue invoices into one reminder per customer and currency', async () => {
    const db = database().db;
    const c = await givenCustomer(db, org.id, { externalId: 'MULTI' });
    await givenInvoice(db, org.id, c, { externalId: 'M1', dueDate: '2026-11-16', amountMinor: 10000 });
    await givenInvoice(db, org.id, c, { externalId: 'M2', dueDate: '2026-11-16', amountMinor: 20000 });
    await givenInvoice(db, org.id, c, { externalId: 'M3', dueDate: '2026-11-16', amountMinor: 5000, currency: 'USD' });
    await runCadence(db, org, { asOf, now });
    const messages = await db
      .selectFrom('outbox_messages')
      .select(['currency', 'receivable_ids'])
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', c)
      .orderBy('currency')
      .execute();
    assert.deepEqual(
      messages.map((m) => [m.currency, m.receivable_ids.length]),
      [
        ['BRL', 2],
        ['USD', 1],
      ],
    );
  });

  it('suppresses a disputed invoice, a promise not yet due, a paused customer and one with the agency', async () => {
    const db = database().db;
    const disputed = await givenCustomer(db, org.id, {
      externalId: 'DISPUTED',
      contacts: [
        { channel: 'email', address: 'disputed@example.com' },
        { channel: 'phone', address: '+551140040000' },
      ],
    });
    const invoice = await givenInvoice(db, org.id, disputed, { externalId: 'D1', dueDate: '2026-11-16', amountMinor: 10000 });
    await db.insertInto('disputes').values({ organisation_id: org.id, invoice_id: invoice, reason: 'produto com defeito' }).execute();
    const promised = await givenCustomer(db, org.id, { externalId: 'PROMISED' });
    const promisedInvoice = await givenInvoice(db, org.id, promised, { externalId: 'P1', dueDate: '2026-11-16', amountMinor: 10000 });
    await db
      .insertInto('promises')
      .values({
        organisation_id: org.id,
        customer_id: promised,
        promised_date: '2026-11-20',
        amount_minor: 10000,
        currency: 'BRL',
        channel: 'phone',
        invoice_ids: [promisedInvoice],
      })
      .execute();
    const paused = await givenCustomer(db, org.id, { externalId: 'PAUSED', status: 'paused', pausedUntil: '2026-11-30' });
    await givenInvoice(db, org.id, paused, { externalId: 'Q1', dueDate: '2026-11-16', amountMinor: 10000 });
    const agency = await givenCustomer(db, org.id, { externalId: 'AGENCY', status: 'with_agency' });
    await givenInvoice(db, org.id, agency, { externalId: 'A1', dueDate: '2026-11-16', amountMinor: 10000 });
    const summary = await runCadence(db, org, { asOf, now });
    assert.deepEqual(summary.suppressed, { disputed: 1, promise_to_pay: 1, customer_paused: 1, with_agency: 1 });
    for (const id of [disputed, promised, paused, agency]) assert.deepEqual(await outboxOf(db, org.id, id), []);
  });

  it('falls back from WhatsApp to SMS without WhatsApp consent, and suppresses when every channel opted out', async () => {
    const db = database().db;
    const fallback = await givenCustomer(db, org.id, {
      externalId: 'FALLBACK',
      contacts: [
        { channel: 'whatsapp', address: '+5511900000001', consent: 'opted_out' },
        { channel: 'phone', address: '+5511900000002' },
      ],
    });
    await givenInvoice(db, org.id, fallback, { externalId: 'F1', dueDate: '2026-11-12', amountMinor: 10000 }); // D+5 on the 17th
    const optedOut = await givenCustomer(db, org.id, {
      externalId: 'OPTEDOUT',
      contacts: [{ channel: 'email', address: 'no@example.com', consent: 'opted_out' }],
    });
    await givenInvoice(db, org.id, optedOut, { externalId: 'O1', dueDate: '2026-11-16', amountMinor: 10000 });
    const summary = await runCadence(db, org, { asOf, now });
    assert.deepEqual(await outboxOf(db, org.id, fallback), [`${asOf} d+5-whatsapp sms +5511900000002`]);
    assert.equal(summary.suppressed.opted_out, 1);
    assert.deepEqual(await outboxOf(db, org.id, optedOut), []);
  });

  it('does not chase a debt covered by an unallocated payment in another currency… nor below the tolerance', async () => {
    const db = database().db;
    await db
      .updateTable('organisations')
      .set({ settings: JSON.stringify({ tolerance_minor: { BRL: 500 } }) })
      .where('id', '=', org.id)
      .execute();
    const orgWithTolerance = await db.selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    const small = await givenCustomer(db, org.id, { externalId: 'SMALL' });
    await givenInvoice(db, org.id, small, { externalId: 'S1', dueDate: '2026-11-16', amountMinor: 400 });
    const summary = await runCadence(db, orgWithTolerance, { asOf, now });
    assert.equal(summary.suppressed.below_tolerance, 1);
    assert.deepEqual(await outboxOf(db, org.id, small), []);
  });

  it('catches up after the disputed invoice is resolved, at the step where it is now', async () => {
    const db = database().db;
    await db.updateTable('disputes').set({ status: 'rejected', resolved_at: new Date() }).where('organisation_id', '=', org.id).execute();
    const disputed = await db
      .selectFrom('customers')
      .select('id')
      .where('organisation_id', '=', org.id)
      .where('external_id', '=', 'DISPUTED')
      .executeTakeFirstOrThrow();
    await runCadence(db, org, { asOf: '2026-11-27', now: at10('2026-11-27') });
    assert.deepEqual(await tasksOf(db, org.id, disputed.id), ['2026-11-27 d+10-call call']);
    assert.deepEqual(await outboxOf(db, org.id, disputed.id), []);
  });
});
