import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { agingReport } from '../../src/use-cases/aging-report.ts';
import { acceptSettlementOffer } from '../../src/use-cases/payment-plans/settlement-offers.ts';
import { UserError } from '../../src/use-cases/errors.ts';
import { at10, collector, givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf, tasksOf } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

describeEachEngine('settlement offers, a collector diary', (database) => {
  let org: Organisation;
  let loja: string;
  let bar: string;
  let api: ApiClient;
  const db = () => database().db;
  const run = (date: string) => runCadence(db(), org, { asOf: date, now: at10(date) });
  const invoices = async (customerId: string) =>
    (
      await db()
        .selectFrom('invoices')
        .select(['external_id', 'status', 'paid_minor'])
        .where('organisation_id', '=', org.id)
        .where('customer_id', '=', customerId)
        .orderBy('external_id')
        .execute()
    ).map((i) => `${i.external_id} ${i.status} ${i.paid_minor}`);

  before(async () => {
    org = await givenOrganisation(db(), 'offers');
    api = await givenApi(db(), org.id);
    const contacts = (name: string) => [
      { channel: 'email' as const, address: `financeiro@${name}.example` },
      { channel: 'whatsapp' as const, address: '+5511912345678' },
    ];
    loja = await givenCustomer(db(), org.id, { externalId: 'LOJA', contacts: contacts('loja') });
    await givenInvoice(db(), org.id, loja, { externalId: 'L-1', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 60000 });
    await givenInvoice(db(), org.id, loja, { externalId: 'L-2', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 40000 });
    bar = await givenCustomer(db(), org.id, { externalId: 'BAR', contacts: contacts('bar') });
    await givenInvoice(db(), org.id, bar, { externalId: 'B-1', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 50000 });
  });
  after(() => api.close());

  it('Day 1, 3 Nov (D+1): both get the friendly e-mail', async () => {
    await run('2026-11-03');
    assert.equal((await outboxOf(db(), org.id)).length, 2);
  });

  it('Day 2, 4 Nov: LOJA accepts 10 % off its 1,000.00 (900.00 until 11 Nov); BAR accepts too', async () => {
    const accept = (ref: string) =>
      db()
        .transaction()
        .execute((trx) => acceptSettlementOffer(trx, orgContext(org, collector('2026-11-04')), { externalId: ref }, { discountBps: 1000, validDays: 7 }));
    const offer = await accept('LOJA');
    assert.deepEqual(
      [offer.open, offer.discount, offer.amount, offer.valid_until, offer.state, offer.invoices.map((i) => `${i.external_id} ${i.discount}`)],
      ['1000.00', '100.00', '900.00', '2026-11-11', 'accepted', ['L-1 60.00', 'L-2 40.00']],
    );
    await assert.rejects(accept('LOJA'), (error: unknown) => error instanceof UserError && error.code === 'offer_already_accepted');
    await accept('BAR');
    const kinds = await db()
      .selectFrom('interactions')
      .select('kind')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', loja)
      .orderBy('seq')
      .execute();
    assert.ok(
      kinds.some((k) => k.kind === 'settlement_offer_accepted'),
      'the acceptance is on the contact record',
    );
  });

  it('Day 5, 7 Nov (D+5): no reminder goes out while the offers hold', async () => {
    const summary = await run('2026-11-07');
    assert.deepEqual(summary.suppressed, { promise_to_pay: 2 });
    assert.equal((await outboxOf(db(), org.id)).length, 2);
  });

  it('Day 8, 10 Nov: LOJA pays 900.00; both invoices are paid, 100.00 booked as discount, no credit, nothing open in aging', async () => {
    await givenPayment(db(), org.id, loja, { externalId: 'PIX-LOJA', date: '2026-11-10', amountMinor: 90000 });
    assert.deepEqual(await invoices(loja), ['L-1 paid 54000', 'L-2 paid 36000']);
    const discounts = await db()
      .selectFrom('invoice_charges')
      .select(['amount_minor', 'as_of'])
      .where('organisation_id', '=', org.id)
      .where('component', '=', 'discount')
      .orderBy('amount_minor')
      .execute();
    assert.deepEqual(
      discounts.map((d) => `${d.as_of} ${d.amount_minor}`),
      ['2026-11-10 4000', '2026-11-10 6000'],
    );
    const payment = await db()
      .selectFrom('payments')
      .select(['amount_minor', 'allocated_minor'])
      .where('organisation_id', '=', org.id)
      .where('external_id', '=', 'PIX-LOJA')
      .executeTakeFirstOrThrow();
    assert.equal(payment.allocated_minor, payment.amount_minor, 'no unallocated credit');
    const aging = await agingReport(db(), orgContext(org), '2026-11-10');
    const row = aging.lines.find((l) => l.externalId === 'LOJA');
    assert.equal(row, undefined, `LOJA has nothing open: ${JSON.stringify(row)}`);
    const offers = await api.get('/api/v1/customers/ext:LOJA/pay-in-full-offer/acceptances?as_of=2026-11-10');
    assert.deepEqual(
      offers.json().data.map((o: { state: string; fulfilled_on: string }) => `${o.state} ${o.fulfilled_on}`),
      ['fulfilled 2026-11-10'],
    );
  });

  it('Day 10, 12 Nov: BAR did not pay; its offer lapsed and the cadence resumes for BAR only', async () => {
    await run('2026-11-12');
    const offers = await api.get('/api/v1/customers/ext:BAR/pay-in-full-offer/acceptances?as_of=2026-11-12');
    assert.deepEqual(
      offers.json().data.map((o: { state: string }) => o.state),
      ['lapsed'],
    );
    const promises = await db().selectFrom('promises').select(['customer_id', 'status']).where('organisation_id', '=', org.id).orderBy('customer_id').execute();
    assert.deepEqual(
      new Map(promises.map((p) => [p.customer_id, p.status])),
      new Map([
        [loja, 'kept'],
        [bar, 'broken'],
      ]),
    );
    assert.equal((await outboxOf(db(), org.id, loja)).length, 1, 'LOJA is settled: nothing more');
    // The lapsed offer is a broken promise: a worklist item for BAR, none for LOJA.
    assert.deepEqual(await tasksOf(db(), org.id, bar), ['2026-11-12 null broken_promise']);
    assert.deepEqual(await tasksOf(db(), org.id, loja), []);
  });

  it('Day 20, 22 Nov (D+20): the firm reminders go to BAR; LOJA, settled, hears nothing', async () => {
    await run('2026-11-22');
    assert.ok(
      (await outboxOf(db(), org.id, bar)).some((m) => m.startsWith('2026-11-22 d+20-email')),
      'the cadence resumed for BAR',
    );
    assert.equal((await outboxOf(db(), org.id, loja)).length, 1);
  });

  it('over the API: CAFE accepts, the same idempotency key replays, a second acceptance is refused', async () => {
    const cafe = await givenCustomer(db(), org.id, { externalId: 'CAFE', contacts: [{ channel: 'email', address: 'cafe@cafe.example' }] });
    await givenInvoice(db(), org.id, cafe, { externalId: 'C-1', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 33333 });
    const post = (key: string, payload: object) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/customers/ext:CAFE/pay-in-full-offer/acceptances',
        payload,
        headers: { authorization: api.authorization, 'idempotency-key': key },
      });
    const first = await post('cafe-1', { discount_bps: 2500, valid_days: 3, as_of: '2026-11-12' });
    assert.equal(first.statusCode, 201, first.body);
    // Asked 25 %, capped at the organisation's 10 %: 33.33 off 333.33.
    assert.deepEqual(
      [first.json().discount_bps, first.json().discount, first.json().amount, first.json().valid_until],
      [1000, '33.33', '300.00', '2026-11-15'],
    );
    assert.equal((await post('cafe-1', { discount_bps: 2500, valid_days: 3, as_of: '2026-11-12' })).json().id, first.json().id);
    const again = await post('cafe-2', { as_of: '2026-11-12' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'offer_already_accepted');
    const bad = await post('cafe-3', { valid_days: -1 });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      (await db().selectFrom('settlement_offers').select('id').where('organisation_id', '=', org.id).where('customer_id', '=', cafe).execute()).length,
      1,
    );
  });
});
