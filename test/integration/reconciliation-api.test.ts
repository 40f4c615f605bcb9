import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { givenInvoiceReferences } from '../support/reconciliation.ts';

const statement = [
  'date,amount,description,reference',
  '2026-03-05,150.00,PIX RECEBIDO TXID REGUAPIX0001,E-1', // Pix txid of INV-P
  '2026-03-05,99.00,TED RECEBIDA,T-2', // the amount of INV-B2 and INV-B3: two customers
  '2026-03-06,12.34,DEPOSITO,T-3', // nothing open of that amount
  '',
].join('\n');

describeEachEngine('API: reconciliation', (database) => {
  let app: FastifyInstance;
  let token: string;
  let orgId: string;
  const invoices: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    orgId = (await givenOrganisation(db, 'recon-api')).id;
    token = (await createApiToken(db, orgId, 'test')).token;
    const c1 = await givenCustomer(db, orgId, { externalId: 'C1' });
    const c2 = await givenCustomer(db, orgId, { externalId: 'C2' });
    const c3 = await givenCustomer(db, orgId, { externalId: 'C3' });
    invoices.P = await givenInvoice(db, orgId, c1, { externalId: 'INV-P', dueDate: '2026-03-01', amountMinor: 15000 });
    await givenInvoiceReferences(db, orgId, invoices.P, { pixTxid: 'REGUAPIX0001' });
    invoices.B2old = await givenInvoice(db, orgId, c2, { externalId: 'INV-B2-OLD', dueDate: '2026-01-10', amountMinor: 4000 });
    invoices.B2 = await givenInvoice(db, orgId, c2, { externalId: 'INV-B2', dueDate: '2026-02-10', amountMinor: 9900 });
    invoices.B3 = await givenInvoice(db, orgId, c3, { externalId: 'INV-B3', dueDate: '2026-02-11', amountMinor: 9900 });
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const upload = (body: string | Buffer, query = '', contentType = 'text/plain') =>
    call({ method: 'POST', url: `/api/v1/reconciliation/statements${query}`, payload: body, headers: { 'content-type': contentType } });
  const queue = async (query = '') => {
    const response = await call({ url: `/api/v1/reconciliation/queue${query}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as {
      data: { id: string; amount: { amount: string }; status: string; suggestions: { invoice_external_id: string; rule: string }[] }[];
      next_cursor: string | null;
    };
  };
  const invoiceStatus = async (id: string) =>
    (await database().db.selectFrom('invoices').select('status').where('organisation_id', '=', orgId).where('id', '=', id).executeTakeFirstOrThrow()).status;

  test('a dry run answers 200 with the counts and writes nothing', async () => {
    const response = await upload(statement, '?dry_run=true&filename=extrato.csv');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().counts, { matched: 1, suggested: 0, unmatched: 2, ignored: 0, duplicate: 0 });
    assert.equal(await invoiceStatus(invoices.P!), 'open');
    assert.equal((await queue()).data.length, 0);
  });

  test('the upload (raw bytes) pays INV-P by Pix txid; the same file again is reported as a duplicate file', async () => {
    const response = await upload(Buffer.from(statement, 'utf8'), '?filename=extrato.csv', 'application/octet-stream');
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.format, 'csv');
    assert.equal(body.duplicate_file, false);
    assert.deepEqual(body.counts, { matched: 1, suggested: 0, unmatched: 2, ignored: 0, duplicate: 0 });
    assert.deepEqual(body.matched, { amount: '150.00', currency: 'BRL' });
    assert.equal(await invoiceStatus(invoices.P!), 'paid');
    const again = await upload(statement, '?filename=extrato-again.csv');
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().duplicate_file, true);
    assert.deepEqual(again.json().counts, { matched: 0, suggested: 0, unmatched: 0, ignored: 0, duplicate: 3 });
  });

  test('the queue pages through the two unmatched lines; the 99.00 line suggests both invoices of that amount', async () => {
    const first = await queue('?limit=1');
    assert.equal(first.data.length, 1);
    assert.notEqual(first.next_cursor, null);
    const second = await queue(`?limit=1&cursor=${first.next_cursor}`);
    assert.equal(second.data.length, 1);
    assert.equal(second.next_cursor, null);
    const lines = [...first.data, ...second.data];
    assert.deepEqual(
      lines.map((l) => l.amount.amount),
      ['99.00', '12.34'],
    ); // oldest entry first
    assert.deepEqual(lines[0]!.suggestions.map((s) => [s.invoice_external_id, s.rule]).sort(), [
      ['INV-B2', 'amount_only'],
      ['INV-B3', 'amount_only'],
    ]);
    assert.deepEqual(lines[1]!.suggestions, []);
  });

  test('manual allocation to a named invoice creates the payment, and the line leaves the queue', async () => {
    const line = (await queue()).data.find((l) => l.amount.amount === '99.00')!;
    const response = await call({ method: 'POST', url: `/api/v1/reconciliation/lines/${line.id}/allocate`, payload: { invoice_ids: ['ext:INV-B2'] } });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.line.status, 'allocated');
    assert.equal(body.payment.customer_external_id, 'C2');
    assert.equal(body.payment.method, 'transfer');
    // the named invoice is paid, not the older one of the same customer
    assert.deepEqual(
      body.payment.allocations.map((a: { invoice_external_id: string; amount: { amount: string } }) => [a.invoice_external_id, a.amount.amount]),
      [['INV-B2', '99.00']],
    );
    assert.equal(await invoiceStatus(invoices.B2!), 'paid');
    assert.equal(await invoiceStatus(invoices.B2old!), 'open');
    assert.equal(await invoiceStatus(invoices.B3!), 'open');
    assert.deepEqual(
      (await queue()).data.map((l) => l.amount.amount),
      ['12.34'],
    );
    const twice = await call({ method: 'POST', url: `/api/v1/reconciliation/lines/${line.id}/allocate`, payload: { customer_id: 'ext:C2' } });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal(twice.json().error.code, 'line_not_in_queue');
  });

  test('ignoring a line takes it out of the queue; invoices of two customers are refused', async () => {
    const line = (await queue()).data[0]!;
    const mixed = await call({
      method: 'POST',
      url: `/api/v1/reconciliation/lines/${line.id}/allocate`,
      payload: { invoice_ids: ['ext:INV-B2-OLD', 'ext:INV-B3'] },
    });
    assert.equal(mixed.statusCode, 400, mixed.body);
    assert.equal(mixed.json().error.code, 'invoice_customer_mismatch');
    const response = await call({
      method: 'POST',
      url: `/api/v1/reconciliation/lines/${line.id}/ignore`,
      payload: { reason: 'own transfer between accounts' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().status, 'dismissed');
    assert.equal((await queue()).data.length, 0);
  });

  test('an unreadable file is refused naming the line and the field', async () => {
    const response = await upload('date,amount,description\n2026-03-07,abc,PIX\n');
    assert.equal(response.statusCode, 400, response.body);
    const { error } = response.json();
    assert.equal(error.code, 'statement_unparseable');
    assert.equal(error.details[0].line, 2);
    assert.equal(error.details[0].field, 'amount');
  });
});
