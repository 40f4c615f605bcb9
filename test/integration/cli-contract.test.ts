import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { customersImport } from '../../src/use-cases/import/import-customers.ts';
import { importFile, type ImportSpec } from '../../src/use-cases/import/import-file.ts';
import { invoicesImport } from '../../src/use-cases/import/import-invoices.ts';
import { paymentsImport } from '../../src/use-cases/import/import-payments.ts';
import { resolveOrganisation } from '../../src/use-cases/organisations.ts';
import { openDatabaseForCli, testEngines } from '../support/engines.ts';

const bin = new URL('../../bin/regua.js', import.meta.url).pathname;
const bcbStaticExample =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const boletoLine = '00190000090114971860168524522114675860000102656';
const customersHeader = 'external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit';
// A small known portfolio for the aging report as of 2026-11-22.
const agingCustomers = [
  customersHeader,
  'PADARIA,Padaria Central,,padaria@example.com,,,pt-BR,America/Sao_Paulo,BR,,',
  'MERCADO,Mercado Sol,,mercado@example.com,,,pt-BR,America/Sao_Paulo,BR,,',
];
const agingInvoices = [
  'external_id,customer_external_id,issue_date,due_date,amount,currency,description',
  'NF-1,PADARIA,2026-08-01,2026-08-31,1000.00,BRL,', // 83 days late on 22 Nov, 400.00 paid
  'NF-2,PADARIA,2026-10-01,2026-10-31,500.00,BRL,', // 22 days
  'NF-3,PADARIA,2026-11-10,2026-12-10,250.00,BRL,', // current
  'NF-4,MERCADO,2026-05-01,2026-06-01,3000.00,BRL,', // 174 days, 1000.00 paid
  'NF-5,MERCADO,2026-11-01,2026-11-21,120.00,USD,', // 1 day, another currency
  'NF-6,MERCADO,2026-11-23,2026-12-23,999.00,BRL,', // issued after the as-of date
];
const agingPayments = [
  'external_id,customer_external_id,invoice_external_id,date,amount,currency,method,reference',
  'P-1,PADARIA,NF-1,2026-11-15,400.00,BRL,pix,',
  'P-2,MERCADO,,2026-11-20,1000.00,BRL,pix,', // oldest BRL invoice first: NF-4
  'P-3,MERCADO,NF-5,2026-11-23,120.00,USD,wire,', // after the as-of date
];

