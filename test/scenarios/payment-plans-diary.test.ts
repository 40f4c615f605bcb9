import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { chargeKey } from '../../src/domain/fees.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { UserError } from '../../src/use-cases/errors.ts';
import { reviewPlans } from '../../src/use-cases/payment-plans/review-plans.ts';
import { describeEachEngine } from '../support/engines.ts';
import { chargesOnFile, givenPlan, invoiceState, partsOfPlan, planStatus } from '../support/payment-plans.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

// 10:00 in São Paulo (UTC-3).
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

describeEachEngine('payment plans, a collector diary', (database) => {
  let org: Organisation;
  let padaria: string;
  let nf1: string;
  let nf2: string;
  let plan: string;
  let mercado: string;
  let m1: string;
  let plan2: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'plans-diary');
    padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', contacts: [{ channel: 'email', address: 'financeiro@padaria.example' }] });
    // R$ 1.200,00 overdue across two invoices.
    nf1 = await givenInvoice(db, org.id, padaria, { externalId: 'NF-1', issueDate: '2026-08-16', dueDate: '2026-09-15', amountMinor: 70000 });
    nf2 = await givenInvoice(db, org.id, padaria, { externalId: 'NF-2', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 50000 });
    mercado = await givenCustomer(db, org.id, {
      externalId: 'MERCADO',
      contacts: [
        { channel: 'email', address: 'contas@mercado.example' },
        { channel: 'phone', address: '+551130304040' },
      ],
    });
    m1 = await givenInvoice(db, org.id, mercado, { externalId: 'M-1', issueDate: '2026-09-20', dueDate: '2026-10-20', amountMinor: 90000 });
  });

  it('Mon 2 Nov: PADARIA agrees R$ 200,00 down and 4 monthly instalments; late charges are crystallised once', async () => {
    const db = database().db;
    plan = await givenPlan(db, org.id, 'PADARIA', { downPayment: '200.00', instalments: 4, frequency: 'monthly', startDate: '2026-11-10' }, '2026-11-02');
    // Brazilian default terms: 2 % fine and 1 % a month pro rata per day (business debtor, no cap hit).
    // NF-1: 700,00, 48 days late → fine 14,00, interest 700 × 1 % × 48/30 = 11,20.
    // NF-2: 500,00, 32 days late → fine 10,00, interest 500 × 1 % × 32/30 = 5,333… → 5,33.
    assert.deepEqual(
      await chargesOnFile(db, org.id, [nf1, nf2]),
      [
        `${chargeKey(nf1, 'interest')} 1120`,
        `${chargeKey(nf1, 'late_fee')} 1400`,
        `${chargeKey(nf2, 'interest')} 533`,
        `${chargeKey(nf2, 'late_fee')} 1000`,
      ].sort(),
    );
    // Debt 1.200,00 + 40,53 = 1.240,53; 1.040,53 financed in 4 → 260,13 ×3 and the last takes the rest, 260,14.
    const parts = await partsOfPlan(db, org.id, plan);
    assert.deepEqual(
      parts.map((p) => [p.dueDate, p.amountMinor, p.status]),
      [
        ['2026-11-10', 20000, 'open'],
        ['2026-12-10', 26013, 'open'],
        ['2027-01-10', 26013, 'open'],
        ['2027-02-10', 26013, 'open'],
        ['2027-03-10', 26014, 'open'],
      ],
    );
    assert.equal(
      parts.reduce((sum, p) => sum + p.amountMinor, 0),
      124053,
    );
    assert.ok(parts.every((p) => /^PLAN-[0-9A-F]{8}-[0-4]$/.test(p.externalId)));
  });

  it('the same request again is refused and charges nothing twice', async () => {
    const db = database().db;
    await assert.rejects(
      givenPlan(
        db,
        org.id,
        'PADARIA',
        { invoiceIds: ['NF-1', 'NF-2'], downPayment: '200.00', instalments: 4, frequency: 'monthly', startDate: '2026-11-10' },
        '2026-11-02',
      ),
      (error: unknown) => error instanceof UserError && error.code === 'invoice_in_plan',
    );
    assert.equal((await chargesOnFile(db, org.id, [nf1, nf2])).length, 4);
    assert.equal((await db.selectFrom('payment_plans').select('id').where('organisation_id', '=', org.id).execute()).length, 1);
  });

  it('MERCADO agrees 3 monthly instalments with no down payment', async () => {
    const db = database().db;
    plan2 = await givenPlan(db, org.id, 'MERCADO', { instalments: 3, frequency: 'monthly', startDate: '2026-11-10' }, '2026-11-02');
    // 900,00, 13 days late: fine 18,00, interest 900 × 1 % × 13/30 = 3,90 → 921,90 in 3 × 307,30.
    assert.deepEqual(
      (await partsOfPlan(db, org.id, plan2)).map((p) => [p.dueDate, p.amountMinor]),
      [
        ['2026-12-10', 30730],
        ['2027-01-10', 30730],
        ['2027-02-10', 30730],
      ],
    );
  });

  it('Sat 7 Nov: the covered invoices are suppressed; only the down payment gets its D-3 reminder', async () => {
    const db = database().db;
    const summary = await runCadence(db, org, { asOf: '2026-11-07', now: at10('2026-11-07') });
    assert.ok((summary.suppressed.payment_plan ?? 0) >= 1);
    const messages = await db
      .selectFrom('outbox_messages')
      .select(['customer_id', 'step_id', 'receivable_ids'])
      .where('organisation_id', '=', org.id)
      .execute();
    const [down] = await partsOfPlan(db, org.id, plan);
    assert.deepEqual(
      messages.map((m) => [m.customer_id, m.step_id, m.receivable_ids]),
      [[padaria, 'd-3-email', [down!.id]]],
    );
  });

  it('Mon 9 Nov: a Pix of R$ 200,00 lands on the oldest invoice, and the review moves it to the down payment', async () => {
    const db = database().db;
    await givenPayment(db, org.id, padaria, { externalId: 'PIX-1', date: '2026-11-09', amountMinor: 20000 });
    assert.equal((await invoiceState(db, org.id, 'NF-1')).paidMinor, 20000); // what allocate-payments does on its own
    const result = await reviewPlans(db, org.id, '2026-11-10', at10('2026-11-10'));
    assert.deepEqual([result.completed, result.broken], [[], []]);
    assert.deepEqual(await invoiceState(db, org.id, 'NF-1'), { status: 'open', paidMinor: 0 });
    assert.equal((await partsOfPlan(db, org.id, plan))[0]!.status, 'paid');
  });

  it('Mon 7 Dec: instalment 1 of each plan gets its reminder, the covered invoices still nothing', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-12-07', now: at10('2026-12-07') });
    const messages = await db
      .selectFrom('outbox_messages')
      .select(['customer_id', 'receivable_ids'])
      .where('organisation_id', '=', org.id)
      .where('as_of', '=', '2026-12-07')
      .orderBy('recipient')
      .execute();
    const first = (await partsOfPlan(db, org.id, plan))[1]!;
    const mercadoFirst = (await partsOfPlan(db, org.id, plan2))[0]!;
    assert.deepEqual(
      messages.map((m) => m.receivable_ids),
      [[mercadoFirst.id], [first.id]],
    );
  });

  it('MERCADO pays instalment 1 but not instalment 2 (due 10 Jan): late on the 15th, broken on the 16th', async () => {
    const db = database().db;
    // 10 Dec and 10 Jan: PADARIA pays on time; MERCADO pays only in December.
    await givenPayment(db, org.id, padaria, { externalId: 'PIX-2026-12-10', date: '2026-12-10', amountMinor: 26013 });
    await givenPayment(db, org.id, mercado, { externalId: 'TED-M1', date: '2026-12-10', amountMinor: 30730 });
    await reviewPlans(db, org.id, '2026-12-10', at10('2026-12-10'));
    await givenPayment(db, org.id, padaria, { externalId: 'PIX-2027-01-10', date: '2027-01-10', amountMinor: 26013 });
    await reviewPlans(db, org.id, '2027-01-10', at10('2027-01-10'));
    assert.equal(await planStatus(db, org.id, plan), 'active');
    // Five days of tolerance: still in the plan on the 15th, and M-1 still suppressed.
    assert.deepEqual((await reviewPlans(db, org.id, '2027-01-15', at10('2027-01-15'))).broken, []);
    await runCadence(db, org, { asOf: '2027-01-15', now: at10('2027-01-15') });
    const m1Steps = () =>
      db
        .selectFrom('step_executions')
        .select(['executed_on', 'step_id', 'outcome'])
        .where('organisation_id', '=', org.id)
        .where('receivable_id', '=', m1)
        .execute();
    assert.deepEqual(await m1Steps(), []);

    const result = await reviewPlans(db, org.id, '2027-01-16', at10('2027-01-16'));
    assert.deepEqual(result.broken, [plan2]);
    assert.equal(await planStatus(db, org.id, plan2), 'broken');
    assert.deepEqual(
      (await partsOfPlan(db, org.id, plan2)).map((p) => p.status),
      ['paid', 'void', 'void'],
    );
    // What was paid on the plan is applied to M-1: 900,00 − 307,30 remain.
    assert.deepEqual(await invoiceState(db, org.id, 'M-1'), { status: 'open', paidMinor: 30730 });

    // M-1 is back in the cadence: 88 days late, the latest step fires and the others are passed.
    await runCadence(db, org, { asOf: '2027-01-16', now: at10('2027-01-16') });
    assert.deepEqual(
      (await m1Steps()).filter((s) => s.outcome === 'sent').map((s) => [s.executed_on, s.step_id]),
      [['2027-01-16', 'd+60-review']],
    );
    const task = await db
      .selectFrom('tasks')
      .select(['receivable_ids', 'amount_minor'])
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', mercado)
      .executeTakeFirstOrThrow();
    assert.deepEqual(task.receivable_ids, [m1]);
  });

  it('10 Feb and 10 Mar: PADARIA pays the last instalments; the plan completes and settles NF-1 and NF-2', async () => {
    const db = database().db;
    const payments: [string, number][] = [
      ['2027-02-10', 26013],
      ['2027-03-10', 26014],
    ];
    for (const [date, amount] of payments) {
      await givenPayment(db, org.id, padaria, { externalId: `PIX-${date}`, date, amountMinor: amount });
      await reviewPlans(db, org.id, date, at10(date));
    }
    assert.equal(await planStatus(db, org.id, plan), 'completed');
    assert.ok((await partsOfPlan(db, org.id, plan)).every((p) => p.status === 'paid'));
    assert.deepEqual(await invoiceState(db, org.id, 'NF-1'), { status: 'paid', paidMinor: 70000 });
    assert.deepEqual(await invoiceState(db, org.id, 'NF-2'), { status: 'paid', paidMinor: 50000 });
    const settlement = await db
      .selectFrom('payments')
      .select(['amount_minor', 'method'])
      .where('organisation_id', '=', org.id)
      .where('method', '=', 'payment_plan')
      .where('customer_id', '=', padaria)
      .execute();
    assert.deepEqual(settlement, [{ amount_minor: 120000, method: 'payment_plan' }]);
  });

  it('reviewing again changes nothing and never charges twice', async () => {
    const db = database().db;
    const countRows = async () => [
      (await db.selectFrom('payments').select('id').where('organisation_id', '=', org.id).execute()).length,
      (await db.selectFrom('allocations').select('id').where('organisation_id', '=', org.id).execute()).length,
      (await chargesOnFile(db, org.id, [nf1, nf2, m1])).length,
    ];
    const before = await countRows();
    assert.deepEqual(await reviewPlans(db, org.id, '2027-03-10', at10('2027-03-10')), { reviewed: 0, completed: [], broken: [] });
    assert.deepEqual(await countRows(), before);
    assert.equal(before[2], 6);
  });

  it('writes the plan story to the contact record', async () => {
    const entries = await database()
      .db.selectFrom('interactions')
      .select(['customer_id', 'kind'])
      .where('organisation_id', '=', org.id)
      .where('kind', 'like', 'payment_plan%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      entries.map((e) => [e.customer_id === padaria ? 'PADARIA' : 'MERCADO', e.kind]),
      [
        ['PADARIA', 'payment_plan_created'],
        ['MERCADO', 'payment_plan_created'],
        ['MERCADO', 'payment_plan_broken'],
        ['PADARIA', 'payment_plan_completed'],
      ],
    );
  });
});
