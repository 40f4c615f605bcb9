import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatementLine } from '../bank-files/statement.ts';
import type { MatchResult, OpenItem, PaymentRequestKeys } from './match.ts';
import { matchLines } from './match.ts';

function item(invoiceNumber: string, overrides: Partial<OpenItem> = {}): OpenItem {
  return { invoiceId: `inv-${invoiceNumber}`, customerId: 'cus-a', invoiceNumber, openMinor: 10000, currency: 'BRL', dueDate: '2026-02-01', ...overrides };
}

let nextLine = 1;
function line(overrides: Partial<StatementLine> = {}): StatementLine {
  const lineNo = overrides.lineNo ?? nextLine++;
  return { lineNo, fingerprint: `fp-${lineNo}`, date: '2026-03-02', amountMinor: 10000, kind: 'credit', ...overrides };
}

const only = (results: readonly MatchResult[]): MatchResult => {
  assert.equal(results.length, 1);
  return results[0] as MatchResult;
};

// A reminder listing NF-2 (due later) and NF-1 (due earlier); NF-3 of the same customer is not in it.
const items = [
  item('NF-2', { dueDate: '2026-02-10', openMinor: 5000 }),
  item('NF-1', { dueDate: '2026-01-10', openMinor: 7000 }),
  item('NF-3', { dueDate: '2025-12-01' }),
];
const request: PaymentRequestKeys = {
  requestId: 'req-1',
  customerId: 'cus-a',
  pixTxid: 'RG0001ABC',
  nossoNumero: '12345670000000042',
  invoiceIds: ['inv-NF-2', 'inv-NF-1'],
};

describe('payment requests: a reminder code pays the invoices the reminder listed', () => {
  test("a nosso número of a reminder's boleto (padded differently) pays its invoices oldest first", () => {
    const result = only(matchLines([line({ nossoNumero: '000012345670000000042', amountMinor: 12000, kind: 'settlement' })], items, { requests: [request] }));
    assert.deepEqual(
      [result.status, result.rule, result.confidence, result.paymentRequestId, result.allocations, result.unallocatedMinor],
      [
        'matched',
        'nosso_numero',
        1,
        'req-1',
        [
          { invoiceId: 'inv-NF-1', amountMinor: 7000 },
          { invoiceId: 'inv-NF-2', amountMinor: 5000 },
        ],
        0,
      ],
    );
  });

  test('a Pix txid (any case) pays part: the oldest invoice first, never one outside the reminder', () => {
    const result = only(matchLines([line({ pixTxid: 'rg0001abc', amountMinor: 8000 })], items, { requests: [request] }));
    assert.deepEqual(result.allocations, [
      { invoiceId: 'inv-NF-1', amountMinor: 7000 },
      { invoiceId: 'inv-NF-2', amountMinor: 1000 },
    ]);
  });

  test('an overpayment keeps the rest unallocated', () => {
    const result = only(matchLines([line({ pixTxid: 'RG0001ABC', amountMinor: 20000 })], items, { requests: [request] }));
    assert.equal(result.unallocatedMinor, 8000);
  });

  test("an invoice's own code wins over a request with the same code", () => {
    const own = [...items, item('NF-9', { pixTxid: 'RG0001ABC' })];
    const result = only(matchLines([line({ pixTxid: 'RG0001ABC' })], own, { requests: [request] }));
    assert.equal(result.paymentRequestId, undefined);
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-9', amountMinor: 10000 }]);
  });

  test('a second payment of the same request in one file is a possible duplicate', () => {
    const [first, second] = matchLines([line({ pixTxid: 'RG0001ABC', amountMinor: 12000 }), line({ pixTxid: 'RG0001ABC', amountMinor: 12000 })], items, {
      requests: [request],
    });
    assert.equal(first?.status, 'matched');
    assert.equal(second?.status, 'unmatched');
    assert.match(second?.note ?? '', /possible duplicate/);
  });

  test('a request whose invoices were all paid meanwhile only suggests: a person decides', () => {
    const result = only(matchLines([line({ pixTxid: 'RG0001ABC', amountMinor: 10000 })], [item('NF-3')], { requests: [request] }));
    assert.notEqual(result.status, 'matched');
    assert.match(result.note ?? '', /no open invoice left/);
  });

  test('invoices of another customer named in a request are not paid through it', () => {
    const foreign = [item('NF-1', { customerId: 'cus-b' })];
    const result = only(matchLines([line({ pixTxid: 'RG0001ABC' })], foreign, { requests: [{ ...request, invoiceIds: ['inv-NF-1'] }] }));
    assert.notEqual(result.status, 'matched');
  });
});

