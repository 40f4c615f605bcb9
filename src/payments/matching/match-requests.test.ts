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
const items = [item('NF-2', { dueDate: '2026-02-10', openMinor: 5000 }), item('NF-1', { dueDate: '2026-01-10', openMinor: 7000 }), item('NF-3', { dueDate: '2025-12-01' })];
const request: PaymentRequestKeys = { requestId: 'req-1', customerId: 'cus-a', pixTxid: 'RG0001ABC', nossoNumero: '12345670000000042', invoiceIds: ['inv-NF-2', 'inv-NF-1'] };

describe('payment requests: a reminder code pays the invoices the reminder listed', () => {
  test("a nosso número of a reminder's boleto (padded differently) pays its invoices oldest first", () => {
    const result = only(matchLines([line({ nossoNumero: '000012345670000000042', amountMinor: 12000, kind: 'settlement' })], items, { requests: [request] }));
    assert.deepEqual(
      [result.status, result.rule, result.confidence, result.paymentRequestId, result.allocations, result.unallocatedMinor],
      ['matched', 'nosso_numero', 1, 'req-1', [{ invoiceId: 'inv-NF-1', amountMinor: 7000 }, { invoiceId: 'inv-NF-2', amountMinor: 5000 }], 0],
    );
  });

  test('a Pix txid (any case) pays part: the oldest invoice first, never one outside the reminder', () => {
    const result = only(matchLines([line({ pixTxid: 'rg0001abc', amountMinor: 8000 })], items, { requests: [request] }));
    assert.deepEqual(result.allocations, [{ invoiceId: 'inv-NF-1', amountMinor: 7000 }, { invoiceId: 'inv-NF-2', amountMinor: 1000 }]);
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
    const [first, second] = matchLines([line({ pixTxid: 'RG0001ABC', amountMinor: 12000 }), line({ pixTxid: 'RG0001ABC', amountMinor: 12000 })], items, { requests: [request] });
    assert.equal(first?.status, 'matched');
    assert.equal(second?.status, 'unmatched');
    assert.match(second?.note ?? '', /possible duplicate/);
  });

  test('a request whose invoices were all paid meanwhile only suggests: a person decides', () => {
    const result = only(matchLines([line({ pixTxid: 'RG0001ABC', amountMinor: 10000 })], [item('NF-3')], { requests: [request] }));
    assert.notEqual(result.status, 'matched');
    assert.match(result.note ?? '', /no open invoice left/);
  });

  test("invoices of another customer named in a request are not paid through it", () => {
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
      ['matched', 'request_amount', 'req-1', [{ invoiceId: 'inv-NF-1', amountMinor: 7000 }, { invoiceId: 'inv-NF-2', amountMinor: 5000 }], 240],
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
