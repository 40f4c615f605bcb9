import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenOrganisation } from '../support/portfolio.ts';

const customersCsv =
  'external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit\n' +
  'C-1,Ana Lima,,ana@example.com,,,,,BR,,\n' +
  'C-2,Bruno Reis,,bruno@example.com,,,,,BR,,\n';
const badInvoicesCsv =
  'external_id,customer_external_id,issue_date,due_date,amount,currency,description\n' +
  'NF-1,C-1,2026-11-01,2026-11-10,100.00,BRL,\n' +
  'NF-2,C-9,2026-11-01,2026-11-10,abc,BRL,\n';

describeEachEngine('API: CSV import (POST /api/v1/imports/{kind}), all or nothing', (database) => {
  let api: ApiClient;
  before(async () => {
    const org = await givenOrganisation(database().db, 'imports-api');
    api = await givenApi(database().db, org.id);
  });
  after(() => api?.close());

  const upload = (kind: string, body: string, query = '') =>
    api.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}${query}`,
      headers: { authorization: api.authorization, 'content-type': 'text/csv' },
      payload: body,
    });

  test('a good file is imported and counted; the same file again changes nothing', async () => {
    const first = await upload('customers', customersCsv, '?filename=clientes.csv');
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(first.json(), { kind: 'customers', filename: 'clientes.csv', rows: 2, dry_run: false, inserted: 2, updated: 0, unchanged: 0 });
    const again = await upload('customers', customersCsv);
    assert.deepEqual([again.statusCode, again.json().unchanged], [201, 2]);
    const listed = await api.get('/api/v1/customers');
    assert.deepEqual(
      listed
        .json()
        .data.map((c: { external_id: string }) => c.external_id)
        .sort(),
      ['C-1', 'C-2'],
    );
  });

  test('a file with bad rows answers 422 import_rejected with every row error, and nothing is imported', async () => {
    const rejected = await upload('invoices', badInvoicesCsv, '?filename=faturas.csv');
    assert.equal(rejected.statusCode, 422, rejected.body);
    const error = rejected.json().error;
    assert.equal(error.code, 'import_rejected');
    assert.match(error.message, /faturas\.csv: rejected, nothing was imported\. \d+ problems?/);
    assert.ok(error.details.error_count >= 1);
    assert.ok(
      error.details.errors.every((e: { line: number; reason: string }) => e.line === 3 && e.reason.length > 0),
      JSON.stringify(error.details),
    );
    assert.deepEqual((await api.get('/api/v1/invoices')).json().data, []);
  });

  test('refusals: an empty body, an unknown kind, no token', async () => {
    assert.equal((await upload('customers', '')).statusCode, 400);
    assert.equal((await upload('contacts', customersCsv)).statusCode, 400);
    const anonymous = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { 'content-type': 'text/csv' },
      payload: customersCsv,
    });
    assert.equal(anonymous.statusCode, 401);
  });
});
