import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine, openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

/** A settled promise as the daily run leaves it (how kept/broken is decided is tested elsewhere). */
async function givenSettledPromise(
  db: Db,
  organisationId: string,
  customerExternalId: string,
  promisedDate: string,
  graceDays: number,
  status: 'kept' | 'broken',
): Promise<void> {
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('external_id', '=', customerExternalId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('promises')
    .values({
      organisation_id: organisationId,
      customer_id: customer.id,
      promised_date: promisedDate,
      grace_days: graceDays,
      amount_minor: 10_000,
      currency: 'BRL',
      channel: 'phone',
      invoice_ids: [],
      status,
      settled_at: new Date(`${promisedDate}T12:00:00Z`),
    })
    .execute();
}

describeEachEngine('Collection metrics of a quarter: the diary of a small portfolio, read through GET /metrics', (database) => {
  let app: FastifyInstance;
  let token: string;
  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  async function post(url: string, payload: object): Promise<void> {
    const response = await call({ method: 'POST', url, payload });
    assert.ok(response.statusCode === 200 || response.statusCode === 201, `${url}: ${response.body}`);
  }
  const invoice = (external_id: string, customer: string, issue_date: string, due_date: string, amount: string, currency = 'BRL') =>
    post('/api/v1/invoices', { external_id, customer_external_id: customer, issue_date, due_date, amount, currency });
  const payment = (external_id: string, customer: string, date: string, amount: string, invoice_external_id: string) =>
    post('/api/v1/payments', { external_id, customer_external_id: customer, date, amount, currency: 'BRL', invoice_external_id });

  before(async () => {
    const db = database().db;
    const organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
    for (const id of ['A', 'B', 'C']) await post('/api/v1/customers', { external_id: id, name: `Cliente ${id}`, country: 'BR' });
    await post('/api/v1/customers', { external_id: 'D', name: 'Client D', country: 'US' });
    // Before the quarter: A owes 1000.00 due 2025-12-30; D owes USD 200.00 since October.
    await invoice('A0', 'A', '2025-12-01', '2025-12-30', '1000.00');
    await invoice('D1', 'D', '2025-10-01', '2025-10-31', '200.00', 'USD');
    await givenSettledPromise(db, organisationId, 'A', '2025-12-20', 0, 'kept'); // before the quarter: not counted
    // Day 5 (Jan 5): B buys 800.00 on 30 days. Day 20: A pays 400.00 of A0 and keeps a promise.
    await invoice('B1', 'B', '2026-01-05', '2026-02-04', '800.00');
    await payment('PA1', 'A', '2026-01-20', '400.00', 'A0');
    await givenSettledPromise(db, organisationId, 'A', '2026-01-20', 0, 'kept');
    // Day 32 (Feb 1): A buys 900.00 more. Feb 10: B pays in full. A breaks a promise of Feb 15 (grace to Feb 18).
    await invoice('A1', 'A', '2026-02-01', '2026-03-03', '900.00');
    await payment('PB1', 'B', '2026-02-10', '800.00', 'B1');
    await givenSettledPromise(db, organisationId, 'A', '2026-02-15', 3, 'broken');
    // Mar 10: C buys 1200.00, due after the quarter. A promise whose grace ends Apr 13 belongs to the next quarter.
    await invoice('C1', 'C', '2026-03-10', '2026-04-09', '1200.00');
    await givenSettledPromise(db, organisationId, 'A', '2026-04-08', 5, 'broken');
    // After the quarter: A pays what is left of A0. History does not move: the quarter's figures stay.
    await payment('PA2', 'A', '2026-04-05', '600.00', 'A0');
  });
  after(() => app?.close());

  // At 2026-03-31: A0 600.00 open, 91 days overdue (90+); A1 900.00, 28 days; C1 1200.00 current.
  const quarterBrl = {
    currency: 'BRL',
    credit_sales: '2900.00',
    receivables_beginning: '1000.00',
    receivables_ending: '2700.00',
    receivables_ending_current: '1200.00',
    receivables_ending_90_plus: '600.00',
    dso: 83.8, //                  2700 / 2900 × 90
    countback_dso: 82.3, //        March 1200 (31 days) + February 900 (28) + 600 / 800 of January's 31 days = 82.25
    best_possible_dso: 37.2, //    1200 / 2900 × 90
    average_days_delinquent: 46.6, // 83.79 − 37.24
    cei: 44.4, //                  (1000 + 2900 − 2700) / (1000 + 2900 − 1200) × 100
    share_90_plus: 0.2222, //      600 / 2700
    promises_kept: 1,
    promises_broken: 1,
    promise_kept_rate: 0.5,
  };
  // USD: no sales this quarter (no DSO), 200.00 all 90+; countback reaches back to October's sale: 31+28+31+31+30+31.
  const quarterUsd = {
    currency: 'USD',
    credit_sales: '0.00',
    receivables_beginning: '200.00',
    receivables_ending: '200.00',
    receivables_ending_current: '0.00',
    receivables_ending_90_plus: '200.00',
    dso: null,
    countback_dso: 182,
    best_possible_dso: null,
    average_days_delinquent: null,
    cei: 0,
    share_90_plus: 1,
    promises_kept: 0,
    promises_broken: 0,
    promise_kept_rate: null,
  };

  test('the first quarter, as known ten days after it: DSO, countback, best-possible DSO, ADD, CEI, 90+ and promises per currency', async () => {
    const response = await call({ url: '/api/v1/metrics?from=2026-01-01&to=2026-03-31&as_of=2026-04-10' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      from: '2026-01-01',
      to: '2026-03-31',
      as_of: '2026-04-10',
      days: 90,
      currencies: [quarterBrl, quarterUsd],
      recovery_by_step: [], // no message was sent (insight-recovery.test.ts tells that story)
      recovery_by_template: [],
    });
  });

  test('months later the same quarter gives the same figures; a promise counts once it is decided', async () => {
    const later = (await call({ url: '/api/v1/metrics?from=2026-01-01&to=2026-03-31&as_of=2026-09-30' })).json();
    assert.deepEqual(later.currencies, [quarterBrl, quarterUsd]);
    // On Feb 18 the broken promise's grace had not run out: only the kept one is known.
    const midway = (await call({ url: '/api/v1/metrics?from=2026-01-01&to=2026-02-18&as_of=2026-02-18' })).json();
    assert.deepEqual([midway.currencies[0].promises_kept, midway.currencies[0].promises_broken], [1, 0]);
  });

  test("default period: the 90 days ending on as_of; April adds A's payment", async () => {
    const april = (await call({ url: '/api/v1/metrics?as_of=2026-04-30' })).json();
    assert.deepEqual([april.from, april.to, april.days], ['2026-01-31', '2026-04-30', 90]);
    assert.equal(april.currencies[0].receivables_ending, '2100.00'); // A1 900.00 + C1 1200.00
    assert.equal(april.currencies[0].receivables_ending_90_plus, '0.00');
  });

  test('bad periods answer 400 naming the field', async () => {
    const future = await call({ url: '/api/v1/metrics?from=2026-01-01&to=2026-03-31&as_of=2026-03-01' });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.code, 'validation_failed');
    assert.match(future.json().error.message, /^to: 2026-03-31 is after as_of 2026-03-01/);
    const reversed = await call({ url: '/api/v1/metrics?from=2026-04-01&to=2026-03-31&as_of=2026-04-10' });
    assert.equal(reversed.statusCode, 400);
    assert.match(reversed.json().error.message, /^from: 2026-04-01 is after/);
    assert.equal((await call({ url: '/api/v1/metrics?from=31/03/2026' })).statusCode, 400);
  });

  test('the OpenAPI document describes GET /metrics', async () => {
    const document = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.ok(document.paths['/api/v1/metrics']?.get?.responses?.['200']);
  });
});

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

