import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseCnab240 } from './cnab240.ts';
import { parseCnab400 } from './cnab400.ts';
import { parseStatement } from './detect-format.ts';
import { CNAB400_TITLES, cnab400Retorno } from './fixtures/build.ts';
import { BANK_NOSSO_NUMEROS, cnab240BankRetorno, cnab400BankRetorno, occurrencesOf, reasonsOf, sampleTitles } from './fixtures/build-banks.ts';
import { brl, linesOf, problemsOf } from './fixtures/expect-statement.ts';
import { joinRecords, overwrite, recordsOf } from './fixtures/fixed-width-builder.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

// [fixture, layout key, bank code, settlement codes beyond 06, whether the detail carries the company's control number]
const BANKS = [
  ['cnab400-retorno-itau.ret', 'cnab400-341', '341', true],
  ['cnab400-retorno-bb-convenio7.ret', 'cnab400-001', '001', true],
  ['cnab400-retorno-bb-convenio6.ret', 'cnab400-001-6', '001', true],
  ['cnab400-retorno-santander.ret', 'cnab400-033', '033', true],
  ['cnab400-retorno-banrisul.ret', 'cnab400-041', '041', true],
  ['cnab400-retorno-unicred.ret', 'cnab400-136', '136', false],
  ['cnab400-retorno-caixa.ret', 'cnab400-104', '104', true],
  ['cnab400-retorno-sicoob.ret', 'cnab400-756', '756', true],
  ['cnab400-retorno-sicredi.ret', 'cnab400-748', '748', false],
  ['cnab240-retorno-santander.ret', 'cnab240-033', '033', true],
  ['cnab240-retorno-caixa.ret', 'cnab240-104', '104', true],
  ['cnab240-retorno-itau.ret', 'cnab240-341', '341', true],
  ['cnab240-retorno-sicoob.ret', 'cnab240-756', '756', true],
  ['cnab240-retorno-ailos.ret', 'cnab240-085', '085', true],
  ['cnab240-retorno-inter.ret', 'cnab240-077', '077', true],
  ['cnab240-retorno-btg.ret', 'cnab240-208', '208', true],
  ['cnab240-retorno-sicredi.ret', 'cnab240-748', '748', true],
] as const;

