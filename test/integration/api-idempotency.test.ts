import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('API: idempotency keys on POST', (database) => {
  let app: FastifyInstance;
  let token: string;
  let otherToken: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    const other = await createOrganisation(db, { slug: 'other', name: 'Other' });
    otherToken = (await createApiToken(db, other.id, 'test')).token;
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const post = (url: string, payload: object, key?: string, bearer = token) =>
    app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${bearer}`, ...(key ? { 'idempotency-key': key } : {}) } });

  const count = async (table: 'customers' | 'payments' | 'allocations', externalId?: string) => {
    let query = database()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', organisationId);
    if (externalId && table !== 'allocations') query = query.where('external_id', '=', externalId);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  test('the same key and body replay the stored response without a second effect', async () => {
    const first = await post('/api/v1/customers', { external_id: 'K-1', name: 'Loja Um', country: 'BR' }, 'key-1');
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // Same body with its keys in another order: still the same request.
    const retry = await post('/api/v1/customers', { country: 'BR', name: 'Loja Um', external_id: 'K-1' }, 'key-1');
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
    assert.equal(await count('customers', 'K-1'), 1);
    const created = await database()
      .db.selectFrom('interactions')
      .select('seq')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'customer_created')
      .execute();
    assert.equal(created.length, 1, 'one entry in the contact record');

    // Without the key the same request is a new attempt, and the customer now exists.
    assert.equal((await post('/api/v1/customers', { external_id: 'K-1', name: 'Loja Um', country: 'BR' })).statusCode, 409);
  });

  test('the same key with another body, or on another route, is 409 idempotency_key_reused', async () => {
    const otherBody = await post('/api/v1/customers', { external_id: 'K-2', name: 'Loja Dois', country: 'BR' }, 'key-1');
    assert.equal(otherBody.statusCode, 409);
    assert.equal(otherBody.json().error.code, 'idempotency_key_reused');
    const invoice = { external_id: 'KI-0', customer_external_id: 'K-1', issue_date: '2026-01-01', due_date: '2026-01-31', amount: '9.00', currency: 'BRL' };
    const otherRoute = await post('/api/v1/invoices', invoice, 'key-1');
    assert.equal(otherRoute.statusCode, 409);
    assert.equal(otherRoute.json().error.code, 'idempotency_key_reused');
    assert.equal(await count('customers', 'K-2'), 0);
    assert.equal((await app.inject({ url: '/api/v1/invoices/ext:KI-0', headers: { authorization: `Bearer ${token}` } })).statusCode, 404);
  });

  test('keys belong to one organisation', async () => {
    const response = await post('/api/v1/customers', { external_id: 'K-2', name: 'Outra', country: 'BR' }, 'key-1', otherToken);
    assert.equal(response.statusCode, 201);
    assert.equal(response.headers['idempotent-replayed'], undefined);
  });

  test('concurrent duplicates: one effect, every caller gets the same response', async () => {
    const body = { external_id: 'K-3', name: 'Loja Três', country: 'BR' };
    // On PostgreSQL these run on separate connections: the later ones wait on the key's primary key.
    const responses = await Promise.all(Array.from({ length: 5 }, () => post('/api/v1/customers', body, 'key-3')));
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      [201, 201, 201, 201, 201],
    );
    assert.equal(new Set(responses.map((r) => r.json().id)).size, 1);
    assert.equal(responses.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 4);
    assert.equal(await count('customers', 'K-3'), 1);
  });

  test('a failed request is not stored: the retry with the same key runs again', async () => {
    const payment = { external_id: 'KP-1', customer_external_id: 'K-4', date: '2026-02-01', amount: '100.00', currency: 'BRL' };
    const failed = await post('/api/v1/payments', payment, 'key-4');
    assert.equal(failed.statusCode, 400);
    assert.equal(failed.json().error.code, 'customer_not_found');
    assert.equal((await post('/api/v1/customers', { external_id: 'K-4', name: 'Loja Quatro', country: 'BR' })).statusCode, 201);
    assert.equal(
      (
        await post('/api/v1/invoices', {
          external_id: 'KI-1',
          customer_external_id: 'K-4',
          issue_date: '2026-01-01',
          due_date: '2026-01-31',
          amount: '250.00',
          currency: 'BRL',
        })
      ).statusCode,
      201,
    );

    const allocationsBefore = await count('allocations');
    const succeeded = await post('/api/v1/payments', payment, 'key-4');
    assert.equal(succeeded.statusCode, 201);
    const replayed = await post('/api/v1/payments', payment, 'key-4');
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replayed.json(), succeeded.json());
    assert.equal(await count('payments', 'KP-1'), 1);
    assert.equal(await count('allocations'), allocationsBefore + 1, 'the money was applied once');
    const invoice = await app.inject({ url: '/api/v1/invoices/ext:KI-1', headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(invoice.json().paid, { amount: '100.00', currency: 'BRL' });
  });

  test('a key longer than 255 characters is a validation error on the header', async () => {
    const response = await post('/api/v1/customers', { external_id: 'K-5', name: 'Loja Cinco', country: 'BR' }, 'k'.repeat(256));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(
      response.json().error.details.map((d: { field: string }) => d.field),
      ['headers.idempotency-key'],
    );
  });
});
