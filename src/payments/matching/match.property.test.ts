import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { StatementLine } from '../bank-files/statement.ts';
import type { OpenItem } from './match.ts';
import { AUTO_MATCH_CONFIDENCE, matchLines } from './match.ts';

// Small id spaces, so that txids, nossos números, invoice numbers, amounts and tax ids collide
// between items and lines as often as the rules need to be exercised.
const amount = fc.constantFrom(0, 1, 500, 48000, 125000, 125001, 999_999);
const taxId = fc.constantFrom('11222333000181', '12345678909', '04252011000110');
const name = fc.constantFrom('Maria Aparecida de Souza', 'MARIA A SOUZA', 'Padaria Bom Pão', 'João Silva', 'PIX RECEBIDO JOAO SILVA');
const ref = (prefix: string): fc.Arbitrary<string> => fc.integer({ min: 0, max: 6 }).map((n) => `${prefix}${n}`);

const openItem = fc.record(
  {
    invoiceId: fc.uuid(),
    customerId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
    customerTaxId: taxId,
    customerName: name,
    invoiceNumber: ref('NF-'),
    nossoNumero: ref('000'),
    pixTxid: ref('TX'),
    openMinor: amount,
    currency: fc.constantFrom('BRL', 'BRL', 'USD'),
    dueDate: fc.constantFrom('2026-01-10', '2026-02-10', '2026-03-10'),
  },
  { requiredKeys: ['invoiceId', 'customerId', 'invoiceNumber', 'openMinor', 'currency', 'dueDate'], noNullPrototype: true },
);

const statementLine = fc.record(
  {
    fingerprint: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    amountMinor: fc.oneof(amount, fc.integer({ min: -1_000_000, max: 1_000_000 })),
    kind: fc.constantFrom('settlement', 'credit', 'credit', 'debit', 'info'),
    nossoNumero: ref('0'),
    pixTxid: ref('tx'),
    memo: fc.array(fc.oneof(ref('NF-'), fc.constantFrom('PIX', 'REF', 'E')), { maxLength: 3 }).map((t) => t.join(' ')),
    documentNumber: ref('NF-'),
    payerTaxId: taxId,
    payerName: name,
  },
  { requiredKeys: ['fingerprint', 'amountMinor', 'kind'], noNullPrototype: true },
);

test('matching never allocates more than a line brought nor more than an item had open', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(
      fc.array(statementLine, { maxLength: 25 }),
      fc.uniqueArray(openItem, { maxLength: 30, selector: (i) => i.invoiceId }),
      fc.constantFrom(undefined, 'BRL'),
      (drafts, items, currency) => {
        const lines: StatementLine[] = drafts.map((d, i) => ({ ...d, lineNo: i + 1, date: '2026-03-02' }));
        const results = matchLines(lines, items, currency === undefined ? {} : { currency });
        assert.equal(results.length, lines.length);
        const open = new Map(items.map((i) => [i.invoiceId, i]));
        const allocatedTo = new Map<string, number>();
        results.forEach((result, index) => {
          const line = lines[index] as StatementLine;
          assert.equal(result.lineNo, line.lineNo);
          const total = result.allocations.reduce((sum, a) => sum + a.amountMinor, 0);
          for (const allocation of result.allocations) {
            const item = open.get(allocation.invoiceId);
            assert.ok(item, 'allocated to an item that was not a candidate');
            assert.ok(allocation.amountMinor > 0 && allocation.amountMinor <= item.openMinor);
            if (currency !== undefined) assert.equal(item.currency, currency);
            allocatedTo.set(allocation.invoiceId, (allocatedTo.get(allocation.invoiceId) ?? 0) + allocation.amountMinor);
          }
          assert.ok(total <= Math.max(0, line.amountMinor), 'allocated more than the line brought');
          if (result.status === 'matched') {
            assert.ok(result.confidence >= AUTO_MATCH_CONFIDENCE && result.allocations.length > 0);
            assert.equal(result.unallocatedMinor, line.amountMinor - total);
          } else {
            assert.deepEqual(result.allocations, []);
            assert.ok(result.confidence < AUTO_MATCH_CONFIDENCE);
          }
          if (result.status === 'ignored')
            assert.ok(line.kind === 'debit' || line.kind === 'info' || line.amountMinor <= 0 || result.duplicateOfLine !== undefined);
          assert.ok(result.suggestions.length <= 3);
          for (const s of result.suggestions) assert.ok(s.confidence > 0 && s.confidence < AUTO_MATCH_CONFIDENCE && open.has(s.invoiceId));
        });
        for (const [invoiceId, allocated] of allocatedTo) {
          assert.ok(allocated <= (open.get(invoiceId) as OpenItem).openMinor, `${invoiceId} over-allocated across lines`);
        }
        // pure: the same input gives the same results
        assert.deepEqual(matchLines(lines, items, currency === undefined ? {} : { currency }), results);
      },
    ),
    { numRuns: 1500 },
  );
});