describe("every bank's retorno is read at its own positions", () => {
  for (const [name, key, bankCode, hasControl] of BANKS) {
    test(`${name}: amounts, dates, fees, occurrence codes and the nosso número as issued`, () => {
      const result = parseStatement(fixture(name));
      assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.error));
      const cnab240 = key.startsWith('cnab240');
      assert.equal(result.value.format, cnab240 ? 'cnab240' : 'cnab400');
      assert.equal(result.value.bankCode, bankCode);
      const read = BANK_NOSSO_NUMEROS[key]!.read;
      const unicred = bankCode === '136';
      const { paid, entry, rejected } = occurrencesOf(key);
      assert.deepEqual(
        result.value.lines.map((l) => [
          l.movementCode,
          l.kind,
          l.nossoNumero,
          l.amountMinor,
          l.date,
          l.feesMinor,
          l.boleto?.faceValueMinor,
          l.boleto?.interestMinor,
          l.boleto?.discountMinor,
          l.boleto?.dueDate,
          l.boleto?.creditDate,
          l.boleto?.reasonCodes,
          l.memo,
          l.documentNumber,
        ]),
        [
          [
            paid,
            'settlement',
            read(1),
            brl('1250.00'),
            '2026-03-02',
            brl('2.50'),
            brl('1250.00'),
            0,
            0,
            '2026-03-02',
            unicred ? '2026-03-02' : '2026-03-03',
            [],
            hasControl ? 'INV-0101' : undefined,
            'NF0101',
          ],
          [
            paid,
            'settlement',
            read(2),
            brl('492.34'),
            '2026-03-02',
            brl('2.50'),
            brl('480.00'),
            brl('12.34'),
            0,
            '2026-02-20',
            unicred ? '2026-03-02' : '2026-03-03',
            [],
            hasControl ? 'INV-0102' : undefined,
            'NF0102',
          ],
          [
            paid,
            'settlement',
            read(3),
            brl('1960.00'),
            '2026-03-03',
            brl('2.50'),
            brl('2000.00'),
            0,
            brl('40.00'),
            '2026-03-10',
            unicred ? '2026-03-03' : '2026-03-04',
            [],
            hasControl ? 'INV-0103' : undefined,
            'NF0103',
          ],
          [
            entry,
            'info',
            read(4),
            0,
            '2026-03-02',
            0,
            brl('730.50'),
            0,
            0,
            '2026-03-31',
            unicred ? '2026-03-02' : undefined,
            [],
            hasControl ? 'INV-0104' : undefined,
            'NF0104',
          ],
          [
            rejected,
            'info',
            read(5),
            0,
            '2026-03-02',
            0,
            brl('99.00'),
            0,
            0,
            '2026-03-31',
            unicred ? '2026-03-02' : undefined,
            reasonsOf(key).read,
            hasControl ? 'INV-0105' : undefined,
            'NF0105',
          ],
        ],
      );
      if (cnab240) {
        assert.deepEqual(
          result.value.lines.slice(0, 2).map((l) => [l.payerName, l.payerTaxId, l.boleto?.creditedMinor]),
          [
            ['PADARIA BOM PAO LTDA', '11222333000181', brl('1247.50')],
            ['MARIA APARECIDA DE SOUZA', '12345678909', brl('489.84')],
          ],
        );
      }
    });
  }

  test("each bank's own liquidação codes are settlements, its other notices information", () => {
    const kinds = (bank: Parameters<typeof cnab400BankRetorno>[0], codes: string[]) => {
      const titles = codes.map((occurrence) => ({ ...sampleTitles(`cnab400-${bank}`)[0]!, occurrence }));
      return linesOf(parseCnab400(cnab400BankRetorno(bank, titles)))
        .map((l) => `${l.movementCode}:${l.kind === 'settlement' ? 'S' : 'i'}`)
        .join(' ');
    };
    assert.equal(kinds('341', ['06', '07', '08', '09', '10']), '06:S 07:S 08:S 09:i 10:i');
    assert.equal(kinds('001', ['05', '06', '07', '08', '09', '15']), '05:S 06:S 07:S 08:S 09:i 15:S');
    assert.equal(kinds('033', ['06', '07', '08', '16', '17']), '06:S 07:S 08:S 16:i 17:S');
    assert.equal(kinds('041', ['06', '08', '09', '25']), '06:S 08:S 09:i 25:S');
    assert.equal(kinds('136', ['01', '02', '06', '07', '09', '10']), '01:S 02:i 06:S 07:S 09:S 10:i');
    assert.equal(kinds('104', ['01', '02', '21', '22', '35', '99']), '01:i 02:i 21:S 22:S 35:S 99:i');
    assert.equal(kinds('756', ['02', '05', '06', '09']), '02:i 05:S 06:S 09:i');
    assert.equal(kinds('748', ['02', '03', '06', '09', '15', '16', '17', '28']), '02:i 03:i 06:S 09:i 15:S 16:i 17:S 28:i');
  });

  test("each bank's rejection codes mark the notice rejected (the bank refused the title or the instruction); others are information", () => {
    const rejected400 = (bank: Parameters<typeof cnab400BankRetorno>[0], codes: string[]) => {
      const titles = codes.map((occurrence) => ({ ...sampleTitles(`cnab400-${bank}`)[3]!, occurrence }));
      return linesOf(parseCnab400(cnab400BankRetorno(bank, titles)))
        .filter((l) => l.rejected === true)
        .map((l) => l.movementCode)
        .join(' ');
    };
    assert.equal(rejected400('341', ['02', '03', '09', '15', '16', '17']), '03 15 16 17');
    assert.equal(rejected400('001', ['02', '03', '09']), '03');
    assert.equal(rejected400('033', ['02', '03', '09']), '03');
    assert.equal(rejected400('041', ['02', '03', '09']), '03');
    assert.equal(rejected400('136', ['02', '03', '10']), '03');
    assert.equal(rejected400('104', ['01', '02', '03', '99']), '99');
    assert.equal(rejected400('756', ['02', '03', '09']), '03');
    assert.equal(rejected400('748', ['02', '03', '09', '24', '27', '30', '32']), '03 24 27 30 32');
    const bradesco = ['02', '03', '24', '27', '28', '30', '32'].map((occurrence) => ({ ...CNAB400_TITLES[2]!, occurrence }));
    assert.equal(
      linesOf(parseCnab400(cnab400Retorno(bradesco)))
        .filter((l) => l.rejected === true)
        .map((l) => l.movementCode)
        .join(' '),
      '03 24 27 30 32',
    );
    const titles240 = ['02', '03', '06', '09', '26', '30'].map((occurrence) => ({ ...sampleTitles('cnab240-756')[0]!, occurrence }));
    const lines240 = linesOf(parseCnab240(cnab240BankRetorno('756', titles240)));
    assert.deepEqual(
      lines240.map((l) => `${l.movementCode}:${l.rejected === true ? 'R' : l.kind === 'settlement' ? 'S' : 'i'}`).join(' '),
      '02:i 03:R 06:S 09:i 26:R 30:R',
    );
  });

  test('Sicredi CNAB 400: the file and credit dates as AAAAMMDD, juros and multa both interest, letter reason codes, its own trailer', () => {
    const [paid] = sampleTitles('cnab400-748');
    const records = recordsOf(cnab400BankRetorno('748', [{ ...paid!, interestMinor: 1000, paidMinor: 126500, reasons: 'A8H5' }], '2026-03-03'));
    assert.equal(records[0]!.slice(94, 102), '20260303');
    assert.equal(records[1]!.slice(328, 336), '20260303');
    assert.equal(records[2]!.slice(0, 10), '9274812345');
    const withFine = joinRecords(records.map((r, i) => (i === 1 ? overwrite(r, 280, 292, '0000000000500') : r)));
    const [line] = linesOf(parseCnab400(withFine));
    assert.deepEqual(
      [line!.amountMinor, line!.boleto?.interestMinor, line!.boleto?.creditDate, line!.boleto?.reasonCodes],
      [brl('1265.00'), brl('15.00'), '2026-03-03', ['A8', 'H5']],
    );
    // A movement without any date of its own falls back on the header's 8-digit file date.
    const undated = joinRecords(records.map((r, i) => (i === 1 ? overwrite(overwrite(r, 111, 116, '000000'), 329, 336, '00000000') : r)));
    assert.equal(linesOf(parseCnab400(undated))[0]!.date, '2026-03-03');
    // The trailer names the bank at 003-005.
    const wrongBank = joinRecords(records.map((r, i) => (i === 2 ? overwrite(r, 3, 5, '756') : r)));
    assert.deepEqual(
      problemsOf(parseCnab400(wrongBank)).map((p) => [p.line, p.field]),
      [[3, 'bank_code']],
    );
  });
});

