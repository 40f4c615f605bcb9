import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { csvAmount, csvDate, guessDelimiter, parseCsvStatement } from './csv-statement.ts';
import { linesOf, problemsOf } from './fixtures/expect-statement.ts';
import type { StatementLine } from './statement.ts';

const english = readFileSync(new URL('./fixtures/extrato.csv', import.meta.url));
const brazilian = readFileSync(new URL('./fixtures/extrato-ptbr.csv', import.meta.url));

const parsed = (content: string | Buffer) => linesOf(parseCsvStatement(content));

const problems = (content: string) => problemsOf(parseCsvStatement(content));

describe('comma-separated, ISO dates, decimal point', () => {
  const lines = parsed(english);

  test('every row with its line number; credits positive, the fee a debit', () => {
    assert.deepEqual(
      lines.map((l) => [l.lineNo, l.date, l.amountMinor, l.kind]),
      [
        [2, '2026-03-02', 125000, 'credit'],
        [3, '2026-03-02', 48000, 'credit'],
        [4, '2026-03-03', -1290, 'debit'],
        [5, '2026-03-03', 5000, 'credit'],
        [6, '2026-03-03', 5000, 'credit'],
      ],
    );
  });

  test('txid from the description, reference kept, a quoted description with a comma and a CPF', () => {
    const [pix, ted] = lines as [StatementLine, StatementLine];
    assert.equal(pix.pixTxid, 'REGUA0101K7Q2M9');
    assert.equal(pix.reference, 'E60701190202603021005Ab12Cd34Ef5');
    assert.equal(ted.memo, 'TED RECEBIDA MARIA A SOUZA, CPF 123.456.789-09');
    assert.equal(ted.payerTaxId, '12345678909');
    assert.equal(ted.reference, 'NF-2026-0102');
  });

  test('two identical rows are two payments; an export that overlaps gives the same fingerprints', () => {
    assert.notEqual(lines[3]?.fingerprint, lines[4]?.fingerprint);
    const overlap = [
      'date,amount,description,reference',
      '2026-03-03,50.00,PIX RECEBIDO JOAO,',
      '2026-03-03,50.00,PIX RECEBIDO JOAO,',
      '2026-03-04,9.00,X,',
    ].join('\n');
    assert.deepEqual(
      parsed(overlap)
        .slice(0, 2)
        .map((l) => l.fingerprint),
      [lines[3]?.fingerprint, lines[4]?.fingerprint],
    );
  });

  test('re-parsing yields identical lines', () => {
    assert.deepEqual(parsed(english.toString('utf8')), lines);
  });
});

describe('semicolon-separated, DD/MM/YYYY, decimal comma (pt-BR)', () => {
  const lines = parsed(brazilian);

  test('accented header names, thousands dots, a quoted semicolon, CRLF', () => {
    assert.deepEqual(
      lines.map((l) => [l.lineNo, l.date, l.amountMinor, l.memo, l.reference]),
      [
        [2, '2026-03-02', 125000, 'PIX RECEBIDO PADARIA BOM PAO', 'NF-2026-0101'],
        [3, '2026-03-02', 196000, 'PIX RECEBIDO; OFICINA DO ZE', 'NF-2026-0103'],
        [4, '2026-03-03', -1290, 'TARIFA PACOTE SERVICOS', undefined],
      ],
    );
  });

  test('Windows-1252 bytes with a BOM-less header decode the same', () => {
    const latin = Buffer.from(brazilian.toString('utf8'), 'latin1');
    assert.deepEqual(parsed(latin), lines);
  });

  test('a UTF-8 BOM and a UTF-16 export decode the same', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), brazilian]);
    assert.deepEqual(parsed(withBom), lines);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(brazilian.toString('utf8'), 'utf16le')]);
    assert.deepEqual(parsed(utf16), lines);
  });
});

