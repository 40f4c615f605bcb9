import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paymentBehaviour, type BehaviourHistory, type BehaviourInvoice } from './behaviour.ts';

const invoice = (id: string, dueDate: string, amountMinor: number, extra: Partial<BehaviourInvoice> = {}): BehaviourInvoice => ({
  id,
  currency: 'BRL',
  issueDate: '2026-01-01',
  dueDate,
  amountMinor,
  voidedOn: null,
  writtenOffOn: null,
  instalment: false,
  coveredByPlan: [],
  ...extra,
});
const paidOn = (invoiceId: string, allocatedOn: string, amountMinor: number, reversedOn: string | null = null) => ({
  invoiceId,
  amountMinor,
  allocatedOn,
  reversedOn,
});

describe('payment behaviour', () => {
  const history: BehaviourHistory = {
    invoices: [
      invoice('early', '2026-02-01', 10_000), // paid on time
      invoice('late10', '2026-03-01', 30_000), // paid 10 days late, in two parts
      invoice('late40', '2026-04-01', 10_000), // paid 40 days late
      invoice('open', '2026-05-01', 5_000), // part paid, 30 days overdue on 05-31
      invoice('bounced', '2026-05-20', 2_000), // paid, then the payment bounced
      invoice('void', '2026-03-01', 9_999, { voidedOn: '2026-03-05' }),
      invoice('gone', '2026-01-15', 1_000, { writtenOffOn: '2026-04-30' }),
      invoice('inst', '2026-05-10', 4_000, { instalment: true }),
      invoice('covered', '2026-02-10', 7_000, { coveredByPlan: [{ from: '2026-04-01', until: null }] }),
      invoice('later', '2026-07-01', 8_000, { issueDate: '2026-06-01' }),
    ],
    allocations: [
      paidOn('early', '2026-01-25', 10_000),
      paidOn('late10', '2026-03-05', 10_000),
      paidOn('late10', '2026-03-11', 20_000),
      paidOn('late40', '2026-05-11', 10_000),
      paidOn('open', '2026-05-15', 1_000),
      paidOn('bounced', '2026-05-18', 2_000, '2026-05-25'),
      paidOn('inst', '2026-05-10', 4_000),
    ],
    promises: [
      { madeOn: '2026-03-01', deadline: '2026-03-10', status: 'kept' },
      { madeOn: '2026-04-01', deadline: '2026-04-10', status: 'broken' },
      { madeOn: '2026-05-25', deadline: '2026-06-10', status: 'pending' },
      { madeOn: '2026-04-02', deadline: '2026-04-20', status: 'cancelled' },
    ],
    disputesOpenedOn: ['2026-03-02', '2026-06-15'],
    plans: [
      { status: 'broken', closedOn: '2026-05-01' },
      { status: 'active', closedOn: null },
    ],
  };

  it('punctuality, trend, promises, disputes, plans and what is overdue, as of a date', () => {
    const profile = paymentBehaviour(history, '2026-05-31');
    assert.equal(profile.invoicesPaid, 3);
    assert.equal(profile.paidLate, 2);
    assert.equal(profile.paidOver30DaysLate, 1);
    assert.equal(profile.sharePaidLate, 2 / 3);
    assert.equal(profile.averageDaysLate, 50 / 3); // 0, 10, 40
    assert.equal(profile.weightedDaysLate, (10 * 30_000 + 40 * 10_000) / 50_000);
    // Paid in the 90 days to 05-31 (from 03-03): late10 (10) and late40 (40); before: early (0).
    assert.deepEqual(profile.trend, { recentAverageDaysLate: 25, earlierAverageDaysLate: 0, direction: 'worsening' });
    assert.deepEqual(profile.promises, { made: 4, kept: 1, broken: 1, pending: 1, cancelled: 1, keptRate: 0.5 });
    assert.equal(profile.disputes, 1);
    assert.equal(profile.plansBroken, 1);
    assert.equal(profile.writtenOff, 1);
    // open 4000 (30 days) + bounced 2000 (11 days); the plan-covered invoice is not counted.
    assert.deepEqual(profile.overdue, [{ currency: 'BRL', amountMinor: 6_000, invoices: 2, oldestDaysOverdue: 30 }]);
    assert.deepEqual(profile.recentDaysLate, [0, 10, 40]);
  });

  it('history does not move: as of an earlier date, later payments and events do not count', () => {
    const profile = paymentBehaviour(history, '2026-03-08');
    assert.equal(profile.invoicesPaid, 1);
    assert.equal(profile.sharePaidLate, 0);
    assert.deepEqual(profile.trend.direction, null);
    assert.deepEqual(profile.promises, { made: 1, kept: 0, broken: 0, pending: 1, cancelled: 0, keptRate: null });
    assert.equal(profile.plansBroken, 0);
    // late10: 20000 still open (7 days); gone: 1000 (52 days); covered: 7000 (26 days, no plan yet).
    assert.deepEqual(profile.overdue, [{ currency: 'BRL', amountMinor: 28_000, invoices: 3, oldestDaysOverdue: 52 }]);
  });

  it('a customer without history has null ratios, not zeros', () => {
    const profile = paymentBehaviour({ invoices: [], allocations: [], promises: [], disputesOpenedOn: [], plans: [] }, '2026-05-31');
    assert.deepEqual(
      [profile.invoicesPaid, profile.sharePaidLate, profile.averageDaysLate, profile.weightedDaysLate, profile.overdue],
      [0, null, null, null, []],
    );
  });
});