// DESIGN.md §4 as other programs see it: the real binary, its exit codes, stdout and stderr.
for (const engine of testEngines) {
  describe(`CLI contract: parse, import, aging [${engine}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dropDatabase: (() => Promise<void>) | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'regua-contract-'));

    before(async () => {
      const opened = await openDatabaseForCli(engine, 'cli_contract');
      env = opened.env;
      dropDatabase = opened.drop;
      try {
        // The aging portfolio goes in through the import use case: a process start less per file.
        const org = await resolveOrganisation(opened.database.db);
        for (const [spec, lines] of [
          [customersImport, agingCustomers],
          [invoicesImport, agingInvoices],
          [paymentsImport, agingPayments],
        ] as const) {
          const file = join(dir, `aging-${spec.kind}.csv`);
          writeFileSync(file, `${lines.join('\n')}\n`);
          const result = await importFile(opened.database.db, org.id, spec as ImportSpec<unknown>, file);
          assert.equal(result.errorCount, 0, JSON.stringify(result.errors));
        }
      } finally {
        await opened.database.close();
      }
    });
    after(async () => {
      await dropDatabase?.();
    });

    const regua = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

    it('pix parse: the Banco Central example gives its fields (exit 0); a wrong CRC exits 1 naming the check', () => {
      const ok = regua('pix', 'parse', '--json', bcbStaticExample);
      assert.equal(ok.status, 0, ok.stderr);
      const fields = JSON.parse(ok.stdout) as Record<string, unknown>;
      assert.deepEqual(
        [fields.key, fields.merchant_name, fields.merchant_city, fields.txid, fields.crc],
        ['123e4567-e12b-12d1-a456-426655440000', 'Fulano de Tal', 'BRASILIA', '***', '1D3D'],
      );
      const bad = regua('pix', 'parse', `${bcbStaticExample.slice(0, -1)}E`);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /crc/i);
      assert.equal(bad.stdout, '');
    });

    it('boleto parse: the line gives its barcode, bank, amount and due date; a wrong check digit exits 1 naming it', () => {
      const ok = regua('boleto', 'parse', '--json', boletoLine);
      assert.equal(ok.status, 0, ok.stderr);
      const fields = JSON.parse(ok.stdout) as Record<string, unknown>;
      assert.deepEqual([fields.barcode, fields.bank_code, fields.amount], ['00196758600001026560000001149718606852452211', '001', '1026.56']);
      const bad = regua('boleto', 'parse', `${boletoLine.slice(0, -1)}7`);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /check digit/);
    });

    it('import: a bad file exits 1 with every bad row (line, column, reason) and writes nothing; a good one then imports', () => {
      const bad = join(dir, 'bad.csv');
      writeFileSync(
        bad,
        `${customersHeader}\nC1,Padaria,123,financeiro@padaria.example,,,pt-BR,America/Sao_Paulo,BR,,\nC2,Mercado,,mercado@example,,,pt-BR,America/Sao_Paulo,BR,,\n`,
      );
      const rejected = regua('import', 'customers', bad);
      assert.equal(rejected.status, 1);
      assert.match(rejected.stderr, /line 2, column tax_id: CPF must have 11 digits/);
      assert.match(rejected.stderr, /line 3, column email: .* is not an e-mail address/);
      assert.match(rejected.stderr, /nothing was imported/);
      const good = join(dir, 'good.csv');
      writeFileSync(good, `${customersHeader}\nC1,Padaria,529.982.247-25,financeiro@padaria.example,,,pt-BR,America/Sao_Paulo,BR,,\n`);
      const imported = regua('import', 'customers', good, '--json');
      assert.equal(imported.status, 0, imported.stderr);
      assert.equal((JSON.parse(imported.stdout) as { inserted: number }).inserted, 1);
    });

    it('aging on a known portfolio: JSON and CSV give the bucket amounts, totals and oldest days overdue; a later re-import leaves them', () => {
      const json = regua('aging', '--as-of', '2026-11-22', '--format', 'json');
      assert.equal(json.status, 0, json.stderr);
      const zero = { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' };
      assert.deepEqual(JSON.parse(json.stdout), {
        as_of: '2026-11-22',
        buckets: ['current', '1-30', '31-60', '61-90', '90+'],
        totals: [
          { currency: 'BRL', by_bucket: { current: '250.00', '1-30': '500.00', '31-60': '0.00', '61-90': '600.00', '90+': '2000.00' }, total: '3350.00' },
          { currency: 'USD', by_bucket: { ...zero, '1-30': '120.00' }, total: '120.00' },
        ],
        customers: [
          {
            external_id: 'MERCADO',
            name: 'Mercado Sol',
            currency: 'BRL',
            by_bucket: { ...zero, '90+': '2000.00' },
            total: '2000.00',
            oldest_days_overdue: 174,
          },
          { external_id: 'MERCADO', name: 'Mercado Sol', currency: 'USD', by_bucket: { ...zero, '1-30': '120.00' }, total: '120.00', oldest_days_overdue: 1 },
          {
            external_id: 'PADARIA',
            name: 'Padaria Central',
            currency: 'BRL',
            by_bucket: { current: '250.00', '1-30': '500.00', '31-60': '0.00', '61-90': '600.00', '90+': '0.00' },
            total: '1350.00',
            oldest_days_overdue: 83,
          },
        ],
      });
      const csv = regua('aging', '--as-of', '2026-11-22', '--format', 'csv');
      assert.equal(csv.status, 0, csv.stderr);
      assert.deepEqual(csv.stdout.trimEnd().split('\n'), [
        'external_id,name,currency,current,1-30,31-60,61-90,90+,total,oldest_days_overdue',
        'MERCADO,Mercado Sol,BRL,0.00,0.00,0.00,0.00,2000.00,2000.00,174',
        'MERCADO,Mercado Sol,USD,0.00,120.00,0.00,0.00,0.00,120.00,1',
        'PADARIA,Padaria Central,BRL,250.00,500.00,0.00,600.00,0.00,1350.00,83',
      ]);

      // 25 Nov: the ERP re-exports NF-2 at 450.00, due 30 Nov; the report of 22 Nov stays as it was.
      const changed = join(dir, 'invoices-changed.csv');
      writeFileSync(
        changed,
        `${agingInvoices.map((line) => (line.startsWith('NF-2,') ? 'NF-2,PADARIA,2026-10-01,2026-11-30,450.00,BRL,' : line)).join('\n')}\n`,
      );
      const reimport = regua('import', 'invoices', changed, '--date', '2026-11-25');
      assert.equal(reimport.status, 0, reimport.stderr);
      assert.equal(regua('aging', '--as-of', '2026-11-22', '--format', 'csv').stdout, csv.stdout);
      const after = regua('aging', '--as-of', '2026-11-25', '--format', 'csv');
      assert.match(after.stdout, /\nPADARIA,Padaria Central,BRL,700\.00,0\.00,0\.00,600\.00,0\.00,1300\.00,86\n/);

      const badDate = regua('aging', '--as-of', '22/11/2026');
      assert.equal(badDate.status, 1);
      assert.match(badDate.stderr, /--as-of "22\/11\/2026" is not a date/);
    });

    it('a reader that goes away early (regua … | head) is not an error', async () => {
      const child = spawn(process.execPath, [bin, 'pix', 'parse', bcbStaticExample], { env: { ...process.env, ...env } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(status, 0, stderr);
      assert.doesNotMatch(stderr, /EPIPE/);
    });
  });
}
