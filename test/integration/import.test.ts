import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import { importFile } from '../../src/use-cases/import/import-file.ts';
import { customersImport } from '../../src/use-cases/import/import-customers.ts';
import { invoicesImport } from '../../src/use-cases/import/import-invoices.ts';
import { paymentsImport } from '../../src/use-cases/import/import-payments.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { csv, tempFile } from '../support/files.ts';

const customerHeader = 'external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit';
const invoiceHeader = 'external_id,customer_external_id,issue_date,due_date,amount,currency,description';
const paymentHeader = 'external_id,customer_external_id,invoice_external_id,date,amount,currency,method,reference';

const customersCsv = csv([
  customerHeader,
  'C1,Padaria Pão de Mel Ltda,11.222.333/0001-81,financeiro@paodemel.com.br,+55 11 3333-4444,+55 11 91234-5678,pt-BR,America/Sao_Paulo,BR,retail,5000.00',
  'C2,"Souza, Maria Aparecida",529.982.247-25,maria@example.com,,,,,BR,,',
  'C3,Blue Ridge Hardware LLC,12-3456789,ap@blueridge.example,(555) 010-2000,,en,America/New_York,US,wholesale,',
]);

async function counts(db: Db, organisationId: string) {
  const n = async (table: 'customers' | 'contacts' | 'invoices' | 'payments' | 'allocations') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    customers: await n('customers'),
    contacts: await n('contacts'),
    invoices: await n('invoices'),
    payments: await n('payments'),
    allocations: await n('allocations'),
  };
}

