import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { ageReceivables, agingBuckets } from '../../src/domain/aging.ts';
import { addDays } from '../../src/domain/dates.ts';
import { agingReport, agingToJson } from '../../src/use-cases/aging-report.ts';
import { allocatePendingPayments, reversePayment } from '../../src/use-cases/allocate-payments.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('aging report', (database) => {
  let orgId: string;
  const customer: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    orgId = (await createOrganisation(db, { slug: 'aging', name: 'Aging Ltda' })).id;
    for (const [ext, name] of [['A', 'Alfa'], ['B', 'Beta']] as const) {
      const row = await db.insertInto('customers').values({ organisation_id: orgId, external_id: ext, name, country: 'BR', language: 'pt-BR', timezone: 'America/Sao_Paulo', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
      customer[ext] = row.id;
    }
    const invoice = (ext: string, cust: string, issue: string, due: string, amount: number, currency = 'BRL') => ({
      organisation_id: orgId, external_id: ext, number: ext, customer_id: customer[cust]!, issue_date: issue, due_date: due, amount_minor: amount, currency, updated_at: new Date(),
    });
    await db.insertInto('invoices').values([
      invoice('A1', 'A', '2026-08-01', '2026-08-31', 10000), // 83 days overdue on 2026-11-22
      invoice('A2', 'A', '2026-10-01', '2026-10-31', 20000), // 22 days
      invoice('A3', 'A', '2026-11-10', '2026-12-10', 5000), // current
      invoice('A4', 'A', '2026-11-20', '2026-11-21', 700, 'USD'), // 1 day, other currency
      invoice('B1', 'B', '2026-05-01', '2026-06-01', 30000), // 174 days
      invoice('B2', 'B', '2026-11-21', '2026-12-21', 999), // issued 2026-11-21
    ]).execute();
    // Beta pays 100.00 on 2026-11-15 (oldest first → B1), Alfa pays 50.00 on 2026-11-20 towards A1.
    await db.insertInto('payments').values([
      { organisation_id: orgId, external_id: 'P1', customer_id: customer.B!, received_on: '2026-11-15', amount_minor: 10000, currency: 'BRL' },
      { organisation_id: orgId, external_id: 'P2', customer_id: customer.A!, received_on: '2026-11-20', amount_minor: 5000, currency: 'BRL' },
    ]).execute();
    await db.transaction().execute((trx) => allocatePendingPayments(trx, orgId, [customer.A!, customer.B!]));
  });

  it('buckets open balances per customer and currency as of today', async () => {
    const json = agingToJson(await agingReport(database().db, orgId, '2026-11-22'));
    assert.deepEqual(json, {
      as_of: '2026-11-22',
      buckets: ['current', '1-30', '31-60', '61-90', '90+'],
      totals: [
        { currency: 'BRL', by_bucket: { current: '59.99', '1-30': '200.00', '31-60': '0.00', '61-90': '50.00', '90+': '200.00' }, total: '509.99' },
        { currency: 'USD', by_bucket: { current: '0.00', '1-30': '7.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' }, total: '7.00' },
      ],
      customers: [
        { external_id: 'A', name: 'Alfa', currency: 'BRL', by_bucket: { current: '50.00', '1-30': '200.00', '31-60': '0.00', '61-90': '50.00', '90+': '0.00' }, total: '300.00', oldest_days_overdue: 83 },
        { external_id: 'A', name: 'Alfa', currency: 'USD', by_bucket: { current: '0.00', '1-30': '7.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' }, total: '7.00', oldest_days_overdue: 1 },
        { external_id: 'B', name: 'Beta', currency: 'BRL', by_bucket: { current: '9.99', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '200.00' }, total: '209.99', oldest_days_overdue: 174 },
      ],
    });
  });

  it('is historically right as of a past date: later invoices and payments do not count', async () => {
    const json = agingToJson(await agingReport(database().db, orgId, '2026-11-14'));
    assert.deepEqual(json.customers.map((c) => [c.external_id, c.currency, c.total, c.oldest_days_overdue]), [
      ['A', 'BRL', '350.00', 75], // A1 unpaid yet (payment on 11-20), A2, A3
      ['B', 'BRL', '300.00', 166], // payment on 11-15 not yet, B2 not issued
    ]);
  });

  it('reopens a reversed payment from its reversal date only', async () => {
    const db = database().db;
    const p1 = await db.selectFrom('payments').select('id').where('organisation_id', '=', orgId).where('external_id', '=', 'P1').executeTakeFirstOrThrow();
    await db.transaction().execute((trx) => reversePayment(trx, orgId, p1.id, '2026-11-18'));
    const beta = async (asOf: string) => agingToJson(await agingReport(db, orgId, asOf)).customers.find((c) => c.external_id === 'B')?.total;
    assert.equal(await beta('2026-11-17'), '200.00');
    assert.equal(await beta('2026-11-22'), '309.99');
  });

  it('agrees with the pure reference implementation on a random portfolio, on every date', async () => {
    const db = database().db;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const issue = addDays('2026-01-01', Math.floor(random() * 320));
      return { organisation_id: orgId, external_id: `R${i}`, number: `R${i}`, customer_id: random() < 0.5 ? customer.A! : customer.B!, issue_date: issue, due_date: addDays(issue, Math.floor(random() * 60)), amount_minor: 1 + Math.floor(random() * 100000), currency: random() < 0.8 ? 'BRL' : 'EUR', updated_at: new Date() };
    });
    await db.insertInto('invoices').values(rows).execute();
    const payments = Array.from({ length: 80 }, (_, i) => ({ organisation_id: orgId, external_id: `RP${i}`, customer_id: random() < 0.5 ? customer.A! : customer.B!, received_on: addDays('2026-02-01', Math.floor(random() * 290)), amount_minor: 1 + Math.floor(random() * 80000), currency: random() < 0.8 ? 'BRL' : 'EUR' }));
    await db.insertInto('payments').values(payments).execute();
    await db.transaction().execute((trx) => allocatePendingPayments(trx, orgId, [customer.A!, customer.B!]));

    const buckets = agingBuckets([15, 45, 120]);
    for (const asOf of ['2026-03-01', '2026-06-15', '2026-09-30', '2026-11-22', '2027-02-01']) {
      const open = await sql<{ customerId: string; currency: string; dueDate: string; openMinor: number }>`
        select i.customer_id as "customerId", i.currency, i.due_date as "dueDate",
               i.amount_minor - coalesce((select sum(a.amount_minor) from allocations a where a.organisation_id = i.organisation_id and a.invoice_id = i.id
                 and a.allocated_on <= ${asOf}::date and (a.reversed_on is null or a.reversed_on > ${asOf}::date)), 0) as "openMinor"
        from invoices i where i.organisation_id = ${orgId} and i.issue_date <= ${asOf}::date`.execute(db);
      const expected = ageReceivables(open.rows, asOf, buckets);
      const actual = await agingReport(db, orgId, asOf, [15, 45, 120]);
      assert.deepEqual(actual.lines.map(({ customerId, currency, byBucket, total, oldestDaysOverdue }) => ({ customerId, currency, byBucket, total, oldestDaysOverdue })).sort((a, b) => (a.customerId + a.currency).localeCompare(b.customerId + b.currency)),
        expected.lines.slice().sort((a, b) => (a.customerId + a.currency).localeCompare(b.customerId + b.currency)), `as of ${asOf}`);
      assert.deepEqual(actual.totals, expected.totals, `totals as of ${asOf}`);
    }
  });
});
