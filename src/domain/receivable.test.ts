import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { closedStatuses, isSettled, openMinor, outstandingMinor, receivableStatus, type ReceivableStatus } from './receivable.ts';

describe('receivable', () => {
  it('is open for the amount less what was paid', () => {
    assert.equal(openMinor({ amountMinor: 10_000, paidMinor: 2_500 }), 7_500);
    assert.equal(outstandingMinor({ amountMinor: 10_000, paidMinor: 10_000 }), 0);
    assert.equal(outstandingMinor({ amountMinor: 10_000, paidMinor: 12_000 }), 0);
  });

  it('is paid once the money applied reaches the amount, not a minor unit before', () => {
    assert.equal(receivableStatus('open', { amountMinor: 10_000, paidMinor: 9_999 }), 'open');
    assert.equal(receivableStatus('open', { amountMinor: 10_000, paidMinor: 10_000 }), 'paid');
  });

  it('counts a booked discount as settled money', () => {
    assert.equal(receivableStatus('open', { amountMinor: 100_000, paidMinor: 90_000, discountMinor: 10_000 }), 'paid');
    assert.equal(receivableStatus('open', { amountMinor: 100_000, paidMinor: 89_999, discountMinor: 10_000 }), 'open');
    assert.equal(isSettled({ amountMinor: 100_000, paidMinor: 90_000 }), false);
  });

  it('reopens a paid receivable when a reversal leaves it short', () => {
    assert.equal(receivableStatus('paid', { amountMinor: 10_000, paidMinor: 4_000 }), 'open');
    assert.equal(receivableStatus('paid', { amountMinor: 10_000, paidMinor: 0 }), 'open');
  });

  it('becomes paid when an edit or a credit lowers the amount to what was paid', () => {
    assert.equal(receivableStatus('open', { amountMinor: 4_000, paidMinor: 4_000 }), 'paid');
    assert.equal(receivableStatus('paid', { amountMinor: 12_000, paidMinor: 10_000 }), 'open');
  });

  it('never moves a void or written-off receivable', () => {
    for (const status of closedStatuses) {
      assert.equal(receivableStatus(status, { amountMinor: 10_000, paidMinor: 10_000 }), status);
      assert.equal(receivableStatus(status, { amountMinor: 10_000, paidMinor: 0 }), status);
    }
  });

  it('is paid exactly when paid plus discount reach the amount, for any open or paid receivable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReceivableStatus>('open', 'paid'),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        (status, amountMinor, paidMinor, discountMinor) => {
          const next = receivableStatus(status, { amountMinor, paidMinor, discountMinor });
          assert.equal(next, paidMinor + discountMinor >= amountMinor ? 'paid' : 'open');
        },
      ),
    );
  });
});
