import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ofxAmount, ofxDate, parseOfx } from './ofx.ts';
import { brl, linesOf, problemsOf } from './fixtures/expect-statement.ts';
import type { StatementLine } from './statement.ts';
import { statementsByAccount } from './statement.ts';

const sgml = readFileSync(new URL('./fixtures/ofx1-extrato-itau.ofx', import.meta.url));
const xml = readFileSync(new URL('./fixtures/ofx2-extrato-bb.ofx', import.meta.url));

/** 1-based line numbers of every line of `text` that contains `needle`. */
function linesWith(text: string, needle: string): number[] {
  return text.split('\n').flatMap((line, i) => (line.includes(needle) ? [i + 1] : []));
}

const parsed = (content: string | Buffer, currency?: string) => linesOf(parseOfx(content, currency === undefined ? {} : { currency }));

const problems = (content: string) => problemsOf(parseOfx(content));

/** A minimal OFX 1.x statement around the given <STMTTRN> bodies. */
function sgmlStatement(transactions: readonly string[], curdef = '<CURDEF>BRL'): string {
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    '',
    '<OFX>',
    '<BANKMSGSRSV1>',
    '<STMTTRNRS>',
    '<STMTRS>',
    curdef,
    '<BANKACCTFROM>',
    '<BANKID>237',
    '<ACCTID>9999-1',
    '</BANKACCTFROM>',
    '<BANKTRANLIST>',
    ...transactions.map((t) => `<STMTTRN>\n${t}\n</STMTTRN>`),
    '</BANKTRANLIST>',
    '</STMTRS>',
    '</STMTTRNRS>',
    '</BANKMSGSRSV1>',
    '</OFX>',
  ].join('\n');
}

describe('OFX 1.x (SGML, unclosed leaf tags)', () => {
  const lines = parsed(sgml);
  const text = sgml.toString('latin1');

  test('statement: bank, currency, four transactions at their <STMTTRN> lines', () => {
    const result = parseOfx(sgml);
    assert.ok(result.ok);
    assert.equal(result.value.format, 'ofx');
    assert.equal(result.value.bankCode, '0341');
    assert.equal(result.value.currency, 'BRL');
    assert.deepEqual(
      lines.map((l) => l.lineNo),
      linesWith(text, '<STMTTRN>'),
    );
  });

  test('a Pix credit: txid taken from the memo label, FITID as the reference', () => {
    const { fingerprint, ...line } = lines[0] as StatementLine;
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.deepEqual(line, {
      lineNo: linesWith(text, '<STMTTRN>')[0],
      date: '2026-03-02',
      amountMinor: brl('1250.00'),
      kind: 'credit',
      documentNumber: '000001',
      pixTxid: 'REGUA0101K7Q2M9',
      payerName: 'PIX RECEBIDO PADARIA BOM PAO',
      memo: 'TXID REGUA0101K7Q2M9 E60701190202603021005Ab12Cd34Ef5',
      reference: '202603020000001',
    });
  });

  test('a decimal comma, a date without time, a CPF in the memo', () => {
    const line = lines[1] as StatementLine;
    assert.equal(line.amountMinor, brl('480.00'));
    assert.equal(line.date, '2026-03-02');
    assert.equal(line.payerTaxId, '12345678909');
  });

  test('a negative amount is a debit; a time with milliseconds is read', () => {
    assert.deepEqual([lines[2]?.kind, lines[2]?.amountMinor], ['debit', -brl('12.90')]);
    assert.deepEqual([lines[3]?.kind, lines[3]?.date], ['credit', '2026-03-03']);
  });

  test('re-parsing gives identical fingerprints', () => {
    assert.deepEqual(parsed(text), lines);
    assert.deepEqual(parsed(text.replaceAll('\r\n', '\n')), lines);
  });
});

describe('OFX 2.x (XML)', () => {
  const lines = parsed(xml);
  const text = xml.toString('utf8');

  test('entities and UTF-8 accents in NAME; REFNUM as document number; CNPJ in the memo', () => {
    const line = lines[0] as StatementLine;
    assert.equal(line.payerName, 'JOSÉ & FILHOS OFICINA');
    assert.equal(line.documentNumber, 'NF-2026-0103');
    assert.equal(line.payerTaxId, '04252011000110');
    assert.equal(line.amountMinor, brl('1960.00'));
    assert.equal(line.lineNo, linesWith(text, '<STMTTRN>')[0]);
  });

  test('NAME inside PAYEE; a transaction without FITID still gets a fingerprint', () => {
    const line = lines[1] as StatementLine;
    assert.equal(line.payerName, 'JOAO CARLOS PEREIRA');
    assert.equal(line.reference, undefined);
    assert.match(line.fingerprint, /^[0-9a-f]{64}$/);
  });

  test('bank code and the debit', () => {
    const result = parseOfx(xml);
    assert.ok(result.ok);
    assert.equal(result.value.bankCode, '001');
    assert.deepEqual(
      lines.map((l) => l.kind),
      ['credit', 'credit', 'debit'],
    );
  });
});

