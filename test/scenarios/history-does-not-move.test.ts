import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { importFile } from '../../src/use-cases/import/import-file.ts';
import { invoicesImport } from '../../src/use-cases/import/import-invoices.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { csv, tempFile } from '../support/files.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

const invoicesHeader = 'external_id,customer_external_id,issue_date,due_date,amount,currency,description';

describeEachEngine('history does not move: the aging of 30 November stays as it was printed', (database) => {
  let org: Organisation;
  let api: ApiClient;
  let printedOn30Nov: unknown;
  const db = () => database().db;
  const aging = async (asOf: string) => {
    const response = await api.get(`/api/v1/reports/aging?as_of=${asOf}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { customers: { external_id: string; by_bucket: Record<string, string>; total: string; oldest_days_overdue: number }[] };
  };
  const padaria = async (asOf: string) => (await aging(asOf)).customers.find((c) => c.external_id === 'PADARIA');
  const invoiceNow = (externalId: string) =>
    db()
      .selectFrom('invoices')
      .select(['amount_minor', 'paid_minor', 'due_date', 'status'])
      .where('organisation_id', '=', org.id)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();

  before(async () => {
    org = await givenOrganisation(db(), 'history');
    const customer = await givenCustomer(db(), org.id, { externalId: 'PADARIA' });
    await givenInvoice(db(), org.id, customer, { externalId: 'NF-1', issueDate: '2026-10-01', dueDate: '2026-10-31', amountMinor: 100000 });
    await givenInvoice(db(), org.id, customer, { externalId: 'NF-2', issueDate: '2026-11-01', dueDate: '2026-11-20', amountMinor: 50000 });
    await givenInvoice(db(), org.id, customer, { externalId: 'NF-3', issueDate: '2026-11-10', dueDate: '2026-12-10', amountMinor: 30000 });
    await givenPayment(db(), org.id, customer, { externalId: 'PIX-1', date: '2026-11-15', amountMinor: 10000, invoiceId: undefined });
    api = await givenApi(db(), org.id);
  });
  after(() => api.close());

  it('30 Nov: month end; the aging is printed (NF-1 30 days late and 100.00 paid, NF-2 10 days late, NF-3 current)', async () => {
    printedOn30Nov = await aging('2026-11-30');
    assert.deepEqual(await padaria('2026-11-30'), {
      external_id: 'PADARIA',
      name: 'Cliente PADARIA',
      currency: 'BRL',
      total: '1700.00',
      oldest_days_overdue: 30,
      by_bucket: { current: '300.00', '1-30': '1400.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' },
    } as unknown);
  });

  it('7 Dec: a dispute on NF-1 ends in a credit note of 250.00 dated 7 Dec; 30 Nov is unchanged, 7 Dec shows the credit', async () => {
    const nf1 = await invoiceNow('NF-1');
    const opened = await api.post('/api/v1/invoices/ext:NF-1/disputes', { reason: 'two boxes damaged' });
    assert.equal(opened.statusCode, 201, opened.body);
    const resolved = await api.post(`/api/v1/disputes/${(opened.json() as { id: string }).id}/resolve`, {
      resolution: 'credit_note',
      amount: '250.00',
      date: '2026-12-07',
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.deepEqual(await invoiceNow('NF-1'), { ...nf1, amount_minor: 75000 }, 'the invoice row holds the current amount');
    assert.deepEqual(await aging('2026-11-30'), printedOn30Nov);
    assert.equal((await padaria('2026-12-06'))?.by_bucket['31-60'], '900.00');
    assert.equal((await padaria('2026-12-07'))?.by_bucket['31-60'], '650.00');
  });

  it('8 Dec: NF-2 is corrected through the API to 450.00, due 20 Dec, dated 8 Dec; 30 Nov and 7 Dec are unchanged', async () => {
    const before7Dec = await aging('2026-12-07');
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/v1/invoices/ext:NF-2',
      headers: { authorization: api.authorization },
      payload: { amount: '450.00', due_date: '2026-12-20', date: '2026-12-08' },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(await invoiceNow('NF-2'), { amount_minor: 45000, paid_minor: 0, due_date: '2026-12-20', status: 'open' });
    assert.deepEqual(await aging('2026-11-30'), printedOn30Nov);
    assert.deepEqual(await aging('2026-12-07'), before7Dec);
    // From 8 Dec NF-2 is 450.00 and not yet due.
    assert.deepEqual((await padaria('2026-12-08'))?.by_bucket, { current: '750.00', '1-30': '0.00', '31-60': '650.00', '61-90': '0.00', '90+': '0.00' });
  });

  it('9 Dec: the ERP re-exports NF-3 at 350.00 due 5 Dec, imported with business date 9 Dec; 30 Nov is unchanged, 9 Dec shows it', async () => {
    const before8Dec = await aging('2026-12-08');
    const file = tempFile(
      'invoices.csv',
      csv([
        invoicesHeader,
        'NF-1,PADARIA,2026-10-01,2026-10-31,750.00,BRL,',
        'NF-2,PADARIA,2026-11-01,2026-12-20,450.00,BRL,',
        'NF-3,PADARIA,2026-11-10,2026-12-05,350.00,BRL,',
      ]),
    );
    const result = await importFile(db(), org.id, invoicesImport, file, { date: '2026-12-09' });
    assert.deepEqual([result.errorCount, result.updated, result.unchanged], [0, 1, 2]);
    assert.deepEqual(await invoiceNow('NF-3'), { amount_minor: 35000, paid_minor: 0, due_date: '2026-12-05', status: 'open' });
    assert.deepEqual(await aging('2026-11-30'), printedOn30Nov);
    assert.deepEqual(await aging('2026-12-08'), before8Dec);
    const on9Dec = await padaria('2026-12-09');
    assert.deepEqual([on9Dec?.by_bucket['1-30'], on9Dec?.total], ['350.00', '1450.00']);

    const adjustments = await db()
      .selectFrom('invoice_adjustments as a')
      .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
      .select(['i.external_id', 'a.effective_on', 'a.kind', 'a.amount_delta_minor', 'a.previous_due_date', 'a.due_date', 'a.source'])
      .where('a.organisation_id', '=', org.id)
      .orderBy('a.effective_on')
      .orderBy('a.kind')
      .execute();
    assert.deepEqual(
      adjustments.map(
        (a) => `${a.effective_on} ${a.external_id} ${a.kind} ${a.amount_delta_minor} ${a.previous_due_date ?? '-'}→${a.due_date ?? '-'} ${a.source}`,
      ),
      [
        '2026-12-07 NF-1 credit_note -25000 -→- dispute',
        '2026-12-08 NF-2 amount_change -5000 -→- edit',
        '2026-12-08 NF-2 due_date_change 0 2026-11-20→2026-12-20 edit',
        '2026-12-09 NF-3 amount_change 5000 -→- import',
        '2026-12-09 NF-3 due_date_change 0 2026-12-10→2026-12-05 import',
      ],
    );
  });

  it('10 Dec: a due-date edit back-dated before the last one (9 Dec) is refused, naming that date; the contact record says when edits take effect', async () => {
    const response = await api.app.inject({
      method: 'PATCH',
      url: '/api/v1/invoices/ext:NF-3',
      headers: { authorization: api.authorization },
      payload: { due_date: '2026-12-31', date: '2026-12-08' },
    });
    assert.equal(response.statusCode, 409, response.body);
    const error = (response.json() as { error: { code: string; details: unknown } }).error;
    assert.deepEqual([error.code, error.details], ['date_before_last_change', { last_change_on: '2026-12-09' }]);
    assert.equal((await invoiceNow('NF-3')).due_date, '2026-12-05');
    const edit = await db()
      .selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'invoice_updated')
      .executeTakeFirstOrThrow();
    assert.deepEqual([edit.content.external_id, edit.content.effective_on], ['NF-2', '2026-12-08']);
  });
});
