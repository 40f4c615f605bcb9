import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { addDays } from '../../src/domain/dates.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

describeEachEngine('Cash forecast: a punctual customer and a steady late payer, a year of history', (database) => {
  let app: FastifyInstance;
  let token: string;
  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });

  before(async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'padaria');
    token = (await createApiToken(db, org.id, 'test')).token;
    app = await buildServer({ db });
    const pontual = await givenCustomer(db, org.id, { externalId: 'PONTUAL' });
    const atrasado = await givenCustomer(db, org.id, { externalId: 'ATRASADO' });
    // Every 30 days from 2025-11-01, 30 days to pay: Pontual (1000.00) pays on the due date, Atrasado (2000.00) 21 days after it.
    for (let n = 0; n <= 12; n++) {
      const issueDate = addDays('2025-11-01', 30 * n);
      const dueDate = addDays(issueDate, 30);
      const p = await givenInvoice(db, org.id, pontual, { externalId: `P${n}`, issueDate, dueDate, amountMinor: 100_000 });
      const a = await givenInvoice(db, org.id, atrasado, { externalId: `A${n}`, issueDate, dueDate, amountMinor: 200_000 });
      if (dueDate <= '2026-11-16') await givenPayment(db, org.id, pontual, { externalId: `PP${n}`, date: dueDate, amountMinor: 100_000, invoiceId: p });
      if (addDays(dueDate, 21) <= '2026-11-16')
        await givenPayment(db, org.id, atrasado, { externalId: `PA${n}`, date: addDays(dueDate, 21), amountMinor: 200_000, invoiceId: a });
    }
  });
  after(() => app?.close());

  test('Nov 16: each open invoice lands in the week its customer pays, blended with the portfolio by how much it has shown', async () => {
    const response = await call({ url: '/api/v1/forecast?as_of=2026-11-16' });
    assert.equal(response.statusCode, 200, response.body);
    const [brl] = response.json().currencies;
    // Open: P12 and A12 (due Nov 26, day 10: week 2) and A11 (due Oct 27, 20 days overdue; Atrasado pays on day 21: tomorrow, week 1).
    assert.equal(brl.open, '5000.00');
    // Pontual: 12 invoices of its own (weight 12/15), the portfolio's 12 on time and 11 at 21 days (weight 3/15).
    // Atrasado: 11 of its own (weight 11/14). P12 at day 10 (week 2) or day 31 (week 5); A12 likewise.
    const pWeek2 = 0.8 + 0.2 * (12 / 23);
    const aWeek2 = (3 / 14) * (12 / 23);
    const amount = (minor: number) => (Math.round(minor) / 100).toFixed(2);
    assert.deepEqual(
      brl.weeks.map((w: { expected: string }) => w.expected),
      [
        '2000.00',
        amount(100_000 * pWeek2 + 200_000 * aWeek2),
        '0.00',
        '0.00',
        amount(100_000 * (1 - pWeek2) + 200_000 * (1 - aWeek2)),
        ...new Array(8).fill('0.00'),
      ],
    );
    assert.equal(brl.expected, '5000.00');
    assert.deepEqual([brl.weeks[0].from, brl.weeks[0].to, brl.weeks[0].low, brl.weeks[0].high], ['2026-11-17', '2026-11-23', '2000.00', '2000.00']);
    assert.ok(Number(brl.weeks[1].low) < Number(brl.weeks[1].expected) && Number(brl.weeks[1].high) > Number(brl.weeks[1].expected));
  });

  test('the backtest replays six past dates: knowing who pays late beats "paid on the due date" by far more than 25 %', async () => {
    const response = await call({ url: '/api/v1/forecast/backtest?as_of=2026-11-16' });
    assert.equal(response.statusCode, 200, response.body);
    const backtest = response.json();
    assert.deepEqual(backtest.dates, ['2026-03-30', '2026-04-27', '2026-05-25', '2026-06-22', '2026-07-20', '2026-08-17']);
    assert.ok(backtest.improvement_percent >= 25, JSON.stringify(backtest));
    assert.ok(backtest.wape_percent < backtest.naive_wape_percent);
    assert.equal(backtest.currencies[0].currency, 'BRL');
  });
});
