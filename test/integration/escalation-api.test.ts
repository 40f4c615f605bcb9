import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

describeEachEngine('API: escalation (agency, legal, suspension, write-off)', (database) => {
  let app: FastifyInstance;
  let token: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await givenOrganisation(db, 'escalation-api')).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    const c1 = await givenCustomer(db, organisationId, { externalId: 'C1' });
    const c2 = await givenCustomer(db, organisationId, { externalId: 'C2' });
    await givenInvoice(db, organisationId, c1, { externalId: 'INV-1', issueDate: '2026-05-01', dueDate: '2026-06-01', amountMinor: 123456 });
    await givenInvoice(db, organisationId, c2, { externalId: 'INV-2', issueDate: '2026-05-01', dueDate: '2026-06-01', amountMinor: 9_000_000 });
    await createWebhookEndpoint(db, organisationId, 'http://127.0.0.1:9/hooks');
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });

  test('POST /customers/:id/agency-handoff (idempotent), GET /agency/handoffs, recall', async () => {
    const first = await call({
      method: 'POST',
      url: '/api/v1/customers/ext:C1/agency-handoff',
      headers: { 'idempotency-key': 'h-1' },
      payload: { agency: 'Cobra Bem', commission_percent: '12.5', date: '2026-11-02' },
    });
    assert.equal(first.statusCode, 201, first.body);
    const body = first.json();
    assert.deepEqual(
      [body.customer_external_id, body.commission_percent, body.handed_off, body.recovered, body.status],
      ['C1', '12.5', { amount: '1234.56', currency: 'BRL' }, { amount: '0.00', currency: 'BRL' }, 'active'],
    );
    const replay = await call({
      method: 'POST',
      url: '/api/v1/customers/ext:C1/agency-handoff',
      headers: { 'idempotency-key': 'h-1' },
      payload: { agency: 'Cobra Bem', commission_percent: '12.5', date: '2026-11-02' },
    });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const again = await call({ method: 'POST', url: '/api/v1/customers/ext:C1/agency-handoff', payload: { agency: 'Cobra Bem', commission_percent: '10' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'already_with_agency');
    const listed = await call({ url: '/api/v1/agency/handoffs?status=active' });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      listed.json().data.map((h: { id: string }) => h.id),
      [body.id],
    );
    const recalled = await call({ method: 'POST', url: `/api/v1/agency/handoffs/${body.id}/recall`, payload: { date: '2026-11-10' } });
    assert.equal(recalled.statusCode, 200, recalled.body);
    assert.deepEqual([recalled.json().status, recalled.json().recalled_on], ['recalled', '2026-11-10']);
    assert.equal((await call({ url: '/api/v1/agency/handoffs/not-a-uuid' })).statusCode, 404);
  });

  test('POST /customers/:id/small-claims-packet: a PDF, or 400 above_court_limit naming the limit', async () => {
    const ok = await call({ method: 'POST', url: '/api/v1/customers/ext:C1/small-claims-packet' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.headers['content-type'], 'application/pdf');
    assert.equal(ok.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const refused = await call({ method: 'POST', url: '/api/v1/customers/ext:C2/small-claims-packet' });
    assert.equal(refused.statusCode, 400);
    const error = refused.json().error;
    assert.equal(error.code, 'above_court_limit');
    assert.deepEqual(error.details.limit, { amount: '60720.00', currency: 'BRL' });
  });

  test('POST and DELETE /customers/:id/suspension enqueue the two webhook events', async () => {
    const started = await call({ method: 'POST', url: '/api/v1/customers/ext:C2/suspension', payload: { reason: 'overdue' } });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal((await call({ method: 'POST', url: '/api/v1/customers/ext:C2/suspension', payload: {} })).json().error.code, 'already_suspended');
    const ended = await call({ method: 'DELETE', url: '/api/v1/customers/ext:C2/suspension' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.ok(ended.json().ended_at);
    const events = await database()
      .db.selectFrom('webhook_deliveries')
      .select('event_type')
      .where('organisation_id', '=', organisationId)
      .where('event_type', 'like', 'customer.suspension%')
      .execute();
    assert.deepEqual(events.map((e) => e.event_type).sort(), ['customer.suspension_ended', 'customer.suspension_started']);
  });

  test('POST /invoices/:id/write-off and GET /write-offs.csv', async () => {
    const written = await call({ method: 'POST', url: '/api/v1/invoices/ext:INV-2/write-off', payload: { date: '2026-10-31', reason: 'insolvent' } });
    assert.equal(written.statusCode, 201, written.body);
    assert.deepEqual(written.json().amount, { amount: '90000.00', currency: 'BRL' });
    const csv = await call({ url: '/api/v1/write-offs.csv?from=2026-10-01&to=2026-10-31' });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.deepEqual(csv.body.trim().split('\n').slice(1), ['2026-10-31,write_off,INV-2,INV-2,C2,Cliente C2,,BRL,90000.00,insolvent,']);
    const empty = await call({ url: '/api/v1/write-offs.csv?from=2026-11-01&to=2026-11-30' });
    assert.equal(empty.body.trim().split('\n').length, 1);
    assert.equal((await call({ url: '/api/v1/write-offs.csv?from=2026-11-30&to=2026-11-01' })).statusCode, 400);
  });

  test('GET /bureau/removals/overdue answers an empty report', async () => {
    const response = await call({ url: '/api/v1/bureau/removals/overdue?as_of=2026-11-30' });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { as_of: '2026-11-30', data: [] });
  });
});
