import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseCnab240 } from './cnab240.ts';
import { cnab240Retorno, CNAB240_TITLES } from './fixtures/build.ts';
import { joinRecords, overwrite, recordsOf } from './fixtures/fixed-width-builder.ts';
import { brl, linesOf, problemsOf } from './fixtures/expect-statement.ts';
import type { StatementLine } from './statement.ts';

const fixture = readFileSync(new URL('./fixtures/cnab240-retorno-bb.ret', import.meta.url));
const text = fixture.toString('latin1');
const records = recordsOf(text);

const parsed = (content: string | Buffer) => linesOf(parseCnab240(content));

const problems = (content: string) => problemsOf(parseCnab240(content));

/** The edited fixture: `edits` maps a 1-based line number to its new record. */
function edited(edits: Record<number, (record: string) => string>): string {
  return joinRecords(records.map((record, i) => edits[i + 1]?.(record) ?? record));
}

describe('the fixture follows the FEBRABAN positions', () => {
  // Read straight off the text, so a builder mistake cannot hide behind a matching parser mistake.
  const at = (line: number, start: number, end: number): string => (records[line - 1] ?? '').slice(start - 1, end);

  test('records are 240 characters with CRLF ends, in the order 0 1 (3 T, 3 U)×5 5 9', () => {
    assert.ok(text.endsWith('\r\n'));
    assert.deepEqual(
      records.map((r) => r.length),
      Array.from({ length: 14 }, () => 240),
    );
    assert.equal(records.map((r) => r[7]).join(''), '01333333333359');
    assert.equal(
      records
        .slice(2, 12)
        .map((r) => r[13])
        .join(''),
      'TUTUTUTUTU',
    );
  });

  test('segment T and U of the late payment (second title)', () => {
    assert.equal(at(5, 16, 17), '06');
    assert.equal(at(5, 38, 57), '12345670000000102   ');
    assert.equal(at(5, 59, 73), 'NF-2026-0102   ');
    assert.equal(at(5, 74, 81), '20022026');
    assert.equal(at(5, 82, 96), '000000000048000');
    assert.equal(at(5, 133, 148), '1000012345678909');
    assert.equal(at(6, 18, 32), '000000000001234');
    assert.equal(at(6, 78, 92), '000000000049234');
    assert.equal(at(6, 93, 107), '000000000048984');
    assert.equal(at(6, 138, 153), '0203202603032026');
  });

  test('trailers count 12 records in the lot and 14 in the file', () => {
    assert.equal(at(13, 18, 23), '000012');
    assert.equal(at(14, 4, 7), '9999');
    assert.equal(at(14, 18, 29), '000001000014');
  });
});

