import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseCnab240 } from '../bank-files/cnab240.ts';
import type { StatementLine } from '../bank-files/statement.ts';
import type { MatchResult, OpenItem } from './match.ts';
import { matchLines } from './match.ts';

function item(invoiceNumber: string, overrides: Partial<OpenItem> = {}): OpenItem {
  return {
    invoiceId: `inv-${invoiceNumber}`,
    customerId: 'cus-padaria',
    customerTaxId: '11.222.333/0001-81',
    customerName: 'Padaria Bom Pão Ltda',
    invoiceNumber,
    openMinor: 125000,
    currency: 'BRL',
    dueDate: '2026-02-27',
    ...overrides,
  };
}

let nextLine = 1;
function line(overrides: Partial<StatementLine> = {}): StatementLine {
  const lineNo = overrides.lineNo ?? nextLine++;
  return { lineNo, fingerprint: `fp-${lineNo}`, date: '2026-03-02', amountMinor: 125000, kind: 'credit', ...overrides };
}

function only(results: readonly MatchResult[]): MatchResult {
  assert.equal(results.length, 1);
  return results[0] as MatchResult;
}

describe('rule 1: Pix txid', () => {
  test('exact txid (in any case) settles the item at confidence 1', () => {
    const result = only(matchLines([line({ pixTxid: 'regua0101k7q2m9' })], [item('NF-1', { pixTxid: 'REGUA0101K7Q2M9' }), item('NF-2')]));
    assert.deepEqual(
      [result.status, result.rule, result.confidence, result.allocations, result.unallocatedMinor],
      ['matched', 'pix_txid', 1, [{ invoiceId: 'inv-NF-1', amountMinor: 125000 }], 0],
    );
  });

  test('the txid wins over a tax id that points to another invoice', () => {
    const items = [item('NF-1', { pixTxid: 'TX1', openMinor: 999 }), item('NF-2')];
    const result = only(matchLines([line({ pixTxid: 'TX1', payerTaxId: '11222333000181' })], items));
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-1', amountMinor: 999 }]);
    assert.equal(result.unallocatedMinor, 125000 - 999);
  });
});

describe('rule 2: nosso número', () => {
  test('padding zeros and blanks are ignored', () => {
    const result = only(matchLines([line({ kind: 'settlement', nossoNumero: '00012345670000000101' })], [item('NF-1', { nossoNumero: '12345670000000101' })]));
    assert.deepEqual([result.status, result.rule, result.confidence], ['matched', 'nosso_numero', 1]);
  });

  test('a nosso número that no open item has: weaker rules only suggest', () => {
    const result = only(matchLines([line({ kind: 'settlement', nossoNumero: '999', payerTaxId: '11222333000181' })], [item('NF-1')]));
    assert.equal(result.status, 'suggested');
    assert.equal(result.confidence, 0.6);
    assert.deepEqual(result.allocations, []);
    assert.match(result.note ?? '', /nosso número 999 is not among the open invoices/);
  });

  test('an end-to-end id in place of a txid does not block the other rules', () => {
    const result = only(matchLines([line({ pixTxid: 'E60701190202603021005Ab12Cd34Ef5', payerTaxId: '11222333000181' })], [item('NF-1')]));
    assert.deepEqual([result.status, result.rule], ['matched', 'amount_and_customer']);
  });
});