describe('fingerprints', () => {
  const pix = '<TRNTYPE>CREDIT\n<DTPOSTED>20260303\n<TRNAMT>50.00\n<NAME>PIX RECEBIDO JOAO';

  test('two identical entries without FITID are two payments; an overlapping export repeats them', () => {
    const twice = parsed(sgmlStatement([pix, pix]));
    assert.notEqual(twice[0]?.fingerprint, twice[1]?.fingerprint);
    const once = parsed(sgmlStatement([pix]));
    assert.equal(once[0]?.fingerprint, twice[0]?.fingerprint);
  });

  test('a FITID reused by the bank for another amount is another entry; the same FITID and amount is the same', () => {
    const a = parsed(sgmlStatement([`${pix}\n<FITID>X1`, `${pix.replace('50.00', '70.00')}\n<FITID>X1`, `${pix}\n<FITID>X1`]));
    assert.notEqual(a[0]?.fingerprint, a[1]?.fingerprint);
    assert.equal(a[0]?.fingerprint, a[2]?.fingerprint);
  });
});

describe('tolerance', () => {
  test('closed leaf tags inside SGML, lower-case tags, a comment', () => {
    const lines = parsed(sgmlStatement(['<!-- exported -->\n<trntype>CREDIT</trntype>\n<dtposted>20260303</dtposted>\n<trnamt>+10</trnamt>']));
    assert.deepEqual([lines[0]?.amountMinor, lines[0]?.date], [1000, '2026-03-03']);
  });

  test('a statement without CURDEF uses the currency option', () => {
    const file = sgmlStatement(['<DTPOSTED>20260303\n<TRNAMT>10.00'], '');
    assert.equal(parsed(file, 'BRL')[0]?.amountMinor, 1000);
    assert.deepEqual(problems(file), [{ line: 8, field: 'CURDEF', message: 'the statement has no CURDEF (currency); pass the currency as an option' }]);
  });

  test('Windows-1252 bytes are decoded', () => {
    const file = sgmlStatement(['<DTPOSTED>20260303\n<TRNAMT>10.00\n<NAME>JOÃO ÇÉ']);
    assert.equal(parsed(Buffer.from(file, 'latin1'))[0]?.payerName, 'JOÃO ÇÉ');
  });

  test('an empty statement is a statement', () => {
    assert.deepEqual(parsed(sgmlStatement([])), []);
  });
});

describe('parseOfx rejects bad files naming line and field', () => {
  test('not OFX at all', () => {
    assert.deepEqual(problems('date,amount\n2026-01-01,1.00\n'), [{ line: 1, message: 'no <OFX> element: this is not an OFX file' }]);
    assert.deepEqual(problems('<OFX></OFX>'), [{ line: 1, message: 'the file has no bank or credit-card statement (<STMTRS> or <CCSTMTRS>)' }]);
  });

  test('a bad DTPOSTED and a bad TRNAMT, each at its own line', () => {
    const file = sgmlStatement(['<DTPOSTED>20260230\n<TRNAMT>10.00', '<DTPOSTED>20260303\n<TRNAMT>1.234,56']);
    const dtLine = linesWith(file, '20260230')[0];
    const amtLine = linesWith(file, '1.234,56')[0];
    assert.deepEqual(problems(file), [
      { line: dtLine, field: 'DTPOSTED', message: 'DTPOSTED must be YYYYMMDD[HHMMSS[.XXX]][offset:TZ], found "20260230"' },
      { line: amtLine, field: 'TRNAMT', message: 'TRNAMT must be a decimal number like -1234.56 or 1234,56, found "1.234,56"' },
    ]);
  });

  test('missing DTPOSTED and TRNAMT are named at the <STMTTRN> line', () => {
    const file = sgmlStatement(['<NAME>X']);
    const at = linesWith(file, '<STMTTRN>')[0];
    assert.deepEqual(problems(file), [
      { line: at, field: 'DTPOSTED', message: 'the transaction has no DTPOSTED' },
      { line: at, field: 'TRNAMT', message: 'the transaction has no TRNAMT' },
    ]);
  });

  test('an unknown currency, statements in two currencies', () => {
    assert.deepEqual(problems(sgmlStatement([], '<CURDEF>XYZ')), [{ line: 9, field: 'CURDEF', message: '"XYZ" is not an ISO 4217 currency code' }]);
    const two = `${sgmlStatement([])}\n<OFX><STMTRS>\n<CURDEF>USD\n</STMTRS></OFX>`;
    const [problem] = problems(two);
    assert.equal(problem?.field, 'CURDEF');
    assert.equal(problem?.line, linesWith(two, 'USD')[0]);
  });
});

