import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateOldestFirst, allocatePayments, allocateTo, reallocate, type CustomerReceivable, type PendingPayment } from './allocation.ts';

describe('allocation', () => {
  const open = [
    { id: 'c', dueDate: '2026-10-10', issueDate: '2026-09-10', openMinor: 300 },
    { id: 'a', dueDate: '2026-09-10', issueDate: '2026-08-10', openMinor: 100 },
    { id: 'b', dueDate: '2026-09-10', issueDate: '2026-08-01', openMinor: 200 },
  ];

  it('pays the oldest due date first, then the oldest issue date', () => {
    assert.deepEqual(allocateOldestFirst(250, open), {
      allocations: [
        { receivableId: 'b', amountMinor: 200 },
        { receivableId: 'a', amountMinor: 50 },
      ],
      unallocatedMinor: 0,
    });
  });

  it('keeps what is left over as a credit', () => {
    const plan = allocateOldestFirst(1000, open);
    assert.equal(plan.unallocatedMinor, 400);
    assert.deepEqual(
      plan.allocations.map((a) => a.receivableId),
      ['b', 'a', 'c'],
    );
  });

  it('pays a named invoice up to its open amount', () => {
    assert.deepEqual(allocateTo(500, open[0]!), { allocations: [{ receivableId: 'c', amountMinor: 300 }], unallocatedMinor: 200 });
  });

  it('never allocates more than the payment or than any invoice owes', () => {
    const receivable = fc.record({
      id: fc.uuid(),
      dueDate: fc.constantFrom('2026-01-01', '2026-02-01'),
      issueDate: fc.constant('2025-12-01'),
      openMinor: fc.integer({ min: 0, max: 10_000 }),
    });
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

  describe('many payments at once', () => {
    /** The reference: one payment at a time, named invoice first, then oldest first. */
    function oneByOne(payments: readonly PendingPayment[], receivables: readonly CustomerReceivable[]) {
      const open = new Map(receivables.map((r) => [r.id, { ...r }]));
      const result: { paymentId: string; receivableId: string; amountMinor: number }[] = [];
      for (const payment of payments) {
        let left = payment.leftMinor;
        const apply = (plan: ReturnType<typeof allocateTo>) => {
          for (const a of plan.allocations) {
            open.get(a.receivableId)!.openMinor -= a.amountMinor;
            result.push({ paymentId: payment.id, receivableId: a.receivableId, amountMinor: a.amountMinor });
          }
          left = plan.unallocatedMinor;
        };
        const target = payment.targetId ? open.get(payment.targetId) : undefined;
        if (target && target.currency === payment.currency && target.openMinor > 0) apply(allocateTo(left, target));
        const candidates = [...open.values()].filter((r) => r.customerId === payment.customerId && r.currency === payment.currency && r.openMinor > 0);
        if (left > 0 && candidates.length > 0) apply(allocateOldestFirst(left, candidates));
      }
      return result;
    }

    const receivableArb = fc.record({
      id: fc.uuid(),
      customerId: fc.constantFrom('k1', 'k2'),
      currency: fc.constantFrom('BRL', 'USD'),
      dueDate: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
      issueDate: fc.constantFrom('2025-12-01', '2025-12-15'),
      openMinor: fc.integer({ min: 0, max: 5_000 }),
    });

    it('does what allocating one payment at a time does', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(receivableArb, { selector: (r) => r.id, maxLength: 12 }),
          fc.array(
            fc.record({
              customerId: fc.constantFrom('k1', 'k2'),
              currency: fc.constantFrom('BRL', 'USD'),
              leftMinor: fc.integer({ min: 1, max: 8_000 }),
              target: fc.nat(20),
            }),
            { maxLength: 8 },
          ),
          (receivables, drafts) => {
            const payments: PendingPayment[] = drafts.map((d, i) => ({
              id: `p${i}`,
              customerId: d.customerId,
              currency: d.currency,
              receivedOn: '2026-02-10',
              leftMinor: d.leftMinor,
              targetId: receivables[d.target]?.id ?? null,
            }));
            const batch = allocatePayments(payments, receivables).allocations.map(({ paymentId, receivableId, amountMinor }) => ({
              paymentId,
              receivableId,
              amountMinor,
            }));
            assert.deepEqual(batch, oneByOne(payments, receivables));
          },
        ),
      );
    });

    it('dates each allocation the later of the payment and the invoice issue', () => {
      const receivables = [
        { id: 'old', customerId: 'k', currency: 'BRL', dueDate: '2026-01-10', issueDate: '2025-12-10', openMinor: 100 },
        { id: 'new', customerId: 'k', currency: 'BRL', dueDate: '2026-03-10', issueDate: '2026-02-20', openMinor: 100 },
      ];
      const payments = [{ id: 'p', customerId: 'k', currency: 'BRL', receivedOn: '2026-02-01', leftMinor: 150 }];
      assert.deepEqual(allocatePayments(payments, receivables).allocations, [
        { paymentId: 'p', receivableId: 'old', amountMinor: 100, allocatedOn: '2026-02-01' },
        { paymentId: 'p', receivableId: 'new', amountMinor: 50, allocatedOn: '2026-02-20' },
      ]);
    });
  });
});

describe('reallocate', () => {
  const parts = [
    { id: 'part-2', dueDate: '2026-11-10', issueDate: '2026-09-01', openMinor: 5_000 },
    { id: 'part-1', dueDate: '2026-10-10', issueDate: '2026-09-01', openMinor: 3_000 },
  ];

  it('moves the money onto the parts oldest due first, dated from the plan at the earliest', () => {
    assert.deepEqual(reallocate({ paymentId: 'p', receivableId: 'inv', amountMinor: 4_000, allocatedOn: '2026-08-20' }, parts, '2026-09-01'), [
      { paymentId: 'p', receivableId: 'part-1', amountMinor: 3_000, allocatedOn: '2026-09-01' },
      { paymentId: 'p', receivableId: 'part-2', amountMinor: 1_000, allocatedOn: '2026-09-01' },
    ]);
  });

  it('leaves what the parts cannot take on the receivable it was on, with its own date', () => {
    const moved = reallocate({ paymentId: 'p', receivableId: 'inv', amountMinor: 10_000, allocatedOn: '2026-09-15' }, parts, '2026-09-01');
    assert.deepEqual(moved.at(-1), { paymentId: 'p', receivableId: 'inv', amountMinor: 2_000, allocatedOn: '2026-09-15' });
    assert.equal(
      moved.reduce((sum, m) => sum + m.amountMinor, 0),
      10_000,
    );
    assert.ok(moved.slice(0, -1).every((m) => m.allocatedOn === '2026-09-15'));
  });
});
