import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import { ageReceivables, agingBuckets, type AgingBuckets, type AgingLine, type AgingReceivable } from '../../src/domain/aging.ts';
import { addDays, daysBetween } from '../../src/domain/dates.ts';
import { agingReport, agingToJson } from '../../src/use-cases/aging-report.ts';
import { allocatePendingPayments, reversePayment } from '../../src/use-cases/allocate-payments.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { orgContextById } from '../support/org-context.ts';

describeEachEngine('aging report', (database) => {
  let orgId: string;
  const customer: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    orgId = (await createOrganisation(db, { slug: 'aging', name: 'Aging Ltda' })).id;
    for (const [ext, name] of [
      ['A', 'Alfa'],
      ['B', 'Beta'],
    ] as const) {
      const row = await db
        .insertInto('customers')
        .values({ organisation_id: orgId, external_id: ext, name, country: 'BR', language: 'pt-BR', timezone: 'America/Sao_Paulo', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      customer[ext] = row.id;
    }
    const invoice = (ext: string, cust: string, issue: string, due: string, amount: number, currency = 'BRL') => ({
      organisation_id: orgId,
      external_id: ext,
      number: ext,
      customer_id: customer[cust]!,
      issue_date: issue,
      due_date: due,
      amount_minor: amount,
      currency,
      updated_at: new Date(),
    });
    await db
      .insertInto('invoices')
      .values([
        invoice('A1', 'A', '2026-08-01', '2026-08-31', 10000), // 83 days overdue on 2026-11-22
        invoice('A2', 'A', '2026-10-01', '2026-10-31', 20000), // 22 days
        invoice('A3', 'A', '2026-11-10', '2026-12-10', 5000), // current
        invoice('A4', 'A', '2026-11-20', '2026-11-21', 700, 'USD'), // 1 day, other currency
        invoice('B1', 'B', '2026-05-01', '2026-06-01', 30000), // 174 days
        invoice('B2', 'B', '2026-11-21', '2026-12-21', 999), // issued 2026-11-21
      ])
      .execute();
    // Beta pays 100.00 on 2026-11-15 (oldest first → B1), Alfa pays 50.00 on 2026-11-20 towards A1.
    await db
      .insertInto('payments')
      .values([
        { organisation_id: orgId, external_id: 'P1', customer_id: customer.B!, received_on: '2026-11-15', amount_minor: 10000, currency: 'BRL' },
        { organisation_id: orgId, external_id: 'P2', customer_id: customer.A!, received_on: '2026-11-20', amount_minor: 5000, currency: 'BRL' },
      ])
      .execute();
    await db.transaction().execute((trx) => allocatePendingPayments(trx, orgId, [customer.A!, customer.B!]));
  });

  it('buckets open balances per customer and currency as of today', async () => {
    const json = agingToJson(await agingReport(database().db, await orgContextById(database().db, orgId), '2026-11-22'));
    assert.deepEqual(json, {
      as_of: '2026-11-22',
      buckets: ['current', '1-30', '31-60', '61-90', '90+'],
      totals: [
        { currency: 'BRL', by_bucket: { current: '59.99', '1-30': '200.00', '31-60': '0.00', '61-90': '50.00', '90+': '200.00' }, total: '509.99' },
        { currency: 'USD', by_bucket: { current: '0.00', '1-30': '7.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' }, total: '7.00' },
      ],
      customers: [
        {
          external_id: 'A',
          name: 'Alfa',
          currency: 'BRL',
          by_bucket: { current: '50.00', '1-30': '200.00', '31-60': '0.00', '61-90': '50.00', '90+': '0.00' },
          total: '300.00',
          oldest_days_overdue: 83,
        },
        {
          external_id: 'A',
          name: 'Alfa',
          currency: 'USD',
          by_bucket: { current: '0.00', '1-30': '7.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' },
          total: '7.00',
          oldest_days_overdue: 1,
        },
        {
          external_id: 'B',
          name: 'Beta',
          currency: 'BRL',
          by_bucket: { current: '9.99', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '200.00' },
          total: '209.99',
          oldest_days_overdue: 174,
        },
      ],
    });
  });

  it('is historically right as of a past date: later invoices and payments do not count', async () => {
    const json = agingToJson(await agingReport(database().db, await orgContextById(database().db, orgId), '2026-11-14'));
    assert.deepEqual(
      json.customers.map((c) => [c.external_id, c.currency, c.total, c.oldest_days_overdue]),
      [
        ['A', 'BRL', '350.00', 75], // A1 unpaid yet (payment on 11-20), A2, A3
        ['B', 'BRL', '300.00', 166], // payment on 11-15 not yet, B2 not issued
      ],
    );
  });

  it('reopens a reversed payment from its reversal date only', async () => {
    const db = database().db;
    const p1 = await db.selectFrom('payments').select('id').where('organisation_id', '=', orgId).where('external_id', '=', 'P1').executeTakeFirstOrThrow();
    await db.transaction().execute((trx) => reversePayment(trx, orgId, p1.id, '2026-11-18'));
    const beta = async (asOf: string) =>
      agingToJson(await agingReport(db, await orgContextById(db, orgId), asOf)).customers.find((c) => c.external_id === 'B')?.total;
    assert.equal(await beta('2026-11-17'), '200.00');
    assert.equal(await beta('2026-11-22'), '309.99');
  });

  it('agrees with an independent model of the event history on a random portfolio, on every date', async () => {
    const db = database().db;
    const org = (await createOrganisation(db, { slug: 'aging-model', name: 'Modelo Ltda' })).id;
    const customerIds: Record<Customer, string> = { A: '', B: '' };
    for (const ext of ['A', 'B'] as const) {
      customerIds[ext] = (
        await db
          .insertInto('customers')
          .values({
            organisation_id: org,
            external_id: ext,
            name: ext,
            country: 'BR',
            language: 'pt-BR',
            timezone: 'America/Sao_Paulo',
            updated_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const portfolio = randomPortfolio(11);
    // The data must hold every kind of event the report has to place in time.
    const all = portfolio.invoices;
    assert.ok(
      all.some((i) => i.amountChanges.some((c) => c.kind === 'credit_note' && c.delta < 0)),
      'credit notes',
    );
    assert.ok(
      all.some((i) => i.amountChanges.some((c) => c.kind === 'amount_change')),
      'amount edits',
    );
    assert.ok(
      all.some((i) => i.dueChanges.length > 1),
      'due-date edits',
    );
    assert.ok(
      all.some((i) => i.voidedOn && i.amountChanges.some((c) => c.delta === 0)),
      'credits that void',
    );
    assert.ok(
      all.some((i) => i.writtenOffOn && i.allocations.length > 0),
      'write-offs',
    );
    assert.ok(
      all.some((i) => i.allocations.some((a) => a.settlement)),
      'plan settlements',
    );
    assert.ok(portfolio.plans.some((p) => p.closedOn === null) && portfolio.plans.some((p) => p.closedOn && !p.completed), 'active and broken plans');
    assert.ok(
      all.some((i) => i.allocations.some((a) => a.reversedOn)),
      'reversals',
    );
    await storePortfolio(db, org, customerIds, portfolio);

    const buckets = agingBuckets([15, 45, 120]);
    const byCustomer = (a: AgingLine, b: AgingLine) => (a.customerId + a.currency).localeCompare(b.customerId + b.currency);
    for (const asOf of [
      '2026-01-31',
      '2026-03-15',
      '2026-04-30',
      '2026-06-15',
      '2026-07-31',
      '2026-09-30',
      '2026-10-17',
      '2026-11-30',
      '2026-12-31',
      '2027-03-01',
      '2027-12-31',
    ]) {
      const expected = modelAging(portfolio.invoices, customerIds, asOf, buckets);
      const actual = await agingReport(db, await orgContextById(db, org), asOf, [15, 45, 120]);
      assert.ok(expected.lines.length > 0, `the model has open balances on ${asOf}`);
      assert.deepEqual(
        actual.lines
          .map(({ customerId, currency, byBucket, total, oldestDaysOverdue }) => ({ customerId, currency, byBucket, total, oldestDaysOverdue }))
          .sort(byCustomer),
        expected.lines.slice().sort(byCustomer),
        `as of ${asOf}`,
      );
      assert.deepEqual(actual.totals, expected.totals, `totals as of ${asOf}`);
    }
  });
});

// An independent model of aging: each invoice is a list of dated events, replayed forward up to
// the as-of date (the report instead undoes, from today's rows, what happened after it).
type Customer = 'A' | 'B';

interface ModelInvoice {
  ext: string;
  customer: Customer;
  currency: string;
  issue: string;
  /** As issued; later changes are events. */
  due: string;
  amount: number;
  amountChanges: { kind: 'credit_note' | 'adjustment' | 'amount_change'; on: string; delta: number }[];
  /** In the order they take effect (strictly later dates). */
  dueChanges: { on: string; due: string }[];
  allocations: { on: string; amount: number; reversedOn: string | null; settlement: boolean }[];
  voidedOn: string | null;
  writtenOffOn: string | null;
  /** The plan covering it: from its creation to its closing it is not aged. */
  coveredBy: ModelPlan | null;
}

interface ModelPlan {
  shortId: string;
  customer: Customer;
  currency: string;
  createdOn: string;
  closedOn: string | null;
  completed: boolean;
  covered: ModelInvoice;
  instalments: ModelInvoice[];
}

function modelAging(invoices: readonly ModelInvoice[], customerIds: Record<Customer, string>, asOf: string, buckets: AgingBuckets) {
  const happened = (on: string | null) => on !== null && on <= asOf;
  const receivables: AgingReceivable[] = [];
  for (const invoice of invoices) {
    if (!happened(invoice.issue) || happened(invoice.voidedOn) || happened(invoice.writtenOffOn)) continue;
    const plan = invoice.coveredBy;
    if (plan && happened(plan.createdOn) && !happened(plan.closedOn)) continue;
    let amount = invoice.amount;
    for (const change of invoice.amountChanges) if (happened(change.on)) amount += change.delta;
    let due = invoice.due;
    for (const change of invoice.dueChanges) if (happened(change.on)) due = change.due;
    let paid = 0;
    for (const allocation of invoice.allocations) if (happened(allocation.on) && !happened(allocation.reversedOn)) paid += allocation.amount;
    receivables.push({ customerId: customerIds[invoice.customer], currency: invoice.currency, dueDate: due, openMinor: amount - paid });
  }
  return ageReceivables(receivables, asOf, buckets);
}

function randomPortfolio(seed: number): { invoices: ModelInvoice[]; plans: ModelPlan[] } {
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (n: number) => Math.floor(random() * n);
  const after = (date: string, span: number) => addDays(date, 1 + pick(span));
  const invoices: ModelInvoice[] = [];
  const plans: ModelPlan[] = [];
  const currentAmount = (i: ModelInvoice) => i.amount + i.amountChanges.reduce((sum, c) => sum + c.delta, 0);
  const livePaid = (i: ModelInvoice) => i.allocations.reduce((sum, a) => sum + (a.reversedOn ? 0 : a.amount), 0);
  // Payments of up to half of what is still unpaid today, some reversed later.
  const pay = (invoice: ModelInvoice, from: string, until: string | null, count: number) => {
    for (let k = 0; k < count; k++) {
      const on = after(from, 200);
      const room = currentAmount(invoice) - livePaid(invoice);
      if ((until && on >= until) || room < 2) continue;
      invoice.allocations.push({ on, amount: 1 + pick(Math.floor(room / 2)), reversedOn: random() < 0.25 ? after(on, 60) : null, settlement: false });
    }
  };
  const newInvoice = (ext: string, customer: Customer, currency: string, issue: string, due: string, amount: number): ModelInvoice => {
    const invoice: ModelInvoice = {
      ext,
      customer,
      currency,
      issue,
      due,
      amount,
      amountChanges: [],
      dueChanges: [],
      allocations: [],
      voidedOn: null,
      writtenOffOn: null,
      coveredBy: null,
    };
    invoices.push(invoice);
    return invoice;
  };

  for (let n = 0; n < 240; n++) {
    const issue = addDays('2026-01-01', pick(300));
    const invoice = newInvoice(`R${n}`, random() < 0.5 ? 'A' : 'B', random() < 0.8 ? 'BRL' : 'EUR', issue, addDays(issue, pick(60)), 1000 + pick(100000));
    if (random() < 0.35) {
      for (let k = 1 + pick(2); k > 0; k--) {
        const kind = (['credit_note', 'adjustment', 'amount_change'] as const)[pick(3)]!;
        const lower = -(1 + pick(Math.floor(currentAmount(invoice) / 2)));
        invoice.amountChanges.push({ kind, on: after(issue, 150), delta: kind === 'amount_change' && random() < 0.5 ? 1 + pick(50000) : lower });
      }
    }
    if (random() < 0.25) {
      let on = issue;
      for (let k = 1 + pick(2); k > 0; k--) {
        on = after(on, 90);
        invoice.dueChanges.push({ on, due: addDays(issue, pick(90)) });
      }
    }
    const fate = random();
    if (fate < 0.1) {
      invoice.voidedOn = after(issue, 90);
      // Half of them by a credit of everything open, which voids an unpaid invoice.
      if (random() < 0.5) invoice.amountChanges.push({ kind: 'credit_note', on: invoice.voidedOn, delta: 0 });
    } else if (fate < 0.2) {
      invoice.writtenOffOn = after(issue, 200);
      pay(invoice, issue, invoice.writtenOffOn, 2);
    } else if (fate < 0.32) {
      const createdOn = after(issue, 100);
      pay(invoice, issue, createdOn, 1);
      const outcome = random();
      const plan: ModelPlan = {
        shortId: `P${n}`,
        customer: invoice.customer,
        currency: invoice.currency,
        createdOn,
        covered: invoice,
        instalments: [],
        completed: outcome < 0.5,
        closedOn: outcome < 0.8 ? after(createdOn, 120) : null,
      };
      invoice.coveredBy = plan;
      for (const number of [1, 2]) {
        const part = newInvoice(`PLAN-${plan.shortId}-${number}`, plan.customer, plan.currency, createdOn, addDays(createdOn, 30 * number), 500 + pick(50000));
        plan.instalments.push(part);
        if (plan.completed)
          part.allocations.push({
            on: addDays(createdOn, pick(daysBetween(createdOn, plan.closedOn!) + 1)),
            amount: part.amount,
            reversedOn: null,
            settlement: false,
          });
        else if (plan.closedOn) part.voidedOn = plan.closedOn;
        else pay(part, createdOn, null, 1);
      }
      // A completed plan settles what the covered invoice still owes (an internal payment).
      const rest = currentAmount(invoice) - livePaid(invoice);
      if (plan.completed && rest > 0) invoice.allocations.push({ on: plan.closedOn!, amount: rest, reversedOn: null, settlement: true });
      plans.push(plan);
    } else {
      pay(invoice, issue, null, pick(4));
    }
  }
  return { invoices, plans };
}

/** Writes the model as the application stores it: today's rows, plus the dated records. */
async function storePortfolio(db: Db, org: string, customerIds: Record<Customer, string>, portfolio: { invoices: ModelInvoice[]; plans: ModelPlan[] }) {
  const ids = new Map<ModelInvoice, string>();
  for (const invoice of portfolio.invoices) {
    const amount = invoice.amount + invoice.amountChanges.reduce((sum, c) => sum + c.delta, 0);
    const paid = invoice.allocations.reduce((sum, a) => sum + (a.reversedOn ? 0 : a.amount), 0);
    const status = invoice.voidedOn ? 'void' : invoice.writtenOffOn ? 'written_off' : paid >= amount ? 'paid' : 'open';
    const row = await db
      .insertInto('invoices')
      .values({
        organisation_id: org,
        external_id: invoice.ext,
        number: invoice.ext,
        customer_id: customerIds[invoice.customer],
        issue_date: invoice.issue,
        due_date: invoice.dueChanges.at(-1)?.due ?? invoice.due,
        amount_minor: amount,
        currency: invoice.currency,
        paid_minor: paid,
        status,
        voided_on: invoice.voidedOn,
        written_off_on: invoice.writtenOffOn,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(invoice, row.id);
    // A write-off is dated by its write_offs row (which also keeps a reversal's date).
    if (invoice.writtenOffOn) {
      await db
        .insertInto('write_offs')
        .values({
          organisation_id: org,
          invoice_id: row.id,
          customer_id: customerIds[invoice.customer],
          written_off_on: invoice.writtenOffOn,
          reason: 'test',
          amount_minor: Math.max(1, amount - paid),
          currency: invoice.currency,
          recorded_by: 'test',
        })
        .execute();
    }
    const dueChanges = invoice.dueChanges.map((change, k) => ({
      organisation_id: org,
      invoice_id: row.id,
      effective_on: change.on,
      kind: 'due_date_change' as const,
      amount_delta_minor: 0,
      previous_due_date: k === 0 ? invoice.due : invoice.dueChanges[k - 1]!.due,
      due_date: change.due,
      reason: null,
      source: 'edit' as const,
      source_id: null,
      actor: 'test',
    }));
    const amountChanges = invoice.amountChanges.map((change) => ({
      organisation_id: org,
      invoice_id: row.id,
      effective_on: change.on,
      kind: change.kind,
      amount_delta_minor: change.delta,
      previous_due_date: null,
      due_date: null,
      reason: null,
      source: change.kind === 'amount_change' ? ('import' as const) : ('dispute' as const),
      source_id: null,
      actor: 'test',
    }));
    if (dueChanges.length + amountChanges.length > 0)
      await db
        .insertInto('invoice_adjustments')
        .values([...amountChanges, ...dueChanges])
        .execute();
    for (const [k, allocation] of invoice.allocations.entries()) {
      const payment = await db
        .insertInto('payments')
        .values({
          organisation_id: org,
          external_id: allocation.settlement ? `PLAN-${invoice.coveredBy!.shortId}-SETTLEMENT` : `${invoice.ext}-PAY-${k}`,
          customer_id: customerIds[invoice.customer],
          received_on: allocation.on,
          amount_minor: allocation.amount,
          currency: invoice.currency,
          method: allocation.settlement ? 'payment_plan' : 'pix',
          allocated_minor: allocation.amount,
          status: allocation.reversedOn ? 'reversed' : 'posted',
          reversed_on: allocation.reversedOn,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('allocations')
        .values({
          organisation_id: org,
          payment_id: payment.id,
          invoice_id: row.id,
          amount_minor: allocation.amount,
          allocated_on: allocation.on,
          reversed_on: allocation.reversedOn,
        })
        .execute();
    }
  }
  for (const plan of portfolio.plans) {
    const total = plan.instalments.reduce((sum, part) => sum + part.amount, 0);
    const row = await db
      .insertInto('payment_plans')
      .values({
        organisation_id: org,
        short_id: plan.shortId,
        customer_id: customerIds[plan.customer],
        currency: plan.currency,
        status: plan.closedOn === null ? 'active' : plan.completed ? 'completed' : 'broken',
        frequency: 'monthly',
        instalment_count: 2,
        monthly_interest_bps: 0,
        start_date: plan.createdOn,
        debt_minor: total,
        charges_minor: 0,
        down_payment_minor: 0,
        interest_minor: 0,
        total_minor: total,
        tolerance_days: 0,
        created_on: plan.createdOn,
        closed_on: plan.closedOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('payment_plan_invoices')
      .values({ organisation_id: org, plan_id: row.id, invoice_id: ids.get(plan.covered)!, open_minor: total, charges_minor: 0 })
      .execute();
    await db
      .insertInto('payment_plan_instalments')
      .values(
        plan.instalments.map((part, k) => ({
          organisation_id: org,
          plan_id: row.id,
          number: k + 1,
          invoice_id: ids.get(part)!,
          due_date: part.due,
          amount_minor: part.amount,
          principal_minor: part.amount,
          interest_minor: 0,
        })),
      )
      .execute();
  }
}