describe('optional columns and forced dialects', () => {
  test('payer name and payer tax id columns', () => {
    const [line] = parsed('Data;Valor;Histórico;Documento;Pagador;CPF/CNPJ\n02/03/2026;100,00;PIX;123;Maria Souza;123.456.789-09\n');
    assert.equal(line?.payerName, 'Maria Souza');
    assert.equal(line?.payerTaxId, '12345678909');
    assert.equal(line?.reference, '123');
  });

  test('delimiter, decimal and currency can be forced', () => {
    const result = parseCsvStatement('date|amount\n', { delimiter: ',' });
    assert.equal(result.ok, false);
    const usd = parseCsvStatement('date\tamount\n2026-03-02\t1,234.50\n', { delimiter: '\t', decimal: 'point', currency: 'USD' });
    assert.ok(usd.ok);
    assert.deepEqual([usd.value.currency, usd.value.lines[0]?.amountMinor], ['USD', 123450]);
  });
});

describe('parseCsvStatement rejects bad files naming line and field', () => {
  test('bad dates and amounts, each with its line', () => {
    const file = 'date,amount,description\n2026-02-30,10.00,a\n2026-03-01,ten,b\n\n03/03/2026,,c\n';
    assert.deepEqual(problems(file), [
      { line: 2, field: 'date', message: 'date must be YYYY-MM-DD or DD/MM/YYYY, found "2026-02-30"' },
      { line: 3, field: 'amount', message: 'amount must be a decimal number like 1234.56, found "ten"' },
      { line: 5, field: 'amount', message: 'amount is empty' },
    ]);
  });

  test('a header without date or amount', () => {
    assert.deepEqual(problems('when,how much\n2026-01-01,1\n'), [
      { line: 1, field: 'header', message: 'the header must name a date and an amount column (date,amount,description,reference), found "when,how much"' },
    ]);
  });

  test('an empty file, an unknown currency, a quote left open', () => {
    assert.deepEqual(problems(''), [{ line: 1, field: 'header', message: 'the file is empty; a header row date,amount,description,reference is required' }]);
    assert.equal(parseCsvStatement('date,amount\n', { currency: 'XXY' }).ok, false);
    assert.deepEqual(problems('date,amount,description\n2026-03-01,1.00,"open\n2026-03-02,2.00,x\n'), [{ line: 2, message: 'a quoted field is never closed' }]);
  });
});

describe('csvAmount, csvDate, guessDelimiter', () => {
  test('amount forms of bank spreadsheets', () => {
    const cases: [string, 'point' | 'comma', number][] = [
      ['1.234,56', 'comma', 123456],
      ['R$ 1.234,56', 'comma', 123456],
      ['-12,90', 'comma', -1290],
      ['12,90-', 'comma', -1290],
      ['(12,90)', 'comma', -1290],
      ['12,90 D', 'comma', -1290],
      ['1.250,00 C', 'comma', 125000],
      ['1,234.56', 'point', 123456],
      ['+7.5', 'point', 750],
      ['12,345', 'point', 1234500],
      ['-0.00', 'point', 0],
    ];
    for (const [text, style, minor] of cases) assert.deepEqual(csvAmount(text, 'BRL', style), { ok: true, minor }, text);
    for (const text of ['', '-', 'R$', '1.2.3', '12,34', '1e3', '--5']) assert.equal(csvAmount(text, 'BRL', 'point').ok, false, text);
  });

  test('dates', () => {
    assert.equal(csvDate('2026-03-02'), '2026-03-02');
    assert.equal(csvDate('2026-03-02T10:00:00-03:00'), '2026-03-02');
    assert.equal(csvDate('02/03/2026'), '2026-03-02');
    assert.equal(csvDate('02/03/2026 10:00'), '2026-03-02');
    for (const text of ['03/02/26', '2026/03/02', '31/04/2026', '2026-3-2', '']) assert.equal(csvDate(text), undefined, text);
  });

  test('the delimiter is the most frequent separator of the header, outside quotes', () => {
    assert.equal(guessDelimiter('a,b;c,d'), ',');
    assert.equal(guessDelimiter('"a,b";c;d'), ';');
    assert.equal(guessDelimiter('a\tb\tc'), '\t');
    assert.equal(guessDelimiter('\n\nx;y'), ';');
  });
});
