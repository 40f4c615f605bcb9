import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectionEffectivenessIndex, collectionMetrics, countbackDso, standardDso } from './metrics.ts';
import { addMonths, monthWindowsBack } from './periods.ts';

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

describe('collection metrics', () => {
  it('reproduces the published CEI example (CreditGuru, "Ratio - Collection Effectiveness Index (CEI)")', () => {
    // creditguru.com/index.php/collection-management/collection-metrics/collection-effectiveness-index-cei:
    // Jan–Mar credit sales 3,390 + 3,610 + 3,890 = 10,890 over N = 3 months, so the formula's
    // "monthly credit sales" is 10,890 / 3 = 3,630; beginning receivables 6,200, ending total
    // receivables 6,340, ending current receivables 3,590 → CEI = 3,490 / 6,240 = 55.9 %.
    const cei = collectionEffectivenessIndex({ beginningMinor: 620_000, creditSalesMinor: 1_089_000 / 3, endingMinor: 634_000, endingCurrentMinor: 359_000 });
    assert.equal(round1(cei), 55.9);
  });

  it('reproduces the published countback DSO example (Benji Pays, "Mastering DSO Calculation: The Count-Back Method Explained")', () => {
    // support.benjipays.com/support/solutions/articles/150000179580: credit sales month 1
    // $70,000, month 2 $80,000, month 3 $100,000 (30-day months), ending receivables $212,000:
    // month 3 and month 2 fully (60 days), then 32,000 / 70,000 × 30 = 13.7 days → 73.7 days.
    const windows = [
      { salesMinor: 10_000_000, days: 30 },
      { salesMinor: 8_000_000, days: 30 },
      { salesMinor: 7_000_000, days: 30 },
    ];
    assert.equal(round1(countbackDso(21_200_000, windows)), 73.7);
  });

  it('countback: within the last month, nothing owed, and receivables older than every window', () => {
    const windows = [
      { salesMinor: 1000, days: 31 },
      { salesMinor: 1000, days: 30 },
    ];
    assert.equal(countbackDso(500, windows), 15.5);
    assert.equal(countbackDso(0, windows), 0);
    assert.equal(countbackDso(5000, windows), 61);
    assert.equal(
      countbackDso(1000, [
        { salesMinor: 0, days: 31 },
        { salesMinor: 2000, days: 30 },
      ]),
      46,
    );
    assert.equal(countbackDso(1000, []), null);
  });

  it('standard DSO, best-possible DSO and average days delinquent from the same period', () => {
    // 90 days, sales 90,000.00; ending 45,000.00 of which 30,000.00 not yet due.
    const metrics = collectionMetrics({
      days: 90,
      beginningMinor: 4_000_000,
      creditSalesMinor: 9_000_000,
      endingMinor: 4_500_000,
      endingCurrentMinor: 3_000_000,
      ending90PlusMinor: 450_000,
      monthlySales: [
        { salesMinor: 3_000_000, days: 30 },
        { salesMinor: 3_000_000, days: 31 },
      ],
      promisesKept: 3,
      promisesBroken: 1,
    });
    assert.equal(metrics.dso, 45);
    assert.equal(metrics.bestPossibleDso, 30);
    assert.equal(metrics.averageDaysDelinquent, 15);
    assert.equal(metrics.countbackDso, 30 + 31 * (1_500_000 / 3_000_000));
    // (40,000 + 90,000 − 45,000) / (40,000 + 90,000 − 30,000) = 85 %.
    assert.equal(metrics.cei, 85);
    assert.equal(metrics.share90Plus, 0.1);
    assert.equal(metrics.promiseKeptRate, 0.75);
  });

  it('a figure without a denominator is null, not zero or infinity', () => {
    const metrics = collectionMetrics({
      days: 30,
      beginningMinor: 0,
      creditSalesMinor: 0,
      endingMinor: 0,
      endingCurrentMinor: 0,
      ending90PlusMinor: 0,
      monthlySales: [],
      promisesKept: 0,
      promisesBroken: 0,
    });
    assert.deepEqual(metrics, {
      dso: null,
      countbackDso: null,
      bestPossibleDso: null,
      averageDaysDelinquent: null,
      cei: null,
      share90Plus: null,
      promiseKeptRate: null,
    });
    assert.equal(standardDso(100, 0, 30), null);
  });
});

describe('calendar periods', () => {
  it('adds months, clamping to the last day', () => {
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonths('2026-01-15', -2), '2025-11-15');
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  });

  it('month windows back from a month end are whole calendar months', () => {
    assert.deepEqual(monthWindowsBack('2026-03-31', 3), [
      { from: '2026-03-01', to: '2026-03-31', days: 31 },
      { from: '2026-02-01', to: '2026-02-28', days: 28 },
      { from: '2026-01-01', to: '2026-01-31', days: 31 },
    ]);
    assert.deepEqual(monthWindowsBack('2026-11-22', 2), [
      { from: '2026-10-23', to: '2026-11-22', days: 31 },
      { from: '2026-09-23', to: '2026-10-22', days: 30 },
    ]);
  });
});
