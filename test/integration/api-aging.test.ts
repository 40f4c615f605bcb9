import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { agingReport, agingToJson } from '../../src/use-cases/aging-report.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { orgContextById } from '../support/org-context.ts';

describeEachEngine('API: aging report as of a past date', (database) => {
  let app: FastifyInstance;
  let token: string;
  let organisationId: string;

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  async function post(url: string, payload: object): Promise<void> {
    const response = await call({ method: 'POST', url, payload });
    assert.ok(response.statusCode === 200 || response.statusCode === 201, `${url}: ${response.body}`);
  }
  const invoice = (external_id: string, customer: string, issue_date: string, due_date: string, amount: string, currency = 'BRL') =>
    post('/api/v1/invoices', { external_id, customer_external_id: customer, issue_date, due_date, amount, currency });
  const payment = (external_id: string, customer: string, date: string, amount: string, invoice_external_id?: string) =>
    post('/api/v1/payments', {
      external_id,
      customer_external_id: customer,
      date,
      amount,
      currency: 'BRL',
      ...(invoice_external_id ? { invoice_external_id } : {}),
    });

  before(async () => {
    const db = database().db;
    organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
    for (const id of ['A', 'B', 'C', 'D']) await post('/api/v1/customers', { external_id: id, name: `Cliente ${id}`, country: 'BR' });
    // The portfolio as the API builds it today; the report looks back to 2026-03-31.
    await invoice('A1', 'A', '2026-01-01', '2026-01-15', '1000.00');
    await invoice('A2', 'A', '2026-03-01', '2026-04-10', '250.00');
    await payment('PA1', 'A', '2026-03-10', '300.00', 'A1');
    await payment('PA2', 'A', '2026-04-05', '700.00'); // after as_of: A1 still owes 700.00 then
    await invoice('B1', 'B', '2026-02-01', '2026-03-01', '500.00');
    await invoice('B2', 'B', '2025-11-01', '2025-12-01', '80.00', 'USD');
    await invoice('B3', 'B', '2026-04-02', '2026-05-01', '999.00'); // issued after as_of
    await invoice('C1', 'C', '2026-01-10', '2026-02-09', '400.00');
    await post('/api/v1/invoices/ext:C1/void', { date: '2026-04-01' }); // voided after as_of: still owed then
    await invoice('D1', 'D', '2026-01-01', '2026-01-31', '200.00');
    await payment('PD1', 'D', '2026-02-15', '200.00');
    await post('/api/v1/payments/ext:PD1/reverse', { date: '2026-04-10' }); // reversed after as_of: paid then
  });
  after(() => app?.close());

  test('GET /reports/aging?as_of= gives the §4 JSON: later invoices, payments, voids and reversals do not count', async () => {
    const response = await call({ url: '/api/v1/reports/aging?as_of=2026-03-31' });
    assert.equal(response.statusCode, 200, response.body);
    const zero = { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' };
    // Days overdue on 2026-03-31: A1 75 (due 01-15), A2 -10, B1 30, B2 120, C1 50.
    const expected = {
      as_of: '2026-03-31',
      buckets: ['current', '1-30', '31-60', '61-90', '90+'],
      totals: [
        { currency: 'BRL', by_bucket: { current: '250.00', '1-30': '500.00', '31-60': '400.00', '61-90': '700.00', '90+': '0.00' }, total: '1850.00' },
        { currency: 'USD', by_bucket: { ...zero, '90+': '80.00' }, total: '80.00' },
      ],
      customers: [
        {
          external_id: 'A',
          name: 'Cliente A',
          currency: 'BRL',
          by_bucket: { ...zero, current: '250.00', '61-90': '700.00' },
          total: '950.00',
          oldest_days_overdue: 75,
        },
        { external_id: 'B', name: 'Cliente B', currency: 'BRL', by_bucket: { ...zero, '1-30': '500.00' }, total: '500.00', oldest_days_overdue: 30 },
        { external_id: 'B', name: 'Cliente B', currency: 'USD', by_bucket: { ...zero, '90+': '80.00' }, total: '80.00', oldest_days_overdue: 120 },
        { external_id: 'C', name: 'Cliente C', currency: 'BRL', by_bucket: { ...zero, '31-60': '400.00' }, total: '400.00', oldest_days_overdue: 50 },
      ],
    };
    assert.deepEqual(response.json(), expected);
    assert.deepEqual(response.json(), agingToJson(await agingReport(database().db, await orgContextById(database().db, organisationId), '2026-03-31')));
  });

  test('after the later events the same endpoint sees them, and custom buckets are honoured', async () => {
    const later = (await call({ url: '/api/v1/reports/aging?as_of=2026-04-15&buckets=30,60' })).json();
    assert.deepEqual(later.buckets, ['current', '1-30', '31-60', '60+']);
    assert.deepEqual(
      later.customers.map((c: { external_id: string; currency: string; total: string }) => `${c.external_id}/${c.currency} ${c.total}`),
      ['A/BRL 250.00', 'B/BRL 1499.00', 'B/USD 80.00', 'D/BRL 200.00'],
    );
    assert.deepEqual(later, agingToJson(await agingReport(database().db, await orgContextById(database().db, organisationId), '2026-04-15', [30, 60])));

    for (const buckets of ['60,30', 'abc', '0,30']) {
      const response = await call({ url: `/api/v1/reports/aging?as_of=2026-04-15&buckets=${buckets}` });
      assert.equal(response.statusCode, 400, buckets);
      assert.deepEqual(
        response.json().error.details.map((d: { field: string }) => d.field),
        ['query.buckets'],
      );
    }
  });
});