for (const engine of testEngines) {
  describe(`CLI: regua metrics [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let drop: (() => Promise<void>) | undefined;
    before(async () => {
      const opened = await openDatabaseForCli(engine, 'metrics_cli');
      env = opened.env;
      drop = opened.drop;
      const db = opened.database.db;
      const org = await givenOrganisation(db, 'shop');
      const customer = await givenCustomer(db, org.id, { externalId: 'C1' });
      const paid = await givenInvoice(db, org.id, customer, { externalId: 'NF-1', issueDate: '2026-10-01', dueDate: '2026-10-31', amountMinor: 100_000 });
      await givenInvoice(db, org.id, customer, { externalId: 'NF-2', issueDate: '2026-11-01', dueDate: '2026-12-01', amountMinor: 50_000 });
      await givenPayment(db, org.id, customer, { externalId: 'P-1', date: '2026-11-05', amountMinor: 100_000, invoiceId: paid });
      await opened.database.close();
    });
    after(async () => drop?.());
    const regua = (...args: string[]) =>
      spawnSync(process.execPath, [bin, '--org', 'shop', 'metrics', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    test('--json prints the report; the table shows the same figures; bad dates exit 1', () => {
      const json = regua('--from', '2026-10-01', '--to', '2026-11-30', '--as-of', '2026-12-01', '--json');
      assert.equal(json.status, 0, json.stderr);
      const report = JSON.parse(json.stdout);
      // 61 days, sales 1500.00, ending 500.00 (current until 12-01): DSO = BPDSO = 500 / 1500 × 61 = 20.3; CEI 100 %.
      assert.deepEqual(
        [report.days, report.currencies[0].credit_sales, report.currencies[0].dso, report.currencies[0].best_possible_dso, report.currencies[0].cei],
        [61, '1500.00', 20.3, 20.3, 100],
      );
      const table = regua('--from', '2026-10-01', '--to', '2026-11-30', '--as-of', '2026-12-01');
      assert.equal(table.status, 0, table.stderr);
      assert.match(table.stdout, /Collection metrics 2026-10-01 to 2026-11-30 \(61 days\), as of 2026-12-01/);
      assert.match(table.stdout, /BRL +1500\.00 +500\.00 +20\.3 /);
      const bad = regua('--from', '01/10/2026');
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--from "01\/10\/2026" is not a date/);
    });
  });
}
