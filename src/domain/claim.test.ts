import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemiseClaim } from './claim.ts';

describe('itemiseClaim', () => {
  const invoices = [
    { id: 'a', dueDate: '2026-09-01', openMinor: 100_000 },
    { id: 'b', dueDate: '2026-11-02', openMinor: 50_000 },
    { id: 'c', dueDate: '2026-12-01', openMinor: 30_000 },
    { id: 'd', dueDate: '2026-08-01', openMinor: 0 },
  ];
  const charges = [
    { invoiceId: 'a', component: 'late_fee' as const, amountMinor: 2_000 },
    { invoiceId: 'a', component: 'interest' as const, amountMinor: 2_067 },
  ];

  it('claims only what is overdue on the date (due today is not), with its charges itemised', () => {
    const claim = itemiseClaim(invoices, charges, '2026-11-02');
    assert.deepEqual(
      claim.lines.map((l) => [l.invoice.id, l.daysOverdue, l.lateFeeMinor, l.interestMinor, l.compensationMinor, l.totalMinor]),
      [['a', 62, 2_000, 2_067, 0, 104_067]],
    );
    assert.deepEqual(
      claim.notDue.map((i) => i.id),
      ['b', 'c'],
    );
    assert.deepEqual([claim.openMinor, claim.chargesMinor, claim.totalMinor], [100_000, 4_067, 104_067]);
  });

  it('includes invoices not yet due when asked', () => {
    const claim = itemiseClaim(invoices, charges, '2026-11-02', { includeNotDue: true });
    assert.deepEqual(
      claim.lines.map((l) => l.invoice.id),
      ['a', 'b', 'c'],
    );
    assert.deepEqual([claim.notDue.length, claim.totalMinor], [0, 184_067]);
  });
});
