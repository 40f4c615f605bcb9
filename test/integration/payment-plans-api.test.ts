import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { parseAmount } from '../../src/domain/money.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

const minor = (money: { amount: string; currency: string }) => {
  const parsed = parseAmount(money.amount, money.currency);
  assert.ok(parsed.ok);
  return parsed.minor;
};

describeEachEngine('API: payment plans', (database) => {
  let app: FastifyInstance;
  let token: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await createOrganisation(db, { slug: 'plans-api', name: 'Acme' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
    for (const [external_id, country] of [
      ['BR1', 'BR'],
      ['US1', 'US'],
    ]) {
      assert.equal((await post('/api/v1/customers', { external_id, name: `Customer ${external_id}`, country })).statusCode, 201);
    }
    // Long overdue, so whatever today is the plan (made today) covers them.
    for (const [external_id, customer, amount, currency] of [
      ['BR-INV-1', 'BR1', '500.00', 'BRL'],
      ['US-INV-1', 'US1', '1000.00', 'USD'],
    ]) {
      const response = await post('/api/v1/invoices', {
        external_id,
        customer_external_id: customer,
        issue_date: '2024-01-01',
        due_date: '2024-01-31',
        amount,
        currency,
      });
      assert.equal(response.statusCode, 201, response.body);
    }
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const post = (url: string, payload: object, headers: Record<string, string> = {}) => call({ method: 'POST', url, payload, headers });
  const get = async (url: string) => {
    const response = await call({ url });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json();
  };

  test('limits: too many instalments, too much interest, a down payment as large as the debt are refused by field', async () => {
    const response = await post('/api/v1/customers/ext:US1/payment-plans', {
      instalments: 13,
      frequency: 'monthly',
      monthly_interest_bps: 300,
      down_payment: '1000.00',
    });
    assert.equal(response.statusCode, 400, response.body);
    const body = response.json();
    assert.equal(body.error.code, 'validation_failed');
    assert.deepEqual(body.error.details.map((d: { field: string }) => d.field).sort(), ['down_payment', 'instalments', 'monthly_interest_bps']);
  });

  let usPlan: { id: string; parts: { external_id: string; amount: { amount: string }; status: string }[] };

  test('a USD plan: 100.00 down and 3 monthly instalments of 300.00, in good standing', async () => {
    const response = await post('/api/v1/customers/ext:US1/payment-plans', { down_payment: '100.00', instalments: 3, frequency: 'monthly' });
    assert.equal(response.statusCode, 201, response.body);
    usPlan = response.json();
    const body = response.json();
    assert.equal(body.status, 'active');
    assert.equal(body.standing, 'good_standing');
    assert.deepEqual(body.debt, { amount: '1000.00', currency: 'USD' }); // US default terms charge nothing
    assert.deepEqual(
      body.parts.map((p: { number: number; amount: { amount: string } }) => [p.number, p.amount.amount]),
      [
        [0, '100.00'],
        [1, '300.00'],
        [2, '300.00'],
        [3, '300.00'],
      ],
    );
    assert.deepEqual(
      body.covered_invoices.map((c: { external_id: string }) => c.external_id),
      ['US-INV-1'],
    );
    assert.deepEqual((await get(`/api/v1/payment-plans/${body.id}`)).id, body.id);
    assert.deepEqual(
      (await get('/api/v1/customers/ext:US1/payment-plans')).items.map((p: { id: string }) => p.id),
      [body.id],
    );
  });

  test('pay in full: the discount is capped at the business maximum (10 %) and covered invoices are not counted twice', async () => {
    const offer = await get('/api/v1/customers/ext:US1/pay-in-full-offer?discount_bps=5000');
    assert.deepEqual(offer.offers, [
      {
        open: { amount: '1000.00', currency: 'USD' },
        discount_bps: 1000,
        discount: { amount: '100.00', currency: 'USD' },
        amount: { amount: '900.00', currency: 'USD' },
      },
    ]);
  });

  test('a BRL plan with an Idempotency-Key: the retry replays, and the late charges are crystallised once', async () => {
    const request = { invoice_ids: ['BR-INV-1'], instalments: 2, frequency: 'biweekly' };
    const first = await post('/api/v1/customers/ext:BR1/payment-plans', request, { 'idempotency-key': 'plan-br1' });
    assert.equal(first.statusCode, 201, first.body);
    const replay = await post('/api/v1/customers/ext:BR1/payment-plans', request, { 'idempotency-key': 'plan-br1' });
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.json().id, first.json().id);
    const again = await post('/api/v1/customers/ext:BR1/payment-plans', request);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'invoice_in_plan');

    const plan = first.json();
    const charges = await database()
      .db.selectFrom('invoice_charges')
      .select(['component', 'amount_minor'])
      .where('organisation_id', '=', organisationId)
      .orderBy('component')
      .execute();
    assert.deepEqual(
      charges.map((c) => c.component),
      ['interest', 'late_fee'],
    );
    assert.equal(charges.find((c) => c.component === 'late_fee')!.amount_minor, 1000); // 2 % of 500.00
    // The plan finances the open amount plus exactly what was crystallised, and its parts add up to the cent.
    assert.equal(minor(plan.debt), 50000 + charges.reduce((sum, c) => sum + c.amount_minor, 0));
    assert.equal(minor(plan.charges), minor(plan.debt) - 50000);
    assert.equal(
      plan.parts.reduce((sum: number, p: { amount: { amount: string; currency: string } }) => sum + minor(p.amount), 0),
      minor(plan.total),
    );
  });

  test('cancel: the parts are voided, the invoice is open again and counted in the offer; cancelling twice changes nothing', async () => {
    const response = await post(`/api/v1/payment-plans/${usPlan.id}/cancel`, { reason: 'customer asked to restart' });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual([body.status, body.standing], ['cancelled', 'cancelled']);
    assert.ok(body.parts.every((p: { status: string }) => p.status === 'void'));
    assert.deepEqual(
      body.covered_invoices.map((c: { status: string }) => c.status),
      ['open'],
    );
    const twice = await post(`/api/v1/payment-plans/${usPlan.id}/cancel`, {});
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().status, 'cancelled');
    const offer = await get('/api/v1/customers/ext:US1/pay-in-full-offer');
    assert.deepEqual(offer.offers[0].open, { amount: '1000.00', currency: 'USD' });
  });

  test('an unknown plan is a 404', async () => {
    const response = await call({ url: '/api/v1/payment-plans/00000000-0000-4000-8000-000000000000' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'payment_plan_not_found');
  });
});
