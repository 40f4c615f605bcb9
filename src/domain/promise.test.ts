import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countingWindow,
  defaultCoverage,
  graceDaysProblem,
  openOnInvoices,
  paidTowards,
  promiseDeadline,
  promiseOutcome,
  settlePromise,
  type PromisePayment,
  type PromiseTerms,
} from './promise.ts';

const promise: PromiseTerms = { madeOn: '2026-11-04', promisedDate: '2026-11-10', graceDays: 2, amountMinor: 50_000, invoiceIds: ['nf-1'] };
const pay = (allocatedOn: string, amountMinor: number, invoiceId = 'nf-1', reversedOn: string | null = null): PromisePayment => ({
  invoiceId,
  amountMinor,
  allocatedOn,
  reversedOn,
});

describe('promise rules', () => {
  it('grace: 0 to 60 whole days', () => {
    assert.equal(graceDaysProblem(0), null);
    assert.equal(graceDaysProblem(60), null);
    assert.equal(graceDaysProblem(61), 'must be a whole number of days from 0 to 60');
    assert.equal(graceDaysProblem(-1), 'must be a whole number of days from 0 to 60');
    assert.equal(graceDaysProblem(1.5), 'must be a whole number of days from 0 to 60');
  });

  it('deadline: promised date plus grace days', () => {
    assert.equal(promiseDeadline('2026-11-10', 2), '2026-11-12');
    assert.equal(promiseDeadline('2026-12-31', 1), '2027-01-01');
    assert.deepEqual(countingWindow(promise, '2026-11-11'), { from: '2026-11-04', until: '2026-11-11' });
    assert.deepEqual(countingWindow(promise, '2026-11-20'), { from: '2026-11-04', until: '2026-11-12' });
  });

  it('coverage: overdue invoices oldest first until the amount is open on them', () => {
    const overdue = [
      { id: 'a', amount_minor: 300, paid_minor: 100 },
      { id: 'b', amount_minor: 500, paid_minor: 0 },
      { id: 'c', amount_minor: 100, paid_minor: 0 },
    ];
    assert.deepEqual(
      defaultCoverage(overdue, 200).map((i) => i.id),
      ['a'],
    );
    assert.deepEqual(
      defaultCoverage(overdue, 201).map((i) => i.id),
      ['a', 'b'],
    );
    assert.deepEqual(
      defaultCoverage(overdue, 10_000).map((i) => i.id),
      ['a', 'b', 'c'],
    );
    assert.equal(openOnInvoices(overdue), 800);
    assert.deepEqual(defaultCoverage([], 1), []);
  });

  it('kept: paid in full by the deadline, counting only its invoices, its window and unreversed payments', () => {
    const payments = [
      pay('2026-11-03', 50_000),
      pay('2026-11-05', 20_000),
      pay('2026-11-06', 10_000, 'nf-1', '2026-11-07'),
      pay('2026-11-12', 30_000),
      pay('2026-11-12', 99_000, 'nf-9'),
    ];
    assert.equal(paidTowards(promise, payments, '2026-11-11'), 20_000);
    assert.equal(paidTowards(promise, payments, '2026-11-12'), 50_000);
    assert.deepEqual(settlePromise(promise, payments, '2026-11-12'), { outcome: 'kept', paidMinor: 50_000, deadline: '2026-11-12' });
    assert.equal(settlePromise(promise, payments, '2026-11-11'), null);
  });

  it('broken: the day after the deadline with the sum short; a late payment does not count', () => {
    const payments = [pay('2026-11-05', 20_000), pay('2026-11-13', 30_000)];
    assert.equal(settlePromise(promise, payments, '2026-11-12'), null);
    assert.deepEqual(settlePromise(promise, payments, '2026-11-13'), { outcome: 'broken', paidMinor: 20_000, deadline: '2026-11-12' });
    assert.equal(promiseOutcome(promise, 60_000, '2026-11-30'), 'kept');
    assert.equal(settlePromise(promise, [pay('2026-11-05', 70_000)], '2026-11-05')?.paidMinor, 50_000);
  });
});