describe('rule 3: invoice number in the text', () => {
  test('a whole token of the memo, the document number or the reference', () => {
    const items = [item('NF-2026-0102', { openMinor: 48000 })];
    for (const where of [{ memo: 'PAGTO REF:NF-2026-0102.' }, { documentNumber: 'nf-2026-0102' }, { reference: 'NF-2026-0102' }]) {
      const result = only(matchLines([line({ amountMinor: 48000, ...where })], items));
      assert.deepEqual([result.status, result.rule, result.confidence], ['matched', 'invoice_number_in_memo', 0.9], JSON.stringify(where));
    }
  });

  test('part of a longer token is not the invoice number', () => {
    const result = only(matchLines([line({ amountMinor: 1, memo: 'NF-2026-01020 and XNF-2026-0102' })], [item('NF-2026-0102', { openMinor: 48000 })]));
    assert.equal(result.status, 'unmatched');
  });

  test('two invoices of one customer named in one payment: oldest first, within the amount', () => {
    const items = [item('5501', { openMinor: 30000, dueDate: '2026-02-10' }), item('5500', { openMinor: 20000, dueDate: '2026-01-10' })];
    const result = only(matchLines([line({ amountMinor: 40000, memo: 'DUPLICATAS 5501 E 5500' })], items));
    assert.deepEqual(result.allocations, [
      { invoiceId: 'inv-5500', amountMinor: 20000 },
      { invoiceId: 'inv-5501', amountMinor: 20000 },
    ]);
    assert.equal(result.unallocatedMinor, 0);
  });

  test("the payer has another tax id than the invoice's customer: only a suggestion", () => {
    const result = only(matchLines([line({ memo: 'NF-1', payerTaxId: '12345678909' })], [item('NF-1')]));
    assert.deepEqual([result.status, result.rule, result.confidence], ['suggested', 'invoice_number_in_memo', 0.6]);
    assert.deepEqual(result.allocations, []);
  });

  test('invoices of two customers in one memo: unmatched, both suggested', () => {
    const items = [item('NF-1'), item('NF-2', { customerId: 'cus-other', customerTaxId: '12345678909' })];
    const result = only(matchLines([line({ memo: 'NF-1 NF-2' })], items));
    assert.equal(result.status, 'unmatched');
    assert.deepEqual(result.suggestions.map((s) => s.invoiceId).sort(), ['inv-NF-1', 'inv-NF-2']);
  });

  test('invoice numbers shorter than 3 characters are not looked for', () => {
    const result = only(matchLines([line({ amountMinor: 7, memo: 'PARCELA 12' })], [item('12')]));
    assert.equal(result.status, 'unmatched');
  });
});

describe('rule 4: exact amount and payer tax id', () => {
  test("the customer's invoice of exactly that amount; formatted tax ids compare equal", () => {
    const items = [item('NF-1', { openMinor: 48000 }), item('NF-2', { openMinor: 125000 })];
    const result = only(matchLines([line({ amountMinor: 48000, payerTaxId: '11222333000181' })], items));
    assert.deepEqual(
      [result.status, result.rule, result.confidence, result.allocations],
      ['matched', 'amount_and_customer', 0.85, [{ invoiceId: 'inv-NF-1', amountMinor: 48000 }]],
    );
  });

  test('two invoices of that amount: the oldest, the other offered as a suggestion', () => {
    const items = [item('NF-2', { dueDate: '2026-02-20' }), item('NF-1', { dueDate: '2026-01-20' })];
    const result = only(matchLines([line({ payerTaxId: '11222333000181' })], items));
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-1', amountMinor: 125000 }]);
    assert.deepEqual(result.suggestions, [{ invoiceId: 'inv-NF-2', rule: 'amount_and_customer', confidence: 0.5 }]);
  });

  test('a different amount from the same payer is not matched automatically', () => {
    const result = only(matchLines([line({ amountMinor: 124999, payerTaxId: '11222333000181' })], [item('NF-1')]));
    assert.equal(result.status, 'unmatched');
  });
});