describe('Santander CNAB 240 counts its lots its own way', () => {
  const records = recordsOf(fixture('cnab240-retorno-santander.ret').toString('latin1'));

  test('lot 7031 everywhere after the file header, the lot trailer counting the 10 detail records only', () => {
    assert.deepEqual(
      records.map((r) => r.slice(3, 8)),
      ['00000', '70311', ...Array.from({ length: 10 }, () => '70313'), '70315', '70319'],
    );
    assert.equal(records[12]!.slice(17, 23), '000010');
  });

  test('a lot trailer counting header and trailer too is refused for Santander, as 9999 would be required of FEBRABAN banks', () => {
    const found = problemsOf(parseCnab240(joinRecords(records.map((r, i) => (i === 12 ? overwrite(r, 18, 23, '000012') : r)))));
    assert.deepEqual(found, [{ line: 13, field: 'record_count', message: 'lot trailer counts 12 records but lot 7031 has 10 detail records' }]);
    const ailos = recordsOf(fixture('cnab240-retorno-ailos.ret').toString('latin1'));
    const trailerLot = problemsOf(parseCnab240(joinRecords(ailos.map((r, i) => (i === ailos.length - 1 ? overwrite(r, 4, 7, '0001') : r)))));
    assert.deepEqual(
      trailerLot.map((p) => [p.line, p.field]),
      [[14, 'lot']],
    );
  });
});

describe('distinct movements stay distinct; the same movements give the same fingerprints', () => {
  test('a boleto paid twice on one day (CNAB 400) and a title rejected twice (CNAB 240) are two lines with two fingerprints', () => {
    const [paid] = sampleTitles('cnab400-033');
    const twice = linesOf(parseCnab400(cnab400BankRetorno('033', [paid!, paid!])));
    assert.equal(twice.length, 2);
    assert.notEqual(twice[0]!.fingerprint, twice[1]!.fingerprint);
    const rejected = sampleTitles('cnab240-756')[4]!;
    const notices = linesOf(parseCnab240(cnab240BankRetorno('756', [rejected, { ...rejected, reasons: '45' }])));
    assert.notEqual(notices[0]!.fingerprint, notices[1]!.fingerprint);
  });

  test('the same movements in a file of another day have the same fingerprints; the first of a kind keeps the fingerprint it had before repeats were numbered', () => {
    const titles = sampleTitles('cnab240-756');
    const first = linesOf(parseCnab240(cnab240BankRetorno('756', [titles[0]!, titles[0]!], '2026-03-03')));
    const again = linesOf(parseCnab240(cnab240BankRetorno('756', [titles[0]!, titles[0]!], '2026-03-04')));
    assert.deepEqual(
      again.map((l) => l.fingerprint),
      first.map((l) => l.fingerprint),
    );
    const single = linesOf(parseCnab240(cnab240BankRetorno('756', [titles[0]!])));
    assert.equal(single[0]!.fingerprint, first[0]!.fingerprint);
  });
});