describe('parseCnab240 reads the retorno', () => {
  const lines = parsed(fixture);

  test('five titles: three liquidações (06), one entrada confirmada (02) kept as info, one liquidação após baixa (17)', () => {
    assert.deepEqual(
      lines.map((l) => [l.lineNo, l.movementCode, l.kind]),
      [
        [3, '06', 'settlement'],
        [5, '06', 'settlement'],
        [7, '06', 'settlement'],
        [9, '02', 'info'],
        [11, '17', 'settlement'],
      ],
    );
    const result = parseCnab240(fixture);
    assert.ok(result.ok);
    assert.equal(result.value.format, 'cnab240');
    assert.equal(result.value.bankCode, '001');
    assert.equal(result.value.currency, 'BRL');
  });

  test('a payment on time: every field of T and U', () => {
    const { fingerprint, ...line } = lines[0] as StatementLine;
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.deepEqual(line, {
      lineNo: 3,
      date: '2026-03-02',
      amountMinor: brl('1250.00'),
      kind: 'settlement',
      nossoNumero: '12345670000000101',
      documentNumber: 'NF-2026-0101',
      payerName: 'PADARIA BOM PAO LTDA',
      payerTaxId: '11222333000181',
      memo: 'INV-0101',
      movementCode: '06',
      feesMinor: brl('2.50'),
      boleto: {
        dueDate: '2026-02-27',
        faceValueMinor: brl('1250.00'),
        interestMinor: 0,
        discountMinor: 0,
        rebateMinor: 0,
        iofMinor: 0,
        otherExpensesMinor: 0,
        otherCreditsMinor: 0,
        creditedMinor: brl('1250.00') - brl('2.50'),
        occurrenceDate: '2026-03-02',
        creditDate: '2026-03-03',
        reasonCodes: ['04'],
      },
    });
  });

  test('a late payment: the amount is what the payer paid, face value plus interest; a CPF payer', () => {
    const line = lines[1] as StatementLine;
    assert.equal(line.amountMinor, brl('480.00') + brl('12.34'));
    assert.equal(line.boleto?.faceValueMinor, brl('480.00'));
    assert.equal(line.boleto?.interestMinor, brl('12.34'));
    assert.equal(line.boleto?.creditedMinor, brl('492.34') - brl('2.50'));
    assert.equal(line.payerTaxId, '12345678909');
    assert.equal(line.boleto?.dueDate, '2026-02-20');
  });

  test('a payment with discount', () => {
    const line = lines[2] as StatementLine;
    assert.equal(line.amountMinor, brl('2000.00') - brl('40.00'));
    assert.equal(line.boleto?.discountMinor, brl('40.00'));
    assert.equal(line.date, '2026-03-03');
    assert.equal(line.boleto?.creditDate, '2026-03-04');
  });

  test('the entrada confirmada has no money and no credit date (00000000)', () => {
    const line = lines[3] as StatementLine;
    assert.equal(line.amountMinor, 0);
    assert.equal(line.boleto?.creditDate, undefined);
    assert.equal(line.boleto?.faceValueMinor, brl('730.50'));
    assert.deepEqual(line.boleto?.reasonCodes, []);
  });

  test('re-parsing, from text or bytes, with LF or CRLF, gives identical lines and fingerprints', () => {
    assert.deepEqual(parsed(text), lines);
    assert.deepEqual(parsed(joinRecords(records, '\n')), lines);
    assert.deepEqual(parsed(Buffer.from(text, 'latin1')), lines);
    assert.equal(new Set(lines.map((l) => l.fingerprint)).size, lines.length);
  });

  test('the fingerprint changes with the fields that identify a payment and with nothing else', () => {
    const base = lines[0] as StatementLine;
    const firstOnly = (file: string): string => (parsed(file)[0] as StatementLine).fingerprint;
    // another payer name or fee does not make it another payment
    assert.equal(firstOnly(edited({ 3: (r) => overwrite(r, 149, 188, 'PADARIA BOM PAO'.padEnd(40)) })), base.fingerprint);
    assert.equal(firstOnly(edited({ 3: (r) => overwrite(r, 199, 213, '000000000000300') })), base.fingerprint);
    // another date or amount does
    assert.notEqual(firstOnly(edited({ 4: (r) => overwrite(r, 138, 145, '05032026') })), base.fingerprint);
    assert.notEqual(firstOnly(edited({ 4: (r) => overwrite(r, 78, 92, '000000000125001') })), base.fingerprint);
  });

  test('accented payer names in Windows-1252 bytes keep 240 characters', () => {
    const withAccent = edited({ 5: (r) => overwrite(r, 149, 188, 'JOSÉ DA CONCEIÇÃO'.padEnd(40)) });
    const line = parsed(Buffer.from(withAccent, 'latin1'))[1] as StatementLine;
    assert.equal(line.payerName, 'JOSÉ DA CONCEIÇÃO');
  });

  test('settlement codes can be configured (a bank whose 17 is not a payment)', () => {
    const result = parseCnab240(fixture, { settlementCodes: ['06'] });
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.lines.map((l) => l.kind),
      ['settlement', 'settlement', 'settlement', 'info', 'info'],
    );
  });

  test('the payment date falls back to the credit date when the occurrence date is zero', () => {
    const line = parsed(edited({ 4: (r) => overwrite(r, 138, 145, '00000000') }))[0] as StatementLine;
    assert.equal(line.date, '2026-03-03');
    assert.equal(line.boleto?.occurrenceDate, undefined);
  });

  test('segments other than T and U (an optional Y) are skipped but counted', () => {
    const y = overwrite(overwrite(records[3] as string, 14, 14, 'Y'), 9, 13, '00003');
    const renumber = (r: string, n: number): string => overwrite(r, 9, 13, String(n).padStart(5, '0'));
    const withY = [
      ...records.slice(0, 4),
      y,
      ...records.slice(4, 12).map((r, i) => renumber(r, i + 4)),
      overwrite(records[12] as string, 18, 23, '000013'),
      overwrite(records[13] as string, 24, 29, '000015'),
    ];
    assert.deepEqual(
      parsed(joinRecords(withY)).map((l) => l.lineNo),
      [3, 6, 8, 10, 12],
    );
  });
});