describe("a reminder's total with charges, and amounts within the tolerance", () => {
  // The reminder asked for 120.00 + 2.40 of fine and interest; no open item is 122.40.
  const withTaxId = items.map((i) => ({ ...i, customerTaxId: '11222333000181' }));
  const asked: PaymentRequestKeys = { ...request, pixTxid: undefined, nossoNumero: undefined, amountMinor: 12240 } as PaymentRequestKeys;

  test("paid by the reminder's customer (payer tax id): matched to its invoices, oldest first", () => {
    const result = only(matchLines([line({ amountMinor: 12240, payerTaxId: '11.222.333/0001-81' })], withTaxId, { requests: [asked] }));
    assert.deepEqual(
      [result.status, result.rule, result.paymentRequestId, result.allocations, result.unallocatedMinor],
      [
        'matched',
        'request_amount',
        'req-1',
        [
          { invoiceId: 'inv-NF-1', amountMinor: 7000 },
          { invoiceId: 'inv-NF-2', amountMinor: 5000 },
        ],
        240,
      ],
    );
  });

  test('without a payer tax id: suggested for the reminder; by another payer: not', () => {
    const anonymous = only(matchLines([line({ amountMinor: 12240 })], withTaxId, { requests: [asked] }));
    assert.deepEqual([anonymous.status, anonymous.rule, anonymous.suggestions[0]?.invoiceId], ['suggested', 'request_amount', 'inv-NF-1']);
    const stranger = only(matchLines([line({ amountMinor: 12240, payerTaxId: '99.888.777/0001-66' })], withTaxId, { requests: [asked] }));
    assert.equal(stranger.status, 'unmatched');
    assert.deepEqual(stranger.allocations, []);
  });

  test('a known payer within the tolerance of an open invoice is suggested, never matched; outside it, nothing', () => {
    const near = only(matchLines([line({ amountMinor: 6985, payerTaxId: '11222333000181' })], withTaxId, { amountToleranceMinor: 20 }));
    assert.deepEqual([near.status, near.suggestions.map((s) => s.invoiceId)], ['suggested', ['inv-NF-1']]);
    assert.match(near.note ?? '', /tolerance/);
    const far = only(matchLines([line({ amountMinor: 6950, payerTaxId: '11222333000181' })], withTaxId, { amountToleranceMinor: 20 }));
    assert.equal(far.status, 'unmatched');
    const off = only(matchLines([line({ amountMinor: 6985, payerTaxId: '11222333000181' })], withTaxId));
    assert.equal(off.status, 'unmatched', 'no tolerance configured');
  });
});

describe('a nosso número is unique only within the bank that issued the boleto', () => {
  // An Itaú boleto (8 digits) and a Sicoob boleto (7 digits) whose numbers are the same once zeros are dropped.
  const itauItem = item('NF-I', { customerId: 'cus-i' });
  const sicoobItem = item('NF-S', { customerId: 'cus-s' });
  const itau: PaymentRequestKeys = { requestId: 'req-itau', bankCode: '341', customerId: 'cus-i', nossoNumero: '00001234', invoiceIds: ['inv-NF-I'] };
  const sicoob: PaymentRequestKeys = { requestId: 'req-sicoob', bankCode: '756', customerId: 'cus-s', nossoNumero: '0001234', invoiceIds: ['inv-NF-S'] };
  const settlement = () => line({ nossoNumero: '000001234', kind: 'settlement' });

  test("a settlement from a bank's return file pays only the boleto issued under that bank, whichever request is loaded first", () => {
    for (const requests of [
      [itau, sicoob],
      [sicoob, itau],
    ]) {
      const fromSicoob = only(matchLines([settlement()], [itauItem, sicoobItem], { requests, bankCode: '756' }));
      assert.deepEqual(
        [fromSicoob.status, fromSicoob.paymentRequestId, fromSicoob.allocations.map((a) => a.invoiceId)],
        ['matched', 'req-sicoob', ['inv-NF-S']],
      );
      const fromItau = only(matchLines([settlement()], [itauItem, sicoobItem], { requests, bankCode: '0341' }));
      assert.deepEqual([fromItau.status, fromItau.paymentRequestId, fromItau.allocations.map((a) => a.invoiceId)], ['matched', 'req-itau', ['inv-NF-I']]);
    }
  });

  test("another bank's boleto with the same number is never paid: the line is left for review", () => {
    const fromBradesco = only(matchLines([settlement()], [itauItem, sicoobItem], { requests: [itau, sicoob], bankCode: '237' }));
    assert.equal(fromBradesco.status, 'unmatched');
    assert.deepEqual(fromBradesco.allocations, []);
    assert.match(fromBradesco.note ?? '', /nosso número 1234 is not among the open invoices/);
  });

  test('an invoice recorded with its bank is scoped the same way; one recorded without a bank matches from any bank', () => {
    const items = [item('NF-I', { nossoNumero: '00001234', bankCode: '341' }), item('NF-S', { nossoNumero: '1234', bankCode: '756', customerId: 'cus-s' })];
    const fromSicoob = only(matchLines([settlement()], items, { bankCode: '756' }));
    assert.deepEqual([fromSicoob.status, fromSicoob.allocations.map((a) => a.invoiceId)], ['matched', ['inv-NF-S']]);
    const unknownBank = only(matchLines([settlement()], [item('NF-X', { nossoNumero: '1234' })], { bankCode: '756' }));
    assert.deepEqual([unknownBank.status, unknownBank.allocations.map((a) => a.invoiceId)], ['matched', ['inv-NF-X']]);
  });

  test('without a bank (a CSV statement), two boletos of different banks with the number are only suggested', () => {
    const result = only(matchLines([settlement()], [itauItem, sicoobItem], { requests: [itau, sicoob] }));
    assert.notEqual(result.status, 'matched');
    assert.deepEqual(result.allocations, []);
  });
});