describe("rule 5: exact amount and a payer name like the customer's", () => {
  const maria = { customerId: 'cus-maria', customerTaxId: '12345678909', customerName: 'Maria Aparecida de Souza', openMinor: 48000 };

  test('the one open item of that amount of the customer: suggested at 0.7, never applied', () => {
    const items = [item('NF-7', maria), item('NF-8', { ...maria, openMinor: 10000 }), item('NF-9')];
    const result = only(matchLines([line({ amountMinor: 48000, payerName: 'TED RECEBIDA MARIA A SOUZA' })], items));
    assert.deepEqual([result.status, result.rule, result.confidence, result.allocations], ['suggested', 'amount_and_customer', 0.7, []]);
    assert.deepEqual(result.suggestions[0], { invoiceId: 'inv-NF-7', rule: 'amount_and_customer', confidence: 0.7 });
    assert.equal(result.unallocatedMinor, 48000);
  });

  test('two open items of that amount: not unique, unmatched with both suggested', () => {
    const items = [item('NF-7', maria), item('NF-8', { ...maria, dueDate: '2026-03-27' })];
    const result = only(matchLines([line({ amountMinor: 48000, payerName: 'MARIA A SOUZA' })], items));
    assert.equal(result.status, 'unmatched');
    assert.deepEqual(
      result.suggestions.map((s) => s.invoiceId),
      ['inv-NF-7', 'inv-NF-8'],
    );
  });

  test('among a hundred open items of the same amount, the name still finds the customer', () => {
    const crowd = Array.from({ length: 100 }, (_, i) => item(`NF-${100 + i}`, { customerId: `c${i}`, customerName: `Cliente Numero ${i}`, openMinor: 48000 }));
    const result = only(matchLines([line({ amountMinor: 48000, payerName: 'MARIA A SOUZA' })], [...crowd, item('NF-7', maria)]));
    assert.deepEqual([result.status, result.suggestions[0]?.invoiceId], ['suggested', 'inv-NF-7']);
  });

  test('a name shared by more customers than can be told apart gives no name suggestion', () => {
    const marias = Array.from({ length: 70 }, (_, i) => item(`NF-${100 + i}`, { customerId: `c${i}`, customerName: `Maria Souza ${i}`, openMinor: 48000 }));
    const result = only(matchLines([line({ amountMinor: 48000, payerName: 'MARIA SOUZA' })], marias));
    assert.deepEqual([result.status, result.suggestions], ['unmatched', []]);
  });

  test('another Maria does not count', () => {
    const result = only(matchLines([line({ amountMinor: 48000, payerName: 'MARIA OLIVEIRA' })], [item('NF-7', maria), item('NF-1')]));
    assert.deepEqual([result.status, result.suggestions], ['unmatched', [{ invoiceId: 'inv-NF-7', rule: 'amount_only', confidence: 0.5 }]]);
  });
});

describe('no rule applies: up to three suggestions', () => {
  test('an amount that one open item has: unmatched, that item suggested at 0.5', () => {
    const result = only(matchLines([line({ amountMinor: 48000 })], [item('NF-7', { openMinor: 48000 }), item('NF-1')]));
    assert.deepEqual(
      [result.status, result.confidence, result.suggestions],
      ['unmatched', 0, [{ invoiceId: 'inv-NF-7', rule: 'amount_only', confidence: 0.5 }]],
    );
  });

  test('three open items of the amount: three suggestions at 0.3, oldest first; more than three: none', () => {
    const three = ['2026-03-01', '2026-01-01', '2026-02-01'].map((dueDate, i) => item(`NF-${i}`, { customerId: `c${i}`, dueDate }));
    assert.deepEqual(
      only(matchLines([line()], three)).suggestions,
      [
        ['inv-NF-1', 0.3],
        ['inv-NF-2', 0.3],
        ['inv-NF-0', 0.3],
      ].map(([invoiceId, confidence]) => ({ invoiceId, rule: 'amount_only', confidence })),
    );
    const four = [...three, item('NF-3', { customerId: 'c3' })];
    assert.deepEqual(only(matchLines([line()], four)).suggestions, []);
  });

  test('maxSuggestions limits the list', () => {
    const items = [item('NF-1'), item('NF-2', { customerId: 'x' })];
    assert.equal(only(matchLines([line()], items, { maxSuggestions: 1 })).suggestions.length, 1);
  });
});

describe('amounts', () => {
  test('an overpayment fills the open amount and leaves the rest unallocated', () => {
    const result = only(matchLines([line({ amountMinor: 50000, memo: 'NF-1' })], [item('NF-1', { openMinor: 48000 })]));
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-1', amountMinor: 48000 }]);
    assert.equal(result.unallocatedMinor, 2000);
    assert.match(result.note ?? '', /rest is unallocated/);
  });

  test('a partial payment allocates what was paid', () => {
    const result = only(matchLines([line({ amountMinor: 30000, memo: 'NF-1' })], [item('NF-1', { openMinor: 48000 })]));
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-1', amountMinor: 30000 }]);
  });

  test('open items in another currency or with nothing open are not candidates', () => {
    const items = [item('NF-1', { currency: 'USD', pixTxid: 'TX1' }), item('NF-2', { openMinor: 0, pixTxid: 'TX2' })];
    const results = matchLines([line({ pixTxid: 'TX1' }), line({ pixTxid: 'TX2' })], items, { currency: 'BRL' });
    assert.deepEqual(
      results.map((r) => r.status),
      ['unmatched', 'unmatched'],
    );
  });
});

