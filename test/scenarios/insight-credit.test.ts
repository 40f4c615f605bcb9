import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine, openDatabaseForCli, testEngines } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

describeEachEngine('Staged credit: a new customer earns its limit invoice by invoice, and the decision says why', (database) => {
  let api: ApiClient;
  const call = (options: InjectOptions) => api.app.inject({ ...options, headers: { authorization: api.authorization, ...options.headers } });
  async function post(url: string, payload: object): Promise<void> {
    const response = await api.post(url, payload);
    assert.ok(response.statusCode === 200 || response.statusCode === 201, `${url}: ${response.body}`);
  }
  const decide = async (customer: string, amount: string, asOf: string) => {
    const response = await call({ url: `/api/v1/customers/ext:${customer}/credit-decision?amount=${amount}&as_of=${asOf}` });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  before(async () => {
    const db = database().db;
    api = await givenApi(db, (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id);
    // The business turns staged credit on: 60 days of probation, R$ 1.000,00 to start, + R$ 500,00 per invoice paid on time, at most R$ 2.000,00.
    const settings = await call({
      method: 'PUT',
      url: '/api/v1/settings/credit',
      payload: { enabled: true, probation_days: 60, initial_limit: '1000.00', step: '500.00', max_limit: '2000.00' },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    assert.deepEqual(settings.json(), {
      staged_credit: { currency: 'BRL', probation_days: 60, initial_limit: '1000.00', step: '500.00', max_limit: '2000.00' },
    });
    await post('/api/v1/customers', { external_id: 'NOVA', name: 'Loja Nova', country: 'BR' });
    await post('/api/v1/customers', { external_id: 'OLD', name: 'Cliente Antigo', country: 'BR', credit_limit: '5000.00' });
    const invoice = (external_id: string, customer: string, issue_date: string, due_date: string, amount: string) =>
      post('/api/v1/invoices', { external_id, customer_external_id: customer, issue_date, due_date, amount, currency: 'BRL' });
    const payment = (external_id: string, customer: string, date: string, amount: string, invoice_external_id: string) =>
      post('/api/v1/payments', { external_id, customer_external_id: customer, date, amount, currency: 'BRL', invoice_external_id });
    // Mar 1: Loja Nova's first invoice, 600.00 due Mar 31, paid on Mar 25 (on time).
    await invoice('N1', 'NOVA', '2026-03-01', '2026-03-31', '600.00');
    await payment('PN1', 'NOVA', '2026-03-25', '600.00', 'N1');
    // Mar 20: 400.00 due Apr 10, paid on Apr 20 (late: no step for it). Apr 1: 700.00 due May 1, still open.
    await invoice('N2', 'NOVA', '2026-03-20', '2026-04-10', '400.00');
    await payment('PN2', 'NOVA', '2026-04-20', '400.00', 'N2');
    await invoice('N3', 'NOVA', '2026-04-01', '2026-05-01', '700.00');
    // An old customer with its own limit of 5000.00: 4500.00 open, 40 days overdue by Jun 1.
    await invoice('O1', 'OLD', '2025-01-10', '2025-02-10', '300.00');
    await payment('PO1', 'OLD', '2025-02-05', '300.00', 'O1');
    await invoice('O2', 'OLD', '2026-03-23', '2026-04-22', '4500.00');
  });
  after(() => api?.close());

  test('Apr 25, on probation until Apr 30: one invoice paid on time earns one step (1500.00); 700.00 open leaves room for 800.00, not a cent more', async () => {
    const allowed = await decide('NOVA', '800.00', '2026-04-25');
    assert.equal(allowed.decision, 'allow');
    assert.deepEqual(allowed.limit, { amount: '1500.00', currency: 'BRL', source: 'staged' });
    assert.deepEqual(allowed.probation, { until: '2026-04-30', paid_on_time: 1 });
    assert.deepEqual([allowed.exposure.amount, allowed.exposure_after.amount], ['700.00', '1500.00']);
    assert.deepEqual(
      allowed.reasons.map((r: { code: string; verdict: string }) => `${r.code} ${r.verdict}`),
      ['probation allow', 'limit allow', 'overdue allow'],
    );
    assert.equal(
      allowed.reasons[0].message,
      'new customer on probation until 2026-04-30: staged limit 1000.00 BRL + 1 × 500.00 BRL for invoices paid on time = 1500.00 BRL (at most 2000.00 BRL)',
    );
    const denied = await decide('NOVA', '800.01', '2026-04-25');
    assert.equal(denied.decision, 'deny');
    assert.equal(denied.reasons[1].message, 'open 700.00 BRL + requested 800.01 BRL = 1500.01 BRL exceeds the staged credit limit 1500.00 BRL');
    assert.equal(denied.recorded, false);
  });

  test('May 5, probation over, N3 four days overdue: the earned limit still holds, the overdue invoice asks for a review', async () => {
    const review = await decide('NOVA', '100.00', '2026-05-05');
    assert.equal(review.decision, 'review');
    assert.equal(review.probation, null);
    assert.deepEqual(review.limit, { amount: '1500.00', currency: 'BRL', source: 'staged' });
    assert.deepEqual(review.reasons.at(-1), { code: 'overdue', verdict: 'review', message: '700.00 BRL overdue, the oldest 4 days' });
  });

  test("Jun 1: the old customer's own limit applies; 40 days overdue denies even within the limit", async () => {
    const old = await decide('OLD', '400.00', '2026-06-01');
    assert.equal(old.decision, 'deny');
    assert.deepEqual(old.limit, { amount: '5000.00', currency: 'BRL', source: 'customer' });
    assert.deepEqual(
      old.reasons.map((r: { code: string; verdict: string }) => `${r.code} ${r.verdict}`),
      ['limit allow', 'overdue deny'],
    );
  });

  test('bad requests answer 400 or 404; staged credit can be turned off; the operation is documented for viewers', async () => {
    const bad = await call({ url: '/api/v1/customers/ext:NOVA/credit-decision?amount=12,50' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /^amount: /);
    assert.equal((await call({ url: '/api/v1/customers/ext:NOBODY/credit-decision?amount=1.00' })).statusCode, 404);
    const off = await call({ method: 'PUT', url: '/api/v1/settings/credit', payload: { enabled: false } });
    assert.deepEqual(off.json(), { staged_credit: null });
    // Without staged credit and without a limit of its own, nothing limits Loja Nova.
    const free = await decide('NOVA', '100000.00', '2026-04-25');
    assert.deepEqual([free.decision, free.limit], ['allow', null]);
    const document = (await api.get('/api/openapi.json')).json();
    const operation = document.paths['/api/v1/customers/{id}/credit-decision'].get;
    assert.deepEqual([operation.operationId, operation['x-required-role']], ['getCustomerCreditDecision', 'viewer']);
  });
});

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;

for (const engine of testEngines) {
  describe(`CLI: regua credit settings and regua credit check --record [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let drop: (() => Promise<void>) | undefined;
    before(async () => {
      const opened = await openDatabaseForCli(engine, 'credit_cli');
      env = opened.env;
      drop = opened.drop;
      const db = opened.database.db;
      const org = await givenOrganisation(db, 'shop');
      const customer = await givenCustomer(db, org.id, { externalId: 'C1' });
      const paid = await givenInvoice(db, org.id, customer, { externalId: 'NF-1', issueDate: '2026-10-01', dueDate: '2026-10-31', amountMinor: 100_000 });
      await givenPayment(db, org.id, customer, { externalId: 'P-1', date: '2026-10-30', amountMinor: 100_000, invoiceId: paid });
      await opened.database.close();
    });
    after(async () => drop?.());
    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, '--org', 'shop', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    test('settings on; a check is printed with its reasons, and with --record lands in the contact record', () => {
      const settings = regua('credit', 'settings', '--probation-days', '90', '--initial-limit', '300.00', '--step', '200.00', '--max-limit', '1000.00');
      assert.equal(settings.status, 0, settings.stderr);
      assert.equal(
        settings.stdout.trim(),
        'staged credit: 90 days of probation from the first invoice; limit 300.00 BRL + 200.00 per invoice paid on time, at most 1000.00',
      );
      assert.equal(regua('credit', 'settings', '--step', '1.00').status, 1);

      const text = regua('credit', 'check', '--customer', 'C1', '--amount', '600.00', '--as-of', '2026-11-15');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^DENY: 600\.00 BRL on credit to C1 \(Cliente C1\), as of 2026-11-15\n/);
      assert.match(text.stdout, /deny +limit +open 0\.00 BRL \+ requested 600\.00 BRL = 600\.00 BRL exceeds the staged credit limit 500\.00 BRL/);

      const recorded = regua('credit', 'check', '--customer', 'C1', '--amount', '500.00', '--as-of', '2026-11-15', '--record', '--json');
      assert.equal(recorded.status, 0, recorded.stderr);
      const json = JSON.parse(recorded.stdout);
      assert.deepEqual([json.decision, json.limit.amount, json.recorded], ['allow', '500.00', true]);
      const out = join(mkdtempSync(join(tmpdir(), 'credit-log-')), 'c1.json');
      const exported = regua('log', 'export', '--customer', 'C1', '--out', out);
      assert.equal(exported.status, 0, exported.stderr);
      const entries = (JSON.parse(readFileSync(out, 'utf8')) as { entries: { kind: string; content: { decision: string; requested: unknown } }[] }).entries;
      const decisions = entries.filter((e) => e.kind === 'credit_decision');
      assert.equal(decisions.length, 1); // only the check made with --record
      assert.deepEqual([decisions[0]!.content.decision, decisions[0]!.content.requested], ['allow', { amount: '500.00', currency: 'BRL' }]);
      const verify = regua('log', 'verify');
      assert.equal(verify.status, 0, verify.stderr);
      assert.match(verify.stdout, /contact record intact/);
    });
  });
}
