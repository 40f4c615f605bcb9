import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('API: invoices and payments', (database) => {
  let app: FastifyInstance;
  let token: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id;
    token = (await createApiToken(db, organisationId, 'test')).token;
    app = await buildServer({ db });
    for (const [external_id, country] of [
      ['C1', 'BR'],
      ['C2', 'BR'],
      ['C3', 'US'],
    ]) {
      const response = await post('/api/v1/customers', { external_id, name: `Customer ${external_id}`, country });
      assert.equal(response.statusCode, 201, response.body);
    }
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const post = (url: string, payload?: object) => call({ method: 'POST', url, ...(payload ? { payload } : {}) });
  const get = async (url: string) => {
    const response = await call({ url });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json();
  };
  const invoice = (external_id: string, customer: string, issue: string, due: string, amount: string, currency = 'BRL') =>
    post('/api/v1/invoices', { external_id, customer_external_id: customer, issue_date: issue, due_date: due, amount, currency });
  const brl = (amount: string) => ({ amount, currency: 'BRL' });

  test('invoices: create, read by uuid and external id, unknown customer and duplicate refused', async () => {
    const created = await invoice('INV-1', 'C1', '2026-01-05', '2026-02-04', '1500.00');
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.customer_external_id, 'C1');
    assert.equal(body.number, 'INV-1');
    assert.deepEqual([body.amount, body.paid, body.open, body.status], [brl('1500.00'), brl('0.00'), brl('1500.00'), 'open']);
    assert.deepEqual(await get(`/api/v1/invoices/${body.id}`), body);
    assert.deepEqual(await get('/api/v1/invoices/ext:INV-1'), body);

    const duplicate = await invoice('INV-1', 'C1', '2026-01-05', '2026-02-04', '1.00');
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, 'invoice_exists');
    const unknown = await invoice('INV-X', 'NOBODY', '2026-01-05', '2026-02-04', '1.00');
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.code, 'customer_not_found');
    const invalid = await invoice('INV-Y', 'C1', '2026-02-05', '2026-02-04', '12.345');
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(
      invalid
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
      ['amount', 'due_date'],
    );
  });

  test('invoices: list filters by customer, status, currency, due dates and overdue as of a date', async () => {
    assert.equal((await invoice('INV-2', 'C1', '2026-01-10', '2026-03-01', '200.00')).statusCode, 201);
    assert.equal((await invoice('INV-3', 'C2', '2026-01-10', '2026-01-20', '300.00')).statusCode, 201);
    assert.equal((await invoice('INV-4', 'C3', '2026-01-10', '2026-02-15', '99.99', 'USD')).statusCode, 201);
    const ids = async (query: string) => (await get(`/api/v1/invoices?${query}`)).data.map((i: { external_id: string }) => i.external_id);

    assert.deepEqual(await ids(''), ['INV-3', 'INV-1', 'INV-4', 'INV-2'], 'ordered by due date');
    assert.deepEqual(await ids('customer=ext:C1'), ['INV-1', 'INV-2']);
    const c2 = await get('/api/v1/customers/ext:C2');
    assert.deepEqual(await ids(`customer=${c2.id}`), ['INV-3']);
    assert.deepEqual(await ids('currency=USD'), ['INV-4']);
    assert.deepEqual(await ids('due_before=2026-02-15'), ['INV-3', 'INV-1'], 'strictly before');
    assert.deepEqual(await ids('due_after=2026-02-04'), ['INV-4', 'INV-2'], 'strictly after');
    assert.deepEqual(await ids('overdue_as_of=2026-02-05'), ['INV-3', 'INV-1']);

    const first = await get('/api/v1/invoices?limit=2');
    const second = await get(`/api/v1/invoices?limit=2&cursor=${first.next_cursor}`);
    assert.deepEqual(
      [...first.data, ...second.data].map((i: { external_id: string }) => i.external_id),
      ['INV-3', 'INV-1', 'INV-4', 'INV-2'],
    );
    assert.equal(second.next_cursor, null);
  });

  test('payments: to the named invoice first, the rest oldest first, the leftover stays as credit', async () => {
    // C1 owes INV-1 (due 02-04, 1500.00) and INV-2 (due 03-01, 200.00). The payer names INV-2.
    const response = await post('/api/v1/payments', {
      external_id: 'PAY-1',
      customer_external_id: 'C1',
      invoice_external_id: 'INV-2',
      date: '2026-02-10',
      amount: '1000.00',
      currency: 'BRL',
      method: 'pix',
    });
    assert.equal(response.statusCode, 201, response.body);
    const payment = response.json();
    assert.deepEqual(
      payment.allocations.map((a: { invoice_external_id: string; amount: unknown }) => [a.invoice_external_id, a.amount]),
      [
        ['INV-1', brl('800.00')],
        ['INV-2', brl('200.00')],
      ],
    );
    assert.deepEqual([payment.allocated, payment.unallocated], [brl('1000.00'), brl('0.00')]);

    const inv2 = await get('/api/v1/invoices/ext:INV-2');
    assert.deepEqual([inv2.status, inv2.paid, inv2.open], ['paid', brl('200.00'), brl('0.00')]);
    const inv1 = await get('/api/v1/invoices/ext:INV-1');
    assert.deepEqual([inv1.status, inv1.paid, inv1.open], ['open', brl('800.00'), brl('700.00')]);
    assert.deepEqual(
      inv1.allocations.map((a: { payment_external_id: string; allocated_on: string }) => [a.payment_external_id, a.allocated_on]),
      [['PAY-1', '2026-02-10']],
    );
    assert.deepEqual((await get('/api/v1/customers/ext:C1')).open_balance, [brl('700.00')]);

    const overpaid = await post('/api/v1/payments', {
      external_id: 'PAY-2',
      customer_external_id: 'C1',
      date: '2026-02-11',
      amount: '750.00',
      currency: 'BRL',
    });
    assert.equal(overpaid.statusCode, 201);
    assert.deepEqual([overpaid.json().allocated, overpaid.json().unallocated], [brl('700.00'), brl('50.00')]);

    // Credit left on PAY-2 goes to the next invoice of the customer.
    const next = await invoice('INV-5', 'C1', '2026-02-20', '2026-03-20', '80.00');
    assert.deepEqual([next.json().paid, next.json().open], [brl('50.00'), brl('30.00')]);
  });

  test('payments: wrong currency, unknown invoice, invoice of another customer and duplicates are refused', async () => {
    const base = { customer_external_id: 'C2', date: '2026-02-12', amount: '10.00', currency: 'BRL' };
    const cases: [object, number, string][] = [
      [{ ...base, external_id: 'BAD-1', invoice_external_id: 'INV-3', currency: 'USD' }, 400, 'currency_mismatch'],
      [{ ...base, external_id: 'BAD-2', invoice_external_id: 'INV-404' }, 400, 'invoice_not_found'],
      [{ ...base, external_id: 'BAD-3', invoice_external_id: 'INV-1' }, 400, 'invoice_customer_mismatch'],
      [{ ...base, external_id: 'PAY-1' }, 409, 'payment_exists'],
      [{ ...base, external_id: 'BAD-4', amount: '-5.00' }, 400, 'validation_failed'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await post('/api/v1/payments', payload);
      assert.equal(response.statusCode, status, JSON.stringify(payload));
      assert.equal(response.json().error.code, code);
    }
    const rows = await database()
      .db.selectFrom('payments')
      .select('external_id')
      .where('organisation_id', '=', organisationId)
      .where('external_id', 'like', 'BAD-%')
      .execute();
    assert.deepEqual(rows, [], 'nothing was written for the refused payments');
  });

  test('reversal: the allocations stop counting, the invoices reopen, reversing again changes nothing', async () => {
    const reversed = await post('/api/v1/payments/ext:PAY-1/reverse', { date: '2026-03-05', reason: 'bounced' });
    assert.equal(reversed.statusCode, 200, reversed.body);
    const payment = reversed.json();
    assert.equal(payment.status, 'reversed');
    assert.equal(payment.reversed_on, '2026-03-05');
    assert.ok(payment.allocations.every((a: { reversed_on: string }) => a.reversed_on === '2026-03-05'));

    const inv2 = await get('/api/v1/invoices/ext:INV-2');
    assert.deepEqual([inv2.status, inv2.paid, inv2.open], ['open', brl('0.00'), brl('200.00')]);
    assert.deepEqual(
      inv2.allocations.map((a: { payment_external_id: string; reversed_on: string | null }) => [a.payment_external_id, a.reversed_on]),
      [['PAY-1', '2026-03-05']],
    );
    const inv1 = await get('/api/v1/invoices/ext:INV-1');
    assert.deepEqual([inv1.paid, inv1.open], [brl('700.00'), brl('800.00')], 'PAY-2 still counts on INV-1');

    const again = await post('/api/v1/payments/ext:PAY-1/reverse', { date: '2026-03-09' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().reversed_on, '2026-03-05');
    const entries = await database()
      .db.selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', organisationId)
      .where('kind', '=', 'payment_reversed')
      .execute();
    assert.deepEqual(
      entries.map((e) => [e.content.external_id, e.content.reason]),
      [['PAY-1', 'bounced']],
    );

    const listed = await get('/api/v1/payments?customer=ext:C1&status=reversed');
    assert.deepEqual(
      listed.data.map((p: { external_id: string }) => p.external_id),
      ['PAY-1'],
    );
    assert.deepEqual(
      (await get('/api/v1/payments?date_from=2026-02-11&date_to=2026-02-11')).data.map((p: { external_id: string }) => p.external_id),
      ['PAY-2'],
    );
  });

  test('invoice patch: due date, description and amount, never below what was paid', async () => {
    // INV-1: 1500.00 with 700.00 paid by PAY-2.
    const below = await call({ method: 'PATCH', url: '/api/v1/invoices/ext:INV-1', payload: { amount: '699.99' } });
    assert.equal(below.statusCode, 409);
    assert.equal(below.json().error.code, 'amount_below_paid');
    assert.deepEqual(below.json().error.details.paid, brl('700.00'));

    const exact = await call({
      method: 'PATCH',
      url: '/api/v1/invoices/ext:INV-1',
      payload: { amount: '700.00', due_date: '2026-02-28', description: 'Pães, março' },
    });
    assert.equal(exact.statusCode, 200, exact.body);
    assert.deepEqual(
      [exact.json().status, exact.json().open, exact.json().due_date, exact.json().description],
      ['paid', brl('0.00'), '2026-02-28', 'Pães, março'],
    );

    const reopened = await call({ method: 'PATCH', url: '/api/v1/invoices/ext:INV-1', payload: { amount: '710.00', description: null } });
    assert.deepEqual([reopened.json().status, reopened.json().open, reopened.json().description], ['open', brl('10.00'), null]);

    const early = await call({ method: 'PATCH', url: '/api/v1/invoices/ext:INV-1', payload: { due_date: '2025-12-31' } });
    assert.equal(early.statusCode, 400);
    assert.deepEqual(
      early.json().error.details.map((d: { field: string }) => d.field),
      ['due_date'],
    );
  });

  test('void: refused while money is applied, then voided from a date and closed to changes', async () => {
    const withMoney = await post('/api/v1/invoices/ext:INV-1/void', { date: '2026-03-10' });
    assert.equal(withMoney.statusCode, 409);
    assert.equal(withMoney.json().error.code, 'invoice_has_payments');

    const voided = await post('/api/v1/invoices/ext:INV-3/void', { date: '2026-03-10', reason: 'issued twice' });
    assert.equal(voided.statusCode, 200, voided.body);
    assert.deepEqual([voided.json().status, voided.json().voided_on, voided.json().open], ['void', '2026-03-10', brl('0.00')]);
    const twice = await post('/api/v1/invoices/ext:INV-3/void');
    assert.equal(twice.statusCode, 200, 'voiding again is a no-op');
    assert.equal(twice.json().voided_on, '2026-03-10');

    const patched = await call({ method: 'PATCH', url: '/api/v1/invoices/ext:INV-3', payload: { amount: '1.00' } });
    assert.equal(patched.statusCode, 409);
    assert.equal(patched.json().error.code, 'invoice_closed');
    assert.deepEqual(
      (await get('/api/v1/invoices?status=void')).data.map((i: { external_id: string }) => i.external_id),
      ['INV-3'],
    );

    // Without a date the void is dated today in the organisation's time zone.
    assert.equal((await invoice('INV-6', 'C2', '2026-01-01', '2026-01-31', '5.00')).statusCode, 201);
    const today = await post('/api/v1/invoices/ext:INV-6/void');
    const zoneToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    assert.equal(today.json().voided_on, zoneToday);
  });
});