describe('tolerant reading, with a warning where a bank person would accept the file', () => {
  const stripped = (file: string) =>
    file
      .split('\r\n')
      .map((line) => line.trimEnd())
      .join('\r\n');

  // CNAB 400 records end with their sequence number: only CNAB 240 records end in blanks.
  test('trailing blanks stripped (e-mail, text editor): CNAB 240 is still recognised, read padded, with one warning', () => {
    for (const name of ['cnab240-retorno-santander.ret', 'cnab240-retorno-caixa.ret']) {
      const whole = parseStatement(fixture(name));
      const short = parseStatement(stripped(fixture(name).toString('latin1')));
      assert.ok(whole.ok && short.ok, name);
      assert.deepEqual(short.value.lines, whole.value.lines, name);
      assert.equal(whole.value.warnings, undefined);
      assert.equal(short.value.warnings?.length, 1);
      assert.match(
        short.value.warnings?.[0]?.message ?? '',
        /^\d+ lines \(first: line 1\) were shorter than 240 characters \(trailing blanks stripped\?\) and read padded with blanks$/,
      );
    }
  });

  test('a UTF-8 BOM and LF line ends change nothing', () => {
    const lines = linesOf(parseStatement(fixture('cnab400-retorno-banrisul.ret')));
    assert.deepEqual(linesOf(parseStatement(`\uFEFF${fixture('cnab400-retorno-banrisul.ret').toString('latin1').replaceAll('\r\n', '\n')}`)), lines);
  });

  test('a longer line is still refused', () => {
    const records = recordsOf(fixture('cnab400-retorno-santander.ret').toString('latin1'));
    const found = problemsOf(parseCnab400(joinRecords(records.map((r, i) => (i === 1 ? `${r}X` : r)))));
    assert.deepEqual(found, [{ line: 2, field: 'length', message: 'line has 401 characters; CNAB 400 records have exactly 400' }]);
  });

  test('a liquidação of 0.00 is kept as a notice, not a payment, and warned', () => {
    const [paid] = sampleTitles('cnab400-041');
    const result = parseCnab400(cnab400BankRetorno('041', [{ ...paid!, paidMinor: 0 }]));
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.lines.map((l) => [l.movementCode, l.kind, l.amountMinor]),
      [['06', 'info', 0]],
    );
    assert.deepEqual(result.value.warnings, [
      { line: 2, field: 'paid_amount', message: 'liquidação (code 06) of 0.00 for nosso número 00123401: kept as a notice, not a payment' },
    ]);
  });

  test("Banco do Brasil's zero-filled payer name is no name", () => {
    const [paid] = sampleTitles('cnab240-085');
    const [line] = linesOf(parseCnab240(cnab240BankRetorno('085', [{ ...paid!, payerName: '0'.repeat(40) }])));
    assert.equal(line!.payerName, undefined);
  });

  test('a remessa, and a pre-critique rejection of a remessa, are named for what they are', () => {
    const records = recordsOf(fixture('cnab240-retorno-sicoob.ret').toString('latin1'));
    const remessa = records.map((r, i) => (i === 0 ? overwrite(r, 143, 143, '1') : r));
    assert.deepEqual(problemsOf(parseCnab240(joinRecords(remessa))), [
      { line: 1, field: 'file_code', message: 'this is a remessa file (code 1 at position 143), not a retorno (2)' },
    ]);
    const refused = remessa.map((r, i) => (i === 2 ? overwrite(r, 231, 240, 'AB        ') : r));
    assert.deepEqual(problemsOf(parseCnab240(joinRecords(refused))), [
      {
        line: 1,
        field: 'file_code',
        message:
          'this is a pre-critique (pré-crítica) rejection of a remessa, not a retorno: the bank refused the remessa before registering its boletos (first code "AB" at positions 231-240 of line 3); it pays nothing: correct the remessa and send it again',
      },
    ]);
  });
});
