import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('API basics: health, auth, errors, OpenAPI', (database) => {
  let app: FastifyInstance;
  let token: string;
  let otherToken: string;
  let acmeCustomerId: string;

  before(async () => {
    const db = database().db;
    const acme = await createOrganisation(db, { slug: 'acme', name: 'Acme' });
    const other = await createOrganisation(db, { slug: 'other', name: 'Other Ltda' });
    token = (await createApiToken(db, acme.id, 'test')).token;
    otherToken = (await createApiToken(db, other.id, 'test')).token;
    app = await buildServer({ db });
    const created = await call({ method: 'POST', url: '/api/v1/customers', payload: { external_id: 'ACME-1', name: 'Padaria Central', country: 'BR' } });
    assert.equal(created.statusCode, 201, created.body);
    acmeCustomerId = created.json().id;
  });
  after(() => app?.close());

  const call = (options: InjectOptions, bearer = token) => app.inject({ ...options, headers: { authorization: `Bearer ${bearer}`, ...options.headers } });

  test('health answers without a token and checks the database', async () => {
    const response = await app.inject({ url: '/api/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok', database: 'ok' });
  });

  test('no token, a malformed token, a wrong secret and a revoked token are 401 in the error shape', async () => {
    const missing = await app.inject({ url: '/api/v1/customers' });
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().error.code, 'unauthorized');
    assert.equal(missing.headers['www-authenticate'], 'Bearer');

    const wrongSecret = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const bad of ['Bearer nonsense', `Bearer ${wrongSecret}`, `Basic ${token}`]) {
      const response = await app.inject({ url: '/api/v1/customers', headers: { authorization: bad } });
      assert.equal(response.statusCode, 401, bad);
      assert.deepEqual(Object.keys(response.json().error).sort(), ['code', 'details', 'message']);
    }

    const db = database().db;
    const acme = await db.selectFrom('organisations').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
    const revoked = await createApiToken(db, acme.id, 'to revoke');
    assert.equal((await call({ url: '/api/v1/customers' }, revoked.token)).statusCode, 200);
    const listed = (await call({ url: '/api/v1/api-tokens' })).json() as { data: { id: string; name: string; revoked_at: string | null }[] };
    assert.deepEqual(
      listed.data.filter((t) => t.id === revoked.id).map((t) => [t.name, t.revoked_at]),
      [['to revoke', null]],
    );
    const revoke = await call({ method: 'DELETE', url: `/api/v1/api-tokens/${revoked.id}` });
    assert.equal(revoke.statusCode, 200);
    assert.match(revoke.json().revoked_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal((await call({ url: '/api/v1/customers' }, revoked.token)).statusCode, 401);
    assert.equal((await call({ method: 'DELETE', url: '/api/v1/api-tokens/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
    // Another organisation cannot revoke (or see) this one's tokens.
    assert.equal((await call({ method: 'DELETE', url: `/api/v1/api-tokens/${revoked.id}` }, otherToken)).statusCode, 404);
    assert.ok(!((await call({ url: '/api/v1/api-tokens' }, otherToken)).json() as { data: { id: string }[] }).data.some((t) => t.id === revoked.id));
  });

  test("another organisation's token cannot see, change or reference this one's data", async () => {
    assert.equal((await call({ url: `/api/v1/customers/${acmeCustomerId}` }, otherToken)).statusCode, 404);
    assert.equal((await call({ url: '/api/v1/customers/ext:ACME-1' }, otherToken)).statusCode, 404);
    assert.deepEqual((await call({ url: '/api/v1/customers' }, otherToken)).json(), { data: [], next_cursor: null });
    const patch = await call({ method: 'PATCH', url: `/api/v1/customers/${acmeCustomerId}`, payload: { name: 'Hijacked' } }, otherToken);
    assert.equal(patch.statusCode, 404);
    assert.equal(patch.json().error.code, 'customer_not_found');
    const invoice = await call(
      {
        method: 'POST',
        url: '/api/v1/invoices',
        payload: { external_id: 'X1', customer_id: acmeCustomerId, issue_date: '2026-01-01', due_date: '2026-01-31', amount: '10.00', currency: 'BRL' },
      },
      otherToken,
    );
    assert.equal(invoice.statusCode, 400);
    assert.equal(invoice.json().error.code, 'customer_not_found');
    // The same external id is free in the other organisation: ids are scoped per organisation.
    const own = await call({ method: 'POST', url: '/api/v1/customers', payload: { external_id: 'ACME-1', name: 'Someone else', country: 'BR' } }, otherToken);
    assert.equal(own.statusCode, 201);
    assert.equal((await call({ url: '/api/v1/customers/ext:ACME-1' })).json().name, 'Padaria Central');
  });

  test('schema violations are 400 validation_failed with one detail per field', async () => {
    const response = await call({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: 42, country: 'BR', favourite_colour: 'blue', credit_limit: 10 },
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'validation_failed');
    const fields = new Map<string, string>(error.details.map((d: { field: string; reason: string }) => [d.field, d.reason]));
    assert.deepEqual([...fields.keys()].sort(), ['credit_limit', 'external_id', 'favourite_colour', 'name']);
    assert.equal(fields.get('external_id'), 'is required');
    assert.equal(fields.get('favourite_colour'), 'is not a known field');
    assert.equal(fields.get('name'), 'must be a string');
    assert.equal(fields.get('credit_limit'), 'must be a string', 'amounts are decimal strings, never JSON numbers');
  });

  test('business validation and query validation name the field too', async () => {
    const taxId = await call({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { external_id: 'BAD-1', name: 'X', country: 'BR', tax_id: '111.444.777-00', timezone: 'Mars/Base' },
    });
    assert.equal(taxId.statusCode, 400);
    assert.deepEqual(
      taxId
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
      ['tax_id', 'timezone'],
    );

    const query = await call({ url: '/api/v1/invoices?limit=0&due_before=2026-02-30&colour=red' });
    assert.equal(query.statusCode, 400);
    assert.deepEqual(
      query
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
      ['query.colour', 'query.due_before', 'query.limit'],
    );

    const cursor = await call({ url: '/api/v1/customers?cursor=not-a-cursor' });
    assert.equal(cursor.statusCode, 400);
    assert.equal(cursor.json().error.code, 'invalid_cursor');
  });

  test('broken JSON, unknown routes and unknown records answer in the error shape', async () => {
    const broken = await call({ method: 'POST', url: '/api/v1/customers', payload: '{"name": ', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'invalid_json');

    const route = await call({ url: '/api/v1/nothing-here' });
    assert.equal(route.statusCode, 404);
    assert.equal(route.json().error.code, 'not_found');

    for (const [url, code] of [
      ['/api/v1/customers/ext:NOPE', 'customer_not_found'],
      ['/api/v1/customers/not-a-uuid', 'customer_not_found'],
      ['/api/v1/invoices/00000000-0000-0000-0000-000000000000', 'invoice_not_found'],
      ['/api/v1/payments/ext:NOPE', 'payment_not_found'],
    ] as const) {
      const response = await call({ url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, code);
      assert.doesNotMatch(response.body, /at .*\.ts:\d+/, 'no stack trace');
    }
  });

  test('an unexpected failure is 500 internal_error without its message or stack', async () => {
    const probe = await buildServer({ db: database().db });
    probe.get('/api/v1/boom', async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await probe.inject({ url: '/api/v1/boom' });
    await probe.close();
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().error.code, 'internal_error');
    assert.doesNotMatch(response.body, /secret|\.ts:\d+/);
  });

  test('/api/openapi.json is an OpenAPI 3.1.0 document listing the routes, each with a summary', async () => {
    const response = await app.inject({ url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const spec = response.json();
    assert.equal(spec.openapi, '3.1.0');
    assert.equal(typeof spec.info.title, 'string');
    assert.equal(spec.components.securitySchemes.bearerAuth.scheme, 'bearer');
    const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const core = [
      'DELETE /api/v1/contacts/{id}',
      'GET /api/health',
      'GET /api/v1/customers',
      'GET /api/v1/customers/{id}',
      'GET /api/v1/customers/{id}/contacts',
      'GET /api/v1/invoices',
      'GET /api/v1/invoices/{id}',
      'GET /api/v1/payments',
      'GET /api/v1/payments/{id}',
      'GET /api/v1/reports/aging',
      'PATCH /api/v1/contacts/{id}',
      'PATCH /api/v1/customers/{id}',
      'PATCH /api/v1/invoices/{id}',
      'POST /api/v1/customers',
      'POST /api/v1/customers/{id}/contacts',
      'POST /api/v1/invoices',
      'POST /api/v1/invoices/{id}/void',
      'POST /api/v1/payments',
      'POST /api/v1/payments/{id}/reverse',
    ];
    assert.deepEqual(
      core.filter((operation) => !operations.includes(operation)),
      [],
      'every core route is documented',
    );
    const unsummarised = Object.entries(spec.paths as Record<string, Record<string, { summary?: string }>>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => !op.summary)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(unsummarised, [], 'every documented operation has a summary');
    // Generated from the validating schemas: the request body and the idempotency header are there.
    const createPayment = spec.paths['/api/v1/payments'].post;
    assert.deepEqual(createPayment.requestBody.content['application/json'].schema.required, ['external_id', 'date', 'amount', 'currency']);
    assert.ok(createPayment.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'));
    assert.ok(spec.paths['/api/v1/invoices'].get.parameters.some((p: { name: string }) => p.name === 'overdue_as_of'));
    assert.deepEqual(spec.paths['/api/health'].get.security, []);

    const docs = await app.inject({ url: '/api/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /text\/html/);
  });
});
