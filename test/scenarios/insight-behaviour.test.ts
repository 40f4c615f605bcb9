import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine("A customer's payment behaviour, read through GET /customers/{id}/behaviour", (database) => {
  let app: FastifyInstance;
  let token: string;
  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  async function post(url: string, payload: object): Promise<void> {
    const response = await call({ method: 'POST', url, payload });
    assert.ok(response.statusCode === 200 || response.statusCode === 201, `${url}: ${response.body}`);
  }
  const invoice = (external_id: string, issue_date: string, due_date: string, amount: string) =>
    post('/api/v1/invoices', { external_id, customer_external_id: 'M', issue_date, due_date, amount, currency: 'BRL' });
  const payment = (external_id: string, date: string, amount: string, invoice_external_id: string) =>
    post('/api/v1/payments', { external_id, customer_external_id: 'M', date, amount, currency: 'BRL', invoice_external_id });

  before(async () => {
    const db = database().db;
    const organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme', timezone: 'America/Sao_Paulo' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
    await post('/api/v1/customers', { external_id: 'M', name: 'Mercearia Bom Preço', country: 'BR' });
    // January: pays the day before the due date. March: 10 days late. May: 45 days late.
    await invoice('NF-1', '2026-01-01', '2026-01-31', '100.00');
    await payment('P-1', '2026-01-30', '100.00', 'NF-1');
    await invoice('NF-2', '2026-02-01', '2026-03-02', '200.00');
    await payment('P-2', '2026-03-12', '200.00', 'NF-2');
    await invoice('NF-3', '2026-03-01', '2026-03-31', '300.00');
    await payment('P-3', '2026-05-15', '300.00', 'NF-3');
    // NF-4 falls due May 31; June 10 brings only 120.00 of it.
    await invoice('NF-4', '2026-05-01', '2026-05-31', '400.00');
    await payment('P-4', '2026-06-10', '120.00', 'NF-4');
    // Promises as the daily run leaves them: one kept in March, one broken in June.
    const customer = await db
      .selectFrom('customers')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('external_id', '=', 'M')
      .executeTakeFirstOrThrow();
    const promise = (created: string, promised_date: string, grace_days: number, status: 'kept' | 'broken') => ({
      organisation_id: organisationId,
      customer_id: customer.id,
      promised_date,
      grace_days,
      amount_minor: 20_000,
      currency: 'BRL',
      channel: 'phone',
      invoice_ids: [],
      status,
      created_at: new Date(created),
    });
    await db
      .insertInto('promises')
      .values([promise('2026-03-05T15:00:00Z', '2026-03-10', 0, 'kept'), promise('2026-06-01T15:00:00Z', '2026-06-05', 2, 'broken')])
      .execute();
  });
  after(() => app?.close());

  test('as of June 30: two of three invoices paid late, getting worse, a broken promise and 280.00 overdue', async () => {
    const response = await call({ url: '/api/v1/customers/ext:M/behaviour?as_of=2026-06-30' });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(
      { ...body, customer: body.customer.external_id },
      {
        customer: 'M',
        as_of: '2026-06-30',
        invoices_paid: 3,
        paid_late: 2,
        paid_over_30_days_late: 1,
        share_paid_late: 0.6667,
        average_days_late: 18.3, //  (0 + 10 + 45) / 3
        weighted_days_late: 25.8, // (0 × 100 + 10 × 200 + 45 × 300) / 600
        // Paid since April 2: NF-3 (45 days); before: NF-1 and NF-2 (0 and 10).
        trend: { recent_average_days_late: 45, earlier_average_days_late: 5, direction: 'worsening' },
        promises: { made: 2, kept: 1, broken: 1, pending: 0, cancelled: 0, kept_rate: 0.5 },
        disputes: 0,
        plans_broken: 0,
        written_off: 0,
        overdue: [{ currency: 'BRL', amount: '280.00', invoices: 1, oldest_days_overdue: 30 }],
      },
    );
  });

  test('as of March 20 the same customer looked punctual: later payments and promises do not count yet', async () => {
    const body = (await call({ url: '/api/v1/customers/ext:M/behaviour?as_of=2026-03-20' })).json();
    assert.deepEqual(
      [body.invoices_paid, body.paid_late, body.average_days_late, body.trend.direction, body.promises.made, body.promises.kept, body.overdue],
      [2, 1, 5, null, 1, 1, []],
    );
  });

  test('a dispute counts from the day it is opened; an unknown customer is 404', async () => {
    await post('/api/v1/invoices/ext:NF-4/disputes', { reason: 'wrong price' });
    assert.equal((await call({ url: '/api/v1/customers/ext:M/behaviour' })).json().disputes, 1);
    assert.equal((await call({ url: '/api/v1/customers/ext:M/behaviour?as_of=2026-06-30' })).json().disputes, 0);
    const unknown = await call({ url: '/api/v1/customers/ext:NOBODY/behaviour' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'customer_not_found');
    assert.equal((await call({ url: '/api/v1/customers/ext:M/behaviour?as_of=June' })).statusCode, 400);
    const document = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.ok(document.paths['/api/v1/customers/{id}/behaviour']?.get?.responses?.['200']);
  });
});
