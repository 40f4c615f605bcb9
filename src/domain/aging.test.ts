import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageReceivables, agingBuckets, bucketIndex } from './aging.ts';

describe('aging', () => {
  const buckets = agingBuckets();

  it('labels the default buckets', () => {
    assert.deepEqual(buckets.labels, ['current', '1-30', '31-60', '61-90', '90+']);
    assert.deepEqual(agingBuckets([15, 45]).labels, ['current', '1-15', '16-45', '45+']);
    assert.throws(() => agingBuckets([30, 30]), /strictly ascending/);
    assert.throws(() => agingBuckets([0]), /≥ 1/);
  });

  it('puts each day count in the right bucket, edges included', () => {
    const cases: [number, string][] = [
      [-10, 'current'],
      [0, 'current'],
      [1, '1-30'],
      [30, '1-30'],
      [31, '31-60'],
      [60, '31-60'],
      [61, '61-90'],
      [90, '61-90'],
      [91, '90+'],
      [5000, '90+'],
    ];
    for (const [days, label] of cases) assert.equal(buckets.labels[bucketIndex(days, buckets)], label, `${days} days`);
  });

  it('groups per customer and currency and totals per currency', () => {
    const aging = ageReceivables(
      [
        { customerId: 'a', currency: 'BRL', dueDate: '2026-11-30', openMinor: 1000 },
        { customerId: 'a', currency: 'BRL', dueDate: '2026-10-01', openMinor: 500 },
        { customerId: 'a', currency: 'USD', dueDate: '2026-06-01', openMinor: 700 },
        { customerId: 'b', currency: 'BRL', dueDate: '2026-11-21', openMinor: 250 },
        { customerId: 'b', currency: 'BRL', dueDate: '2026-01-01', openMinor: 0 },
      ],
      '2026-11-22',
      buckets,
    );
    assert.deepEqual(aging.lines, [
      { customerId: 'a', currency: 'BRL', byBucket: [1000, 0, 500, 0, 0], total: 1500, oldestDaysOverdue: 52 },
      { customerId: 'a', currency: 'USD', byBucket: [0, 0, 0, 0, 700], total: 700, oldestDaysOverdue: 174 },
      { customerId: 'b', currency: 'BRL', byBucket: [0, 250, 0, 0, 0], total: 250, oldestDaysOverdue: 1 },
    ]);
    assert.deepEqual(aging.totals, [
      { currency: 'BRL', byBucket: [1000, 250, 500, 0, 0], total: 1750 },
      { currency: 'USD', byBucket: [0, 0, 0, 0, 700], total: 700 },
    ]);
  });

  it('reports zero days overdue for a customer with nothing overdue', () => {
    const aging = ageReceivables([{ customerId: 'a', currency: 'BRL', dueDate: '2026-12-10', openMinor: 100 }], '2026-11-22', buckets);
    assert.equal(aging.lines[0]?.oldestDaysOverdue, 0);
  });
});