describeEachEngine('CSV import', (database) => {
  let orgId: string;
  before(async () => {
    orgId = (await createOrganisation(database().db, { slug: 'acme', name: 'Acme Cobranças' })).id;
  });

  it('imports customers with validated tax ids and contacts, and a second import changes nothing', async () => {
    const db = database().db;
    const path = tempFile('customers.csv', customersCsv);
    const first = await importFile(db, orgId, customersImport, path);
    assert.equal(first.errorCount, 0, JSON.stringify(first.errors));
    assert.deepEqual([first.rows, first.inserted, first.updated, first.unchanged], [3, 3, 0, 0]);
    const c2 = await db.selectFrom('customers').selectAll().where('organisation_id', '=', orgId).where('external_id', '=', 'C2').executeTakeFirstOrThrow();
    assert.deepEqual(
      [c2.name, c2.tax_id, c2.tax_id_kind, c2.party_type, c2.language, c2.timezone],
      ['Souza, Maria Aparecida', '52998224725', 'cpf', 'consumer', 'pt-BR', 'America/Sao_Paulo'],
    );
    const c1Contacts = await db
      .selectFrom('contacts')
      .innerJoin('customers', (j) => j.onRef('customers.id', '=', 'contacts.customer_id').onRef('customers.organisation_id', '=', 'contacts.organisation_id'))
      .select(['contacts.channel', 'contacts.address'])
      .where('customers.external_id', '=', 'C1')
      .orderBy('contacts.channel')
      .execute();
    assert.deepEqual(c1Contacts, [
      { channel: 'email', address: 'financeiro@paodemel.com.br' },
      { channel: 'phone', address: '+551133334444' },
      { channel: 'whatsapp', address: '+5511912345678' },
    ]);
    const before = await counts(db, orgId);
    const again = await importFile(db, orgId, customersImport, path);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 3]);
    assert.deepEqual(await counts(db, orgId), before);
  });

  it('updates a changed customer on re-import (upsert by external_id)', async () => {
    const db = database().db;
    const changed = customersCsv.replace('Blue Ridge Hardware LLC', 'Blue Ridge Hardware Inc');
    const result = await importFile(db, orgId, customersImport, tempFile('customers.csv', changed));
    assert.deepEqual([result.inserted, result.updated, result.unchanged], [0, 1, 2]);
    const c3 = await db.selectFrom('customers').select('name').where('organisation_id', '=', orgId).where('external_id', '=', 'C3').executeTakeFirstOrThrow();
    assert.equal(c3.name, 'Blue Ridge Hardware Inc');
  });

  it('rejects a bad file whole, naming every bad row, column and reason', async () => {
    const db = database().db;
    const before = await counts(db, orgId);
    const path = tempFile(
      'invoices.csv',
      csv([
        invoiceHeader,
        'I1,C1,2026-09-01,2026-10-01,100.00,BRL,ok row',
        'I2,C1,2026-09-31,2026-10-01,100.00,BRL,bad date',
        'I3,C1,2026-09-01,2026-10-01,-5.00,BRL,negative',
        'I4,C1,2026-09-01,2026-10-01,12.345,BRL,too many decimals',
        'I5,C9,2026-09-01,2026-10-01,10.00,BRL,unknown customer',
        'I1,C1,2026-09-01,2026-10-01,100.00,BRL,duplicate id',
        'I6,C1,2026-09-01,2026-10-01,10.00,XYZ,unknown currency',
        'I7,C1,2026-09-01,2026-10-01,10.00',
        'I8,C1,2026-10-01,2026-09-01,10.00,BRL,due before issue',
      ]),
    );
    const result = await importFile(db, orgId, invoicesImport, path);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.column, e.reason]),
      [
        [3, 'issue_date', '"2026-09-31" is not a date in the form YYYY-MM-DD'],
        [4, 'amount', 'must be positive (got -5.00)'],
        [5, 'amount', '"12.345" has more than 2 decimal places for BRL'],
        [8, 'currency', '"XYZ" is not an ISO 4217 currency code'],
        [9, null, 'has 5 columns, the header has 7'],
        [10, 'due_date', '2026-09-01 is before the issue date 2026-10-01'],
      ],
    );
    assert.deepEqual(await counts(db, orgId), before, 'nothing written');
  });

  it('reports cross-row and database problems once the rows themselves are valid', async () => {
    const db = database().db;
    const path = tempFile(
      'invoices.csv',
      csv([
        invoiceHeader,
        'I1,C1,2026-09-01,2026-10-01,100.00,BRL,ok',
        'I5,C9,2026-09-01,2026-10-01,10.00,BRL,unknown customer',
        'I1,C1,2026-09-01,2026-10-01,100.00,BRL,duplicate',
      ]),
    );
    const result = await importFile(db, orgId, invoicesImport, path);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.column, e.reason]),
      [
        [3, 'customer_external_id', 'unknown customer "C9"'],
        [4, 'external_id', 'duplicate external_id "I1" (first on line 2)'],
      ],
    );
    assert.equal((await counts(db, orgId)).invoices, 0);
  });

  it('rejects a wrong header and a file that is not UTF-8', async () => {
    const db = database().db;
    await assert.rejects(
      importFile(db, orgId, invoicesImport, tempFile('bad.csv', csv(['id,customer,amount', '1,2,3']))),
      /line 1 \(header\): missing columns external_id, customer_external_id, issue_date, due_date, currency, description; unknown columns id, customer/,
    );
    const latin1 = Buffer.concat([
      Buffer.from(`${invoiceHeader}\nI1,C1,2026-09-01,2026-10-01,100.00,BRL,Manuten`),
      Buffer.from([0xe7, 0xe3]),
      Buffer.from('o\n'),
    ]);
    const result = await importFile(db, orgId, invoicesImport, tempFile('latin1.csv', latin1));
    assert.deepEqual(result.errors, [{ line: 2, column: 'description', reason: 'is not valid UTF-8 text (save the file as UTF-8)' }]);
  });

  it('accepts semicolons, pt-BR decimals and a BOM; dry run writes nothing', async () => {
    const db = database().db;
    const content = `\uFEFF${csv([
      invoiceHeader.replaceAll(',', ';'),
      'I1;C1;2026-09-01;2026-10-01;1.234,56;BRL;Pão e café',
      'I2;C1;2026-10-01;2026-11-01;100,00;BRL;',
      'I3;C2;2026-08-01;2026-08-31;50,00;BRL;',
      'U1;C3;2026-06-01;2026-07-01;99,99;USD;',
    ])}`;
    const path = tempFile('invoices-br.csv', content);
    const dry = await importFile(db, orgId, invoicesImport, path, { dryRun: true });
    assert.deepEqual([dry.errorCount, dry.inserted, dry.dryRun], [0, 4, true]);
    assert.equal((await counts(db, orgId)).invoices, 0);
    const real = await importFile(db, orgId, invoicesImport, path);
    assert.deepEqual([real.inserted, real.updated, real.unchanged], [4, 0, 0]);
    const i1 = await db
      .selectFrom('invoices')
      .select(['amount_minor', 'description'])
      .where('organisation_id', '=', orgId)
      .where('external_id', '=', 'I1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(i1, { amount_minor: 123456, description: 'Pão e café' });
    const again = await importFile(db, orgId, invoicesImport, path);
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 4]);
  });

  it('imports payments: named invoice first, the rest oldest first; re-import is a no-op; changed money is refused', async () => {
    const db = database().db;
    const path = tempFile('payments.csv', csv([paymentHeader, 'P1,C1,I2,2026-11-05,150.00,BRL,pix,E2E-1', 'P2,C2,,2026-09-10,20.00,BRL,boleto,']));
    const result = await importFile(db, orgId, paymentsImport, path);
    assert.equal(result.errorCount, 0, JSON.stringify(result.errors));
    assert.equal(result.inserted, 2);
    const invoice = async (id: string) =>
      db.selectFrom('invoices').select(['paid_minor', 'status']).where('organisation_id', '=', orgId).where('external_id', '=', id).executeTakeFirstOrThrow();
    // P1: 100.00 to I2 (named, fully paid), the remaining 50.00 to the oldest open invoice I1.
    assert.deepEqual(await invoice('I2'), { paid_minor: 10000, status: 'paid' });
    assert.deepEqual(await invoice('I1'), { paid_minor: 5000, status: 'open' });
    assert.deepEqual(await invoice('I3'), { paid_minor: 2000, status: 'open' });
    const before = await counts(db, orgId);
    const again = await importFile(db, orgId, paymentsImport, path);
    assert.deepEqual([again.inserted, again.unchanged, again.errorCount], [0, 2, 0]);
    assert.deepEqual(await counts(db, orgId), before);

    const changed = await importFile(
      db,
      orgId,
      paymentsImport,
      tempFile(
        'payments.csv',
        csv([paymentHeader, 'P1,C1,I2,2026-11-05,151.00,BRL,pix,E2E-1', 'P3,C1,I9,2026-11-05,1.00,BRL,,', 'P4,C3,I1,2026-11-05,1.00,USD,,']),
      ),
    );
    assert.deepEqual(
      changed.errors.map((e) => [e.line, e.column]),
      [
        [2, 'external_id'],
        [3, 'invoice_external_id'],
        [4, 'invoice_external_id'],
        [4, 'currency'],
      ],
    );
    assert.deepEqual(await counts(db, orgId), before);
  });
});

