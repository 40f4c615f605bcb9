import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvField, csvLine } from './csv-format.ts';
import { writePortfolioCsv } from './csv-writer.ts';
import { generatePortfolio } from './portfolio.ts';
import { customerColumns, invoiceColumns, paymentColumns } from './rows.ts';

describe('CSV format (RFC 4180)', () => {
  it('quotes only fields that need it, doubling inner quotes', () => {
    assert.equal(csvField('Padaria Pão de Mel Ltda'), 'Padaria Pão de Mel Ltda');
    assert.equal(csvField('Martin & Sons Pharmacy, Inc.'), '"Martin & Sons Pharmacy, Inc."');
    assert.equal(csvField('Bar "El Olivo" S.L.'), '"Bar ""El Olivo"" S.L."');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(''), '');
  });

  it('ends records with CRLF', () => {
    assert.equal(csvLine(['a', 'b,c', '']), 'a,"b,c",\r\n');
  });
});

describe('writePortfolioCsv', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('writes the three contract files with header rows that a CSV parser reads back unchanged', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'regua-demo-')), 'nested');
    dirs.push(dir);
    const portfolio = generatePortfolio({ seed: 11, customers: 120, asOf: '2026-11-22' });
    assert.ok(
      portfolio.customers.some((c) => /[",]/.test(c.name)),
      'the sample has names that need quoting',
    );

    const paths = await writePortfolioCsv(portfolio, dir);
    assert.deepEqual(paths, { customers: join(dir, 'customers.csv'), invoices: join(dir, 'invoices.csv'), payments: join(dir, 'payments.csv') });

    const cases = [
      [paths.customers, customerColumns, portfolio.customers],
      [paths.invoices, invoiceColumns, portfolio.invoices],
      [paths.payments, paymentColumns, portfolio.payments],
    ] as const;
    for (const [path, columns, rows] of cases) {
      const text = await readFile(path, 'utf8');
      assert.equal(text.split('\r\n')[0], columns.join(','), 'header row in the DESIGN.md order');
      const records = parse(text, { columns: true }) as Record<string, string>[];
      assert.deepEqual(
        records,
        rows.map((row) => ({ ...row })),
      );
    }
  });
});