describe('ofxDate and ofxAmount', () => {
  test('dates in every allowed precision and zone notation; impossible dates rejected', () => {
    for (const text of [
      '20260302',
      '202603021005',
      '20260302100512',
      '20260302100512.123',
      '20260302100512[-3:BRT]',
      '20260302100512.000[-03:00:BRT]',
      '20260302 [0]',
    ]) {
      assert.equal(ofxDate(text), '2026-03-02', text);
    }
    for (const text of ['2026030', '20261302', '20260302250000', '2026-03-02', '20260302[-3:BRT', 'yesterday']) {
      assert.equal(ofxDate(text), undefined, text);
    }
  });

  test('amounts: point, comma, signs, extra zeros; never a rounding', () => {
    assert.deepEqual(ofxAmount('-1234.56', 'BRL'), { ok: true, minor: -123456 });
    assert.deepEqual(ofxAmount('480,5', 'BRL'), { ok: true, minor: 48050 });
    assert.deepEqual(ofxAmount('+10', 'BRL'), { ok: true, minor: 1000 });
    assert.deepEqual(ofxAmount('.50', 'BRL'), { ok: true, minor: 50 });
    assert.deepEqual(ofxAmount('10.500', 'BRL'), { ok: true, minor: 1050 });
    assert.deepEqual(ofxAmount('-0.00', 'BRL'), { ok: true, minor: 0 });
    assert.deepEqual(ofxAmount('1500', 'CLP'), { ok: true, minor: 1500 });
    assert.equal(ofxAmount('10.505', 'BRL').ok, false);
    assert.equal(ofxAmount('1,234.56', 'BRL').ok, false);
    assert.equal(ofxAmount('', 'BRL').ok, false);
    assert.equal(ofxAmount('-', 'BRL').ok, false);
    assert.equal(ofxAmount('99999999999999999', 'BRL').ok, false);
  });
});

test("a credit-card statement's credits (the cardholder paying the bill, refunds) are not receipts", () => {
  const ofx = [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    '',
    '<OFX>',
    '<CREDITCARDMSGSRSV1>',
    '<CCSTMTTRNRS>',
    '<CCSTMTRS>',
    '<CURDEF>BRL',
    '<CCACCTFROM>',
    '<ACCTID>5555',
    '</CCACCTFROM>',
    '<BANKTRANLIST>',
    '<STMTTRN>',
    '<TRNTYPE>CREDIT',
    '<DTPOSTED>20260305',
    '<TRNAMT>1500.00',
    '<FITID>P1',
    '<MEMO>Pagamento recebido',
    '</STMTTRN>',
    '<STMTTRN>',
    '<TRNTYPE>DEBIT',
    '<DTPOSTED>20260306',
    '<TRNAMT>-89.90',
    '<FITID>D1',
    '<MEMO>Padaria',
    '</STMTTRN>',
    '</BANKTRANLIST>',
    '</CCSTMTRS>',
    '</CCSTMTTRNRS>',
    '</CREDITCARDMSGSRSV1>',
    '</OFX>',
    '',
  ].join('\n');
  assert.deepEqual(
    linesOf(parseOfx(ofx)).map((l) => [l.reference, l.kind, l.amountMinor]),
    [
      ['P1', 'info', 150000],
      ['D1', 'debit', -8990],
    ],
  );
});

