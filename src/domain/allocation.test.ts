import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateOldestFirst, allocateTo } from './allocation.ts';

describe('allocation', () => {
  const open = [
    { id: 'c', dueDate: '2026-10-10', issueDate: '2026-09-10', openMinor: 300 },
    { id: 'a', dueDate: '2026-09-10', issueDate: '2026-08-10', openMinor: 100 },
    { id: 'b', dueDate: '2026-09-10', issueDate: '2026-08-01', openMinor: 200 },
  ];

  it('pays the oldest due date first, then the oldest issue date', () => {
    assert.deepEqual(allocateOldestFirst(250, open), {
      allocations: [{ receivableId: 'b', amountMinor: 200 }, { receivableId: 'a', amountMinor: 50 }],
      unallocatedMinor: 0,
    });
  });

  it('keeps what is left over as a credit', () => {
    const plan = allocateOldestFirst(1000, open);
    assert.equal(plan.unallocatedMinor, 400);
    assert.deepEqual(plan.allocations.map((a) => a.receivableId), ['b', 'a', 'c']);
  });

  it('pays a named invoice up to its open amount', () => {
    assert.deepEqual(allocateTo(500, open[0]!), { allocations: [{ receivableId: 'c', amountMinor: 300 }], unallocatedMinor: 200 });
  });

  it('never allocates more than the payment or than any invoice owes', () => {
    const receivable = fc.record({ id: fc.uuid(), dueDate: fc.constantFrom('2026-01-01', '2026-02-01'), issueDate: fc.constant('2025-12-01'), openMinor: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.uniqueArray(receivable, { selector: (r) => r.id, maxLength: 10 }), (amount, receivables) => {
        const plan = allocateOldestFirst(amount, receivables);
        const allocated = plan.allocations.reduce((sum, a) => sum + a.amountMinor, 0);
        assert.equal(allocated + plan.unallocatedMinor, amount);
        for (const a of plan.allocations) {
          assert.ok(a.amountMinor > 0 && a.amountMinor <= receivables.find((r) => r.id === a.receivableId)!.openMinor);
        }
        const owed = receivables.reduce((sum, r) => sum + r.openMinor, 0);
        assert.equal(plan.unallocatedMinor, Math.max(0, amount - owed));
      }),
    );
  });
});