describe('one run, several lines', () => {
  test('an item taken by one line is not matched again: the second payment is a noted duplicate', () => {
    const results = matchLines([line({ lineNo: 10, pixTxid: 'TX1' }), line({ lineNo: 11, pixTxid: 'TX1' })], [item('NF-1', { pixTxid: 'TX1' })]);
    assert.equal(results[0]?.status, 'matched');
    assert.deepEqual([results[1]?.status, results[1]?.duplicateOfLine, results[1]?.allocations], ['unmatched', 10, []]);
    assert.match(results[1]?.note ?? '', /NF-1 was already matched to line 10/);
  });

  test('a repeated fingerprint is ignored, as is one imported before', () => {
    const items = [item('NF-1', { pixTxid: 'TX1' }), item('NF-2', { pixTxid: 'TX2' })];
    const results = matchLines(
      [
        line({ lineNo: 1, fingerprint: 'a', pixTxid: 'TX1' }),
        line({ lineNo: 2, fingerprint: 'a', pixTxid: 'TX1' }),
        line({ lineNo: 3, fingerprint: 'old', pixTxid: 'TX2' }),
      ],
      items,
      { knownFingerprints: new Set(['old']) },
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.duplicateOfLine, r.note]),
      [
        ['matched', undefined, undefined],
        ['ignored', 1, 'the same entry as line 1'],
        ['ignored', undefined, 'already imported'],
      ],
    );
  });

  test('debits, informational movements and zero amounts are ignored', () => {
    const results = matchLines(
      [line({ kind: 'debit', amountMinor: -1290 }), line({ kind: 'info', amountMinor: 0, movementCode: '02' }), line({ kind: 'settlement', amountMinor: 0 })],
      [item('NF-1')],
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.note]),
      [
        ['ignored', 'debit: money out of the account'],
        ['ignored', 'informational movement 02: no money received'],
        ['ignored', 'no amount received'],
      ],
    );
  });
});

test('a CNAB 240 retorno against the open invoices it settles', () => {
  const statement = parseCnab240(readFileSync(new URL('../bank-files/fixtures/cnab240-retorno-bb.ret', import.meta.url)));
  assert.ok(statement.ok);
  const open: OpenItem[] = [
    // boletos we issued: known nosso número
    item('NF-2026-0101', { nossoNumero: '12345670000000101', openMinor: 125000 }),
    item('NF-2026-0102', { nossoNumero: '12345670000000102', openMinor: 48000, customerId: 'cus-maria', customerTaxId: '123.456.789-09' }),
    item('NF-2026-0103', { nossoNumero: '12345670000000103', openMinor: 200000, customerId: 'cus-ze', customerTaxId: '04.252.011/0001-10' }),
    // written off at the bank (baixa) and then paid: the nosso número is in our records too
    item('NF-2026-0099', { nossoNumero: '12345670000000099', openMinor: 31000, customerId: 'cus-ana', customerTaxId: '98765432100' }),
    item('NF-2026-0104', { nossoNumero: '12345670000000104', openMinor: 73050, customerId: 'cus-joao', customerTaxId: '52998224725' }),
  ];
  const results = matchLines(statement.value.lines, open, { currency: statement.value.currency });
  assert.deepEqual(
    results.map((r) => [r.lineNo, r.status, r.rule, r.allocations.map((a) => `${a.invoiceId}:${a.amountMinor}`).join(), r.unallocatedMinor]),
    [
      [3, 'matched', 'nosso_numero', 'inv-NF-2026-0101:125000', 0],
      // paid 480.00 + 12.34 interest: the interest is not an invoice's to take
      [5, 'matched', 'nosso_numero', 'inv-NF-2026-0102:48000', 1234],
      // paid 2000.00 − 40.00 discount: 40.00 stays open for the business to write off
      [7, 'matched', 'nosso_numero', 'inv-NF-2026-0103:196000', 0],
      [9, 'ignored', undefined, '', 0],
      [11, 'matched', 'nosso_numero', 'inv-NF-2026-0099:31000', 0],
    ],
  );
});