describe('an OFX with several accounts is read per account', () => {
  const trn = (fitid: string, date: string, amount: string, memo: string) => [
    '<STMTTRN>',
    '<TRNTYPE>OTHER',
    `<DTPOSTED>${date}`,
    `<TRNAMT>${amount}`,
    `<FITID>${fitid}`,
    `<MEMO>${memo}`,
    '</STMTTRN>',
  ];
  const bank = (bankId: string, acctId: string, transactions: readonly string[][]) => [
    '<STMTTRNRS>',
    '<STMTRS>',
    '<CURDEF>BRL',
    '<BANKACCTFROM>',
    `<BANKID>${bankId}`,
    `<ACCTID>${acctId}`,
    '<ACCTTYPE>CHECKING',
    '</BANKACCTFROM>',
    '<BANKTRANLIST>',
    ...transactions.flat(),
    '</BANKTRANLIST>',
    '</STMTRS>',
    '</STMTTRNRS>',
  ];
  // A checking account, a savings account at another bank (a consolidated export), and a credit card.
  const ofx = [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    '',
    '<OFX>',
    '<BANKMSGSRSV1>',
    ...bank('0341', '01234-5', [trn('A1', '20260302', '250.00', 'PIX RECEBIDO MARIA'), trn('A2', '20260303', '-40.00', 'TARIFA')]),
    ...bank('0001', '7777-0', [trn('A1', '20260302', '250.00', 'TED RECEBIDA PADARIA')]),
    '</BANKMSGSRSV1>',
    '<CREDITCARDMSGSRSV1>',
    '<CCSTMTTRNRS>',
    '<CCSTMTRS>',
    '<CURDEF>BRL',
    '<CCACCTFROM>',
    '<ACCTID>5555',
    '</CCACCTFROM>',
    '<BANKTRANLIST>',
    ...trn('P1', '20260305', '1500.00', 'Pagamento recebido'),
    ...trn('D1', '20260306', '-89.90', 'Padaria'),
    '</BANKTRANLIST>',
    '</CCSTMTRS>',
    '</CCSTMTTRNRS>',
    '</CREDITCARDMSGSRSV1>',
    '</OFX>',
    '',
  ].join('\n');

  test('one statement per account, each line tied to its account and read with its bank', () => {
    const result = parseOfx(ofx);
    assert.ok(result.ok, JSON.stringify(result.ok ? '' : result.error));
    assert.deepEqual(result.value.accounts, [
      { account: '0341/01234-5', bankCode: '0341', accountId: '01234-5', creditCard: false },
      { account: '0001/7777-0', bankCode: '0001', accountId: '7777-0', creditCard: false },
      { account: 'card/5555', accountId: '5555', creditCard: true },
    ]);
    assert.deepEqual(
      result.value.lines.map((l) => [l.account, l.reference, l.kind, l.amountMinor]),
      [
        ['0341/01234-5', 'A1', 'credit', 25000],
        ['0341/01234-5', 'A2', 'debit', -4000],
        ['0001/7777-0', 'A1', 'credit', 25000],
        ['card/5555', 'P1', 'info', 150000],
        ['card/5555', 'D1', 'debit', -8990],
      ],
    );
    // The same FITID, date and amount in two accounts are two entries.
    assert.notEqual(result.value.lines[0]!.fingerprint, result.value.lines[2]!.fingerprint);
    // Accounts of two banks: the file as a whole has no one bank.
    assert.equal(result.value.bankCode, undefined);

    const perAccount = statementsByAccount(result.value);
    assert.deepEqual(
      perAccount.map((s) => [s.bankCode, s.accounts?.map((a) => a.account), s.lines.map((l) => l.reference)]),
      [
        ['0341', ['0341/01234-5'], ['A1', 'A2']],
        ['0001', ['0001/7777-0'], ['A1']],
        [undefined, ['card/5555'], ['P1', 'D1']],
      ],
    );
  });

  test("a single account's statement is itself (its lines need not name it); CNAB and CSV statements have no accounts", () => {
    const single = parseOfx(sgmlStatement(['<DTPOSTED>20260302\n<TRNAMT>10.00\n<FITID>X']));
    assert.ok(single.ok);
    assert.deepEqual(
      [single.value.accounts, single.value.lines[0]!.account],
      [[{ account: '237/9999-1', bankCode: '237', accountId: '9999-1', creditCard: false }], undefined],
    );
    const result = parseOfx(sgmlStatement([]));
    assert.ok(result.ok);
    assert.equal(result.value.bankCode, '237');
    assert.deepEqual(statementsByAccount(result.value), [result.value]);
    const csv = { format: 'csv' as const, currency: 'BRL', lines: [] };
    assert.deepEqual(statementsByAccount(csv), [csv]);
  });
});
