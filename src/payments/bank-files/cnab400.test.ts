import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseCnab400 } from './cnab400.ts';
import { joinRecords, overwrite, recordsOf } from './fixtures/fixed-width-builder.ts';
import { brl, linesOf, problemsOf } from './fixtures/expect-statement.ts';
import type { StatementLine } from './statement.ts';

const fixture = readFileSync(new URL('./fixtures/cnab400-retorno-bradesco.ret', import.meta.url));
const text = fixture.toString('latin1');
const records = recordsOf(text);

const parsed = (content: string | Buffer) => linesOf(parseCnab400(content));

const problems = (content: string) => problemsOf(parseCnab400(content));

function edited(edits: Record<number, (record: string) => string>): string {
  return joinRecords(
    records.map((record, i) => edits[i + 1]?.(record) ?? record),
    '\n',
  );
}

describe('the fixture follows the Bradesco positions', () => {
  const at = (line: number, start: number, end: number): string => (records[line - 1] ?? '').slice(start - 1, end);

  test('header 0, four details 1, trailer 9, numbered 1 to 6 in 395-400, LF ends', () => {
    assert.ok(text.endsWith('\n') && !text.includes('\r'));
    assert.deepEqual(
      records.map((r) => r.length),
      [400, 400, 400, 400, 400, 400],
    );
    assert.equal(records.map((r) => r[0]).join(''), '011119');
    assert.deepEqual(
      records.map((r) => r.slice(394)),
      ['000001', '000002', '000003', '000004', '000005', '000006'],
    );
    assert.equal(at(1, 1, 26), '02RETORNO01COBRANCA       ');
    assert.equal(at(1, 77, 79), '237');
  });

  test('the late payment: occurrence, nosso número, face value, paid amount, interest', () => {
    assert.equal(at(3, 109, 116), '06020326');
    assert.equal(at(3, 71, 82), '00000000202P');
    assert.equal(at(3, 153, 165), '0000000100000');
    assert.equal(at(3, 254, 266), '0000000101200');
    assert.equal(at(3, 267, 279), '0000000001200');
    assert.equal(at(3, 296, 301), '030326');
  });
});

describe('parseCnab400 reads a Bradesco retorno', () => {
  const lines = parsed(fixture);

  test('liquidações 06 and 17 are settlements, the entrada confirmada 02 is info', () => {
    assert.deepEqual(
      lines.map((l) => [l.lineNo, l.movementCode, l.kind]),
      [
        [2, '06', 'settlement'],
        [3, '06', 'settlement'],
        [4, '02', 'info'],
        [5, '17', 'settlement'],
      ],
    );
    const result = parseCnab400(fixture);
    assert.ok(result.ok);
    assert.equal(result.value.bankCode, '237');
    assert.equal(result.value.format, 'cnab400');
  });

  test('a late payment: every field', () => {
    const { fingerprint, ...line } = lines[1] as StatementLine;
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.deepEqual(line, {
      lineNo: 3,
      date: '2026-03-02',
      amountMinor: brl('1000.00') + brl('12.00'),
      kind: 'settlement',
      nossoNumero: '00000000202',
      documentNumber: 'NF20260202',
      memo: 'INV-0202',
      movementCode: '06',
      feesMinor: brl('1.95'),
      boleto: {
        dueDate: '2026-02-20',
        faceValueMinor: brl('1000.00'),
        interestMinor: brl('12.00'),
        discountMinor: 0,
        rebateMinor: 0,
        iofMinor: 0,
        otherExpensesMinor: 0,
        otherCreditsMinor: 0,
        occurrenceDate: '2026-03-02',
        creditDate: '2026-03-03',
        reasonCodes: [],
      },
    });
  });

  test('re-parsing gives the same fingerprints; each occurrence has its own', () => {
    assert.deepEqual(parsed(joinRecords(records, '\r\n')), lines);
    assert.equal(new Set(lines.map((l) => l.fingerprint)).size, 4);
  });
});

describe('parseCnab400 rejects bad files naming line and field', () => {
  test('lines longer than 400 characters; a cut one is read padded, and its missing sequence number is the problem', () => {
    assert.deepEqual(problems(joinRecords(records.map((r, i) => (i === 2 ? `${r}  ` : r)))), [
      { line: 3, field: 'length', message: 'line has 402 characters; CNAB 400 records have exactly 400' },
    ]);
    assert.deepEqual(problems(joinRecords(records.map((r, i) => (i === 2 ? r.slice(0, 240) : r)))), [
      { line: 3, field: 'sequence', message: 'sequence (positions 395-400) must be digits, found "      "' },
    ]);
  });

  test('a bank without a CNAB 400 layout, a remessa', () => {
    const found = problems(edited({ 1: (r) => overwrite(overwrite(r, 77, 79, '999'), 2, 2, '1') }));
    assert.deepEqual(
      found.map((p) => [p.line, p.field]),
      [
        [1, 'file_code'],
        [1, 'bank_code'],
      ],
    );
    assert.equal(
      found[1]?.message,
      'bank code (positions 077-079) is "999": CNAB 400 retornos are read for Banco do Brasil (001), Santander (033), Banrisul (041), Caixa (104), Unicred (136), Bradesco (237), Itaú (341), Sicoob (756), Sicredi (748)',
    );
  });

  test('a broken sequence, a bad paid amount, an impossible date', () => {
    const found = problems(
      edited({
        2: (r) => overwrite(r, 254, 266, '00000000999.0'),
        4: (r) => overwrite(r, 395, 400, '000007'),
        5: (r) => overwrite(r, 111, 116, '300226'),
      }),
    );
    assert.deepEqual(found, [
      { line: 4, field: 'sequence', message: 'record sequence (positions 395-400) is 7, expected 4' },
      { line: 2, field: 'paid_amount', message: 'paid_amount (positions 254-266) must be an amount in digits with 2 implied decimals, found "00000000999.0"' },
      { line: 5, field: 'occurrence_date', message: 'occurrence_date (positions 111-116) must be a date DDMMAA, found "300226"' },
    ]);
  });

  test('no trailer', () => {
    assert.deepEqual(problems(joinRecords(records.slice(0, 5))), [
      { line: 5, field: 'record_type', message: 'the file ends without a trailer (record type 9)' },
    ]);
  });
});
