import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { daysBetween } from './dates.ts';
import { payInFullOffer, planStanding, proposePlan, type InstalmentPayment, type Plan, type PlanLimits, type PlanProposal } from './payment-plan.ts';

const limits: PlanLimits = { maxInstalments: 12, minInstalmentMinor: 5_000, maxDiscountBps: 1_000, maxMonthlyInterestBps: 200, minDownPaymentBps: 1_000 };
const loose: PlanLimits = { maxInstalments: 360, minInstalmentMinor: 1, maxDiscountBps: 10_000, maxMonthlyInterestBps: 10_000, minDownPaymentBps: 0 };

function planOf(input: PlanProposal, planLimits: PlanLimits = limits): Plan {
  const result = proposePlan(input, planLimits);
  if (!result.ok) assert.fail(`plan rejected: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

function errorsOf(input: PlanProposal, planLimits: PlanLimits = limits): { field: string; message: string }[] {
  const result = proposePlan(input, planLimits);
  if (result.ok) assert.fail('plan accepted');
  return result.errors;
}

// R$ 1 200.00 with R$ 200.00 down, the rest in 3 monthly instalments at 1 % a month.
const monthly: PlanProposal = {
  debtMinor: 120_000,
  currency: 'BRL',
  startDate: '2026-01-31',
  downPaymentMinor: 20_000,
  instalments: 3,
  frequency: 'monthly',
  monthlyInterestBps: 100,
};

describe('proposePlan: Price table', () => {
  it('computes a monthly schedule by hand', () => {
    // P = 1000.00, i = 1 %: PMT = 1000 × 0.01 × 1.01³ / (1.01³ − 1) = 10.30301 / 0.030301 = 340.0221… → 340.02
    // 1: interest 1000.00 × 1 % = 10.00, principal 330.02, balance 669.98
    // 2: interest 6.6998 → 6.70, principal 333.32, balance 336.66
    // 3 (last): interest 3.3666 → 3.37, principal the whole 336.66, amount 340.03
    const plan = planOf(monthly);
    assert.deepEqual(plan.instalments, [
      { number: 1, dueDate: '2026-02-28', amountMinor: 34_002, principalMinor: 33_002, interestMinor: 1_000 },
      { number: 2, dueDate: '2026-03-31', amountMinor: 34_002, principalMinor: 33_332, interestMinor: 670 },
      { number: 3, dueDate: '2026-04-30', amountMinor: 34_003, principalMinor: 33_666, interestMinor: 337 },
    ]);
    assert.equal(plan.interestMinor, 2_007); // 10.00 + 6.70 + 3.37
    assert.equal(plan.totalMinor, 122_007); // 200.00 + 340.02 + 340.02 + 340.03
    assert.equal(plan.financedMinor, 100_000);
    assert.equal(plan.downPaymentDueDate, '2026-01-31');
  });

  it('converts the monthly rate to a weekly one by 7/30 of a month', () => {
    // 3 % a month × 7/30 = 0.7 % a week. P = 700.00, n = 2:
    // PMT = 700 × 0.007 × 1.007² / (1.007² − 1) = 4.9688401 / 0.014049 = 353.679… → 353.68
    // 1: interest 4.90, principal 348.78, balance 351.22; 2: interest 2.45854 → 2.46, principal 351.22
    const input: PlanProposal = {
      debtMinor: 70_000,
      currency: 'BRL',
      startDate: '2026-03-02',
      downPaymentMinor: 0,
      instalments: 2,
      frequency: 'weekly',
      monthlyInterestBps: 300,
    };
    const plan = planOf(input, loose);
    assert.deepEqual(plan.instalments, [
      { number: 1, dueDate: '2026-03-09', amountMinor: 35_368, principalMinor: 34_878, interestMinor: 490 },
      { number: 2, dueDate: '2026-03-16', amountMinor: 35_368, principalMinor: 35_122, interestMinor: 246 },
    ]);
    // 1.5 % a month × 14/30 is the same 0.7 % per fortnight: same amounts, dates two weeks apart.
    const biweekly = planOf({ ...input, frequency: 'biweekly', monthlyInterestBps: 150 }, loose);
    assert.deepEqual(
      biweekly.instalments.map((i) => [i.dueDate, i.amountMinor, i.interestMinor]),
      [
        ['2026-03-16', 35_368, 490],
        ['2026-03-30', 35_368, 246],
      ],
    );
  });

  it('splits without interest to the cent, the last instalment absorbing the difference', () => {
    const base = { currency: 'BRL', startDate: '2026-05-10', downPaymentMinor: 0, instalments: 3, frequency: 'monthly', monthlyInterestBps: 0 } as const;
    // 100.00 / 3 = 33.333… → 33.33, 33.33, last 33.34
    assert.deepEqual(
      planOf({ ...base, debtMinor: 10_000 }, loose).instalments.map((i) => i.amountMinor),
      [3_333, 3_333, 3_334],
    );
    // 200.00 / 3 = 66.666… → 66.67, 66.67, last 66.66
    assert.deepEqual(
      planOf({ ...base, debtMinor: 20_000 }, loose).instalments.map((i) => i.amountMinor),
      [6_667, 6_667, 6_666],
    );
    assert.equal(planOf({ ...base, debtMinor: 20_000 }, loose).interestMinor, 0);
  });

  it('keeps the day of month, clamped to the end of shorter months', () => {
    const dates = (startDate: string, instalments: number) =>
      planOf({ ...monthly, startDate, instalments, monthlyInterestBps: 0 }, loose).instalments.map((i) => i.dueDate);
    assert.deepEqual(dates('2024-01-31', 3), ['2024-02-29', '2024-03-31', '2024-04-30']);
    assert.deepEqual(dates('2026-11-30', 4), ['2026-12-30', '2027-01-30', '2027-02-28', '2027-03-30']);
    assert.deepEqual(dates('2026-01-15', 2), ['2026-02-15', '2026-03-15']);
  });
});

describe('proposePlan: limits', () => {
  it('names every field outside the limits', () => {
    const errors = errorsOf({
      debtMinor: 100_000,
      currency: 'BRL',
      startDate: '2026-02-30',
      downPaymentMinor: 5_000,
      instalments: 13,
      frequency: 'daily' as 'weekly',
      monthlyInterestBps: 250,
    });
    assert.deepEqual(errors, [
      { field: 'startDate', message: 'must be a date in the form YYYY-MM-DD' },
      { field: 'downPaymentMinor', message: 'must be at least 100.00 BRL (10 % of the debt)' },
      { field: 'instalments', message: 'must be a whole number from 1 to 12' },
      { field: 'frequency', message: 'must be weekly, biweekly or monthly' },
      { field: 'monthlyInterestBps', message: 'must be a whole number of basis points from 0 to 200 (2 % a month)' },
    ]);
  });

  it('rounds the minimum down payment up', () => {
    // 10 % of 1000.01 = 100.001 → at least 100.01
    assert.deepEqual(errorsOf({ ...monthly, debtMinor: 100_001, downPaymentMinor: 10_000 }), [
      { field: 'downPaymentMinor', message: 'must be at least 100.01 BRL (10 % of the debt)' },
    ]);
    assert.equal(proposePlan({ ...monthly, debtMinor: 100_001, downPaymentMinor: 10_001 }, limits).ok, true);
  });

  it('refuses instalments below the minimum and a down payment that leaves nothing', () => {
    // 450.00 in 12 = 37.50 < 50.00; in 9 = 50.00 exactly
    const small = { ...monthly, debtMinor: 50_000, downPaymentMinor: 5_000, monthlyInterestBps: 0 };
    assert.deepEqual(errorsOf({ ...small, instalments: 12 }), [
      { field: 'instalments', message: '12 instalments would be below the minimum instalment of 50.00 BRL: choose fewer' },
    ]);
    assert.deepEqual(
      planOf({ ...small, instalments: 9 }).instalments.map((i) => i.amountMinor),
      new Array(9).fill(5_000),
    );
    assert.deepEqual(
      errorsOf({ ...monthly, downPaymentMinor: 120_000 }).map((e) => e.field),
      ['downPaymentMinor'],
    );
  });

  it('refuses an amount too small to split, rather than a negative instalment', () => {
    // 0.05 in 8: 0.00625 → 0.01 each would leave −0.02 for the last
    assert.deepEqual(
      errorsOf({ ...monthly, debtMinor: 5, downPaymentMinor: 0, instalments: 8, monthlyInterestBps: 0 }, loose).map((e) => e.field),
      ['instalments'],
    );
  });

  it('rejects malformed input and limits', () => {
    assert.deepEqual(
      errorsOf({ ...monthly, debtMinor: 0, currency: 'REAL' }).map((e) => e.field),
      ['currency', 'debtMinor'],
    );
    assert.deepEqual(
      errorsOf({ ...monthly, instalments: 2.5 }).map((e) => e.field),
      ['instalments'],
    );
    assert.throws(() => proposePlan(monthly, { ...limits, maxInstalments: -1 }), /maxInstalments/);
  });
});

describe('payInFullOffer', () => {
  it('grants the discount asked for, capped by the limit', () => {
    assert.deepEqual(payInFullOffer(100_000, 500, limits), { discountBps: 500, discountMinor: 5_000, amountMinor: 95_000 });
    assert.deepEqual(payInFullOffer(100_000, 1_500, limits), { discountBps: 1_000, discountMinor: 10_000, amountMinor: 90_000 });
    // 10 % of 123.45 = 12.345 → 12.35 (half away from zero)
    assert.deepEqual(payInFullOffer(12_345, 1_000, limits), { discountBps: 1_000, discountMinor: 1_235, amountMinor: 11_110 });
    assert.throws(() => payInFullOffer(100, -1, limits), /discount/);
  });

  it('never asks for more than the debt or less than nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), (debt, asked, max) => {
        const offer = payInFullOffer(debt, asked, { ...limits, maxDiscountBps: max });
        assert.ok(offer.discountBps <= Math.min(asked, max, 10_000));
        assert.ok(offer.amountMinor >= 0 && offer.discountMinor >= 0);
        assert.equal(offer.amountMinor + offer.discountMinor, debt);
      }),
    );
  });
});

describe('planStanding: a debtor on a plan', () => {
  // Down payment R$ 200.00 due 01-31; 340.02 due 02-28, 340.02 due 03-31, 340.03 due 04-30; 5 days' tolerance.
  const plan = planOf(monthly);
  const down: InstalmentPayment = { instalment: 0, amountMinor: 20_000, paidOn: '2026-01-31' };
  const standing = (payments: InstalmentPayment[], asOf: string) => planStanding(plan, payments, asOf, 5);

  it('Jan 31: the down payment is due today, not late yet', () => {
    assert.equal(standing([], '2026-01-31'), 'good_standing');
  });

  it('Feb 1-5: down payment missing, late but within tolerance; Feb 6: broken', () => {
    assert.equal(standing([], '2026-02-01'), 'late');
    assert.equal(standing([], '2026-02-05'), 'late');
    assert.equal(standing([], '2026-02-06'), 'broken');
  });

  it('Mar 1: down paid, first instalment a day late; a partial payment does not cure it', () => {
    assert.equal(standing([down], '2026-02-28'), 'good_standing');
    assert.equal(standing([down], '2026-03-01'), 'late');
    const partial = { instalment: 1, amountMinor: 10_000, paidOn: '2026-03-01' };
    assert.equal(standing([down, partial], '2026-03-05'), 'late');
    assert.equal(standing([down, partial], '2026-03-06'), 'broken');
    // The rest on Mar 4, inside the tolerance: back in good standing.
    assert.equal(standing([down, partial, { instalment: 1, amountMinor: 24_002, paidOn: '2026-03-04' }], '2026-03-10'), 'good_standing');
  });

  it('a plan paid late beyond the tolerance stays broken, until everything is paid', () => {
    const lateFirst = { instalment: 1, amountMinor: 34_002, paidOn: '2026-03-10' };
    assert.equal(standing([down, lateFirst], '2026-03-20'), 'broken');
    const rest = [
      { instalment: 2, amountMinor: 34_002, paidOn: '2026-03-31' },
      { instalment: 3, amountMinor: 34_003, paidOn: '2026-04-30' },
    ];
    assert.equal(standing([down, lateFirst, ...rest], '2026-04-30'), 'completed');
  });

  it('ignores payments dated after the as-of date', () => {
    const future = { instalment: 0, amountMinor: 20_000, paidOn: '2026-02-15' };
    assert.equal(standing([future], '2026-02-10'), 'broken');
    assert.equal(standing([future], '2026-02-04'), 'late');
  });

  it('rejects payments for parts the plan does not have', () => {
    assert.throws(() => standing([{ instalment: 4, amountMinor: 1, paidOn: '2026-02-01' }], '2026-02-01'), /instalment 4/);
    const noDown = planOf({ ...monthly, downPaymentMinor: 0 }, loose);
    assert.throws(() => planStanding(noDown, [down], '2026-02-01', 5), /instalment 0/);
    assert.equal(planStanding(noDown, [], '2026-02-01', 5), 'good_standing');
  });
});

describe('payment plans: properties', () => {
  const proposal = fc.record({
    // Small debts too, where many instalments cannot be split into whole cents.
    debtMinor: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 10_000_000_000 })),
    downShare: fc.integer({ min: 0, max: 9_000 }),
    instalments: fc.integer({ min: 1, max: 48 }),
    frequency: fc.constantFrom('weekly' as const, 'biweekly' as const, 'monthly' as const),
    monthlyInterestBps: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000 })),
    startDay: fc.integer({ min: 0, max: 3_000 }),
  });
  const toInput = (p: {
    debtMinor: number;
    downShare: number;
    instalments: number;
    frequency: 'weekly' | 'biweekly' | 'monthly';
    monthlyInterestBps: number;
    startDay: number;
  }): PlanProposal => ({
    debtMinor: p.debtMinor,
    currency: 'BRL',
    startDate: new Date(Date.UTC(2024, 0, 1 + p.startDay)).toISOString().slice(0, 10),
    downPaymentMinor: Math.floor((p.debtMinor * p.downShare) / 10_000),
    instalments: p.instalments,
    frequency: p.frequency,
    monthlyInterestBps: p.monthlyInterestBps,
  });

  it('adds up to the cent: principal = financed amount, total = down + instalments', () => {
    fc.assert(
      fc.property(proposal, (p) => {
        const input = toInput(p);
        const result = proposePlan(input, loose);
        if (!result.ok) {
          // With loose limits only an amount too small to split may be refused.
          assert.deepEqual(
            result.errors.map((e) => e.field),
            ['instalments'],
          );
          return;
        }
        const { plan } = result;
        const sum = (f: (i: Plan['instalments'][number]) => number) => plan.instalments.reduce((s, i) => s + f(i), 0);
        assert.equal(plan.instalments.length, input.instalments);
        assert.equal(
          sum((i) => i.principalMinor),
          input.debtMinor - input.downPaymentMinor,
        );
        assert.equal(plan.totalMinor, input.downPaymentMinor + sum((i) => i.amountMinor));
        assert.equal(
          plan.interestMinor,
          sum((i) => i.interestMinor),
        );
        for (const i of plan.instalments) {
          assert.equal(i.amountMinor, i.principalMinor + i.interestMinor);
          assert.ok(i.amountMinor >= 1 && i.principalMinor >= 0 && i.interestMinor >= 0);
        }
        if (input.monthlyInterestBps === 0) assert.equal(plan.interestMinor, 0);
      }),
    );
  });

  it('has the Price instalment of the textbook formula, the last one off by little', () => {
    fc.assert(
      fc.property(proposal, (p) => {
        const input = toInput(p);
        const result = proposePlan(input, loose);
        if (!result.ok || input.instalments < 2) return;
        const n = input.instalments;
        const P = input.debtMinor - input.downPaymentMinor;
        const days = { weekly: 7, biweekly: 14, monthly: 30 }[input.frequency];
        const i = (input.monthlyInterestBps / 10_000) * (days / 30);
        // Floating point is fine for a reference with a tolerance; the code under test is exact.
        const reference = i === 0 ? P / n : (P * i) / (1 - (1 + i) ** -n);
        const [first, ...rest] = result.plan.instalments.map((x) => x.amountMinor);
        assert.ok(Math.abs((first ?? 0) - reference) <= 0.5 + reference * 1e-12, `PMT ${first} vs ${reference}`);
        for (const amount of rest.slice(0, -1)) assert.equal(amount, first);
        // Each period's rounding moves the balance by at most one unit, compounded at most (1+i)^n.
        assert.ok(Math.abs((rest.at(-1) ?? 0) - (first ?? 0)) <= n * (1 + i) ** n + 1);
      }),
    );
  });

  it('falls due on increasing dates, one period apart', () => {
    fc.assert(
      fc.property(proposal, (p) => {
        const input = toInput(p);
        const result = proposePlan(input, loose);
        if (!result.ok) return;
        let previous = input.startDate;
        for (const instalment of result.plan.instalments) {
          const gap = daysBetween(previous, instalment.dueDate);
          if (input.frequency === 'monthly') assert.ok(gap >= 28 && gap <= 31, `gap ${gap}`);
          else assert.equal(gap, input.frequency === 'weekly' ? 7 : 14);
          previous = instalment.dueDate;
        }
      }),
    );
  });

  it('stays in good standing when every part is paid on its due date, and completes with the last', () => {
    fc.assert(
      fc.property(proposal, fc.integer({ min: -10, max: 1_500 }), fc.integer({ min: 0, max: 10 }), (p, offset, tolerance) => {
        const input = toInput(p);
        const result = proposePlan(input, loose);
        if (!result.ok) return;
        const { plan } = result;
        const payments: InstalmentPayment[] = plan.instalments.map((i) => ({ instalment: i.number, amountMinor: i.amountMinor, paidOn: i.dueDate }));
        if (plan.downPaymentMinor > 0) payments.push({ instalment: 0, amountMinor: plan.downPaymentMinor, paidOn: plan.downPaymentDueDate });
        const asOf = new Date(Date.parse(`${input.startDate}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
        const lastDue = plan.instalments.at(-1)?.dueDate ?? '';
        assert.equal(planStanding(plan, payments, asOf, tolerance), asOf >= lastDue ? 'completed' : 'good_standing');
      }),
    );
  });
});