// Files of more than one staging batch (5,000 rows): a problem in a late batch is reported
// with its line and nothing of the earlier batches is written.
describeEachEngine('CSV import of a file larger than one batch', (database) => {
  let orgId: string;
  const big = (extra: string[] = []) => {
    const lines = Array.from(
      { length: 12_000 },
      (_, i) => `B${String(i + 1).padStart(5, '0')},${i % 2 ? 'C1' : 'C2'},2026-09-01,2026-10-01,${(100 + (i % 50)).toFixed(2)},BRL,batch ${i}`,
    );
    lines.splice(11_000, 0, ...extra);
    return tempFile('big.csv', csv([invoiceHeader, ...lines]));
  };

  before(async () => {
    const db = database().db;
    orgId = (await createOrganisation(db, { slug: 'batches', name: 'Lotes Ltda' })).id;
    await importFile(db, orgId, customersImport, tempFile('customers.csv', customersCsv));
    await importFile(db, orgId, invoicesImport, tempFile('x1.csv', csv([invoiceHeader, 'X1,C1,2026-09-01,2026-10-01,100.00,BRL,paid in part'])));
    await importFile(db, orgId, paymentsImport, tempFile('p.csv', csv([paymentHeader, 'P1,C1,X1,2026-10-05,60.00,BRL,pix,'])));
  });

  it('rejects problems in a late batch, naming them, and writes nothing of the earlier batches', async () => {
    const db = database().db;
    const result = await importFile(
      db,
      orgId,
      invoicesImport,
      big(['X1,C1,2026-09-01,2026-10-01,50.00,BRL,below what was paid', 'B00001,C2,2026-09-01,2026-10-01,100.00,BRL,again']),
    );
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.column, e.reason]),
      [
        [11_002, 'amount', 'is below the 6000 minor units already paid on invoice "X1"'],
        [11_003, 'external_id', 'duplicate external_id "B00001" (first on line 2)'],
      ],
    );
    assert.equal((await counts(db, orgId)).invoices, 1);
    const x1 = await db
      .selectFrom('invoices')
      .select(['amount_minor', 'paid_minor'])
      .where('organisation_id', '=', orgId)
      .where('external_id', '=', 'X1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(x1, { amount_minor: 10_000, paid_minor: 6000 });
  });

  it('imports every batch, then a re-import changes nothing and one changed row is one update', async () => {
    const db = database().db;
    const first = await importFile(db, orgId, invoicesImport, big());
    assert.deepEqual([first.errorCount, first.inserted, first.updated, first.unchanged], [0, 12_000, 0, 0]);
    assert.equal((await counts(db, orgId)).invoices, 12_001);
    const again = await importFile(db, orgId, invoicesImport, big());
    assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 12_000]);
    const changed = await importFile(db, orgId, invoicesImport, big(['X1,C1,2026-09-01,2026-10-15,100.00,BRL,due date moved']));
    assert.deepEqual([changed.inserted, changed.updated, changed.unchanged], [0, 1, 12_000]);
  });
});