describe('parseCnab240 rejects bad files naming line and field', () => {
  test('a line longer than 240 characters (a shorter one is read padded with blanks)', () => {
    const file = joinRecords(records.map((r, i) => (i === 5 ? r.slice(0, 239) : i === 8 ? `${r} ` : r)));
    assert.deepEqual(problems(file), [{ line: 9, field: 'length', message: 'line has 241 characters; CNAB 240 records have exactly 240' }]);
  });

  test('an empty file', () => {
    assert.deepEqual(problems(''), [{ line: 1, message: 'the file is empty' }]);
    assert.deepEqual(problems('\r\n\r\n'), [{ line: 1, message: 'the file is empty' }]);
  });

  test('a remessa instead of a retorno', () => {
    const [problem] = problems(edited({ 1: (r) => overwrite(r, 143, 143, '1') }));
    assert.deepEqual(problem, { line: 1, field: 'file_code', message: 'this is a remessa file (code 1 at position 143), not a retorno (2)' });
  });

  test('letters in an amount, an impossible date, a bad movement code', () => {
    const found = problems(
      edited({
        4: (r) => overwrite(r, 78, 92, '0000000001250,0'),
        6: (r) => overwrite(r, 138, 145, '31022026'),
        7: (r) => overwrite(r, 16, 17, ' 6'),
      }),
    );
    assert.deepEqual(
      found.map((p) => [p.line, p.field]),
      [
        [4, 'paid_amount'],
        [6, 'occurrence_date'],
        [7, 'movement_code'],
      ],
    );
    assert.match(found[0]?.message ?? '', /paid_amount \(positions 078-092\).*"0000000001250,0"/);
    assert.match(found[1]?.message ?? '', /DDMMAAAA, found "31022026"/);
  });

  test('a segment T without its U, and a U without a T', () => {
    const withoutU = [...records.slice(0, 3), ...records.slice(4)];
    const found = problems(joinRecords(withoutU));
    assert.deepEqual(found[0], { line: 3, field: 'segment', message: 'segment T is not followed by its segment U' });
    const withoutT = [...records.slice(0, 2), ...records.slice(3)];
    assert.deepEqual(problems(joinRecords(withoutT))[0], { line: 3, field: 'segment', message: 'segment U without a segment T before it' });
  });

  test('a U whose sequence number does not follow its T', () => {
    const found = problems(edited({ 6: (r) => overwrite(r, 9, 13, '00009') }));
    assert.deepEqual(found, [{ line: 6, field: 'sequence', message: 'segment U has sequence 9 but its segment T (line 5) has 3' }]);
  });

  test('trailer counts that do not match the file', () => {
    const found = problems(
      edited({
        13: (r) => overwrite(r, 18, 23, '000011'),
        14: (r) => overwrite(overwrite(r, 18, 23, '000002'), 24, 29, '000015'),
      }),
    );
    assert.deepEqual(found, [
      { line: 13, field: 'record_count', message: 'lot trailer counts 11 records but lot 0001 has 12 (its header and trailer included)' },
      { line: 14, field: 'lot_count', message: 'file trailer counts 2 lots but the file has 1' },
      { line: 14, field: 'record_count', message: 'file trailer counts 15 records but the file has 14' },
    ]);
  });

  test('a truncated file: no lot trailer, no file trailer', () => {
    const found = problems(joinRecords(records.slice(0, 12)));
    assert.deepEqual(found, [
      { line: 2, field: 'record_type', message: 'lot 0001 has no lot trailer (record type 5)' },
      { line: 12, field: 'record_type', message: 'the file ends without a file trailer (record type 9)' },
    ]);
  });

  test('a lot of another service, a record of another bank, an unknown record type', () => {
    const found = problems(
      edited({
        2: (r) => overwrite(r, 10, 11, '20'),
        8: (r) => overwrite(r, 1, 3, '341'),
        9: (r) => overwrite(r, 8, 8, '7'),
      }),
    );
    assert.deepEqual(
      found.map((p) => [p.line, p.field]),
      [
        [2, 'service'],
        [8, 'bank_code'],
        [9, 'record_type'],
        [10, 'segment'],
      ],
    );
  });
});

test('the builder round-trips every title it is given (the fixture table)', () => {
  const lines = parsed(cnab240Retorno());
  assert.deepEqual(
    lines.map((l) => [l.nossoNumero, l.amountMinor, l.boleto?.faceValueMinor]),
    CNAB240_TITLES.map((t) => [t.nossoNumero, t.paidMinor, t.faceMinor]),
  );
});
