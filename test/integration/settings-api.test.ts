import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

describeEachEngine('API: business settings (escalation, payment-plan limits)', (database) => {
  let app: FastifyInstance;
  let token: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await givenOrganisation(db, 'settings-api')).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const fieldsOf = (body: string) => (JSON.parse(body) as { error: { code: string; details: { field: string }[] } }).error.details.map((d) => d.field);

  test('escalation: the defaults, a change that keeps what was left out, refusals naming the field', async () => {
    const initial = await call({ url: '/api/v1/settings/escalation' });
    assert.equal(initial.statusCode, 200, initial.body);
    assert.deepEqual(initial.json(), {
      court_limit: { amount: '60720.00', currency: 'BRL' },
      notice_days_by_state: {},
      default_notice_days: 10,
      steps_by_country: {},
    });

    const changed = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { notice_days_by_state: { sp: 15, RJ: 12 } } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json(), {
      court_limit: { amount: '60720.00', currency: 'BRL' },
      notice_days_by_state: { SP: 15, RJ: 12 },
      default_notice_days: 10,
      steps_by_country: {},
    });
    const limit = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { court_limit: { amount: '70000.00', currency: 'BRL' } } });
    assert.deepEqual(limit.json().notice_days_by_state, { SP: 15, RJ: 12 });
    assert.deepEqual(limit.json().court_limit, { amount: '70000.00', currency: 'BRL' });

    const badState = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { notice_days_by_state: { XX: 10, SP: 200 } } });
    assert.equal(badState.statusCode, 400);
    assert.deepEqual(fieldsOf(badState.body), ['notice_days_by_state.XX', 'notice_days_by_state.SP']);
    const badAmount = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { court_limit: { amount: '12.345', currency: 'BRL' } } });
    assert.deepEqual([badAmount.statusCode, fieldsOf(badAmount.body)], [400, ['court_limit.amount']]);
    const badCurrency = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { court_limit: { amount: '100.00', currency: 'XYZ' } } });
    assert.deepEqual([badCurrency.statusCode, fieldsOf(badCurrency.body)], [400, ['court_limit.currency']]);
    const unknown = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { court_limimt: {} } });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(
      (await call({ url: '/api/v1/settings/escalation' })).json().court_limit,
      { amount: '70000.00', currency: 'BRL' },
      'refusals change nothing',
    );

    const countries = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { steps_by_country: { mx: ['agency', 'court'], ES: [] } } });
    assert.equal(countries.statusCode, 200, countries.body);
    assert.deepEqual(countries.json().steps_by_country, { MX: ['agency', 'court'], ES: [] });
    const badStep = await call({ method: 'PUT', url: '/api/v1/settings/escalation', payload: { steps_by_country: { MX: ['prison'], MEX: [] } } });
    assert.deepEqual([badStep.statusCode, fieldsOf(badStep.body)], [400, ['steps_by_country.MX[0]', 'steps_by_country.MEX']]);

    const record = await database()
      .db.selectFrom('interactions')
      .select(['kind', 'actor'])
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'settings_changed')
      .execute();
    assert.equal(record.length, 3);
  });

  test('ECB reference rates: the shipped history, a rate added from a date, refusals naming the field', async () => {
    const shipped = await call({ url: '/api/v1/settings/ecb-rates' });
    assert.equal(shipped.statusCode, 200, shipped.body);
    const rows = (shipped.json() as { data: { effective_from: string; rate_percent: string; source: string }[] }).data;
    assert.deepEqual(rows.at(-1), { effective_from: '2025-06-11', rate_percent: '2.15', source: 'shipped' });
    const added = await call({ method: 'POST', url: '/api/v1/settings/ecb-rates', payload: { effective_from: '2026-12-16', rate_percent: '2.4' } });
    assert.equal(added.statusCode, 201, added.body);
    assert.deepEqual(added.json(), { effective_from: '2026-12-16', rate_percent: '2.40', source: 'organisation' });
    const listed = (await call({ url: '/api/v1/settings/ecb-rates' })).json() as { data: unknown[] };
    assert.deepEqual(listed.data.at(-1), { effective_from: '2026-12-16', rate_percent: '2.40', source: 'organisation' });
    const bad = await call({ method: 'POST', url: '/api/v1/settings/ecb-rates', payload: { effective_from: '2026-02-30', rate_percent: '2.4' } });
    assert.equal(bad.statusCode, 400, bad.body);
  });

  test('payment-plan limits: read, change, and the plan use case obeys the new limits', async () => {
    const initial = await call({ url: '/api/v1/settings/payment-plans' });
    assert.deepEqual(initial.json(), {
      max_instalments: 12,
      min_instalment: { amount: '50.00', currency: 'BRL' },
      max_discount_percent: '10',
      max_monthly_interest_percent: '2',
      min_down_payment_percent: '0',
      tolerance_days: 5,
    });
    const changed = await call({
      method: 'PUT',
      url: '/api/v1/settings/payment-plans',
      payload: { max_instalments: 3, min_instalment: '100.00', max_discount_percent: '5.5' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json(), {
      max_instalments: 3,
      min_instalment: { amount: '100.00', currency: 'BRL' },
      max_discount_percent: '5.5',
      max_monthly_interest_percent: '2',
      min_down_payment_percent: '0',
      tolerance_days: 5,
    });

    const bad = await call({
      method: 'PUT',
      url: '/api/v1/settings/payment-plans',
      payload: { max_instalments: 0, max_discount_percent: '101', min_instalment: 'fifty' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fieldsOf(bad.body).sort(), ['max_discount_percent', 'min_instalment']);
    const badCount = await call({ method: 'PUT', url: '/api/v1/settings/payment-plans', payload: { max_instalments: 0 } });
    assert.deepEqual([badCount.statusCode, fieldsOf(badCount.body)], [400, ['max_instalments']]);
    const notPercent = await call({ method: 'PUT', url: '/api/v1/settings/payment-plans', payload: { max_monthly_interest_percent: 'two' } });
    assert.deepEqual([notPercent.statusCode, fieldsOf(notPercent.body)], [400, ['max_monthly_interest_percent']]);

    const db = database().db;
    const customer = await givenCustomer(db, organisationId, { externalId: 'PLAN' });
    await givenInvoice(db, organisationId, customer, { externalId: 'NF-P', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 120000 });
    const tooMany = await call({
      method: 'POST',
      url: '/api/v1/customers/ext:PLAN/payment-plans',
      payload: { instalments: 4, frequency: 'monthly', start_date: '2027-01-10' },
    });
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    assert.match(tooMany.body, /instalments/);
  });

  test('the OpenAPI document describes the settings routes', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(doc.paths['/api/v1/settings/escalation'] ?? {}).sort(), ['get', 'put']);
    assert.deepEqual(Object.keys(doc.paths['/api/v1/settings/payment-plans'] ?? {}).sort(), ['get', 'put']);
  });
});
