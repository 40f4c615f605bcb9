import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateForFactor, factorForDate } from './due-date-factor.ts';

test('factor of known dates', () => {
  assert.deepEqual(factorForDate('1997-10-08'), { ok: true, value: 1 });
  assert.deepEqual(factorForDate('2000-07-03'), { ok: true, value: 1000 });
  assert.deepEqual(factorForDate('2025-02-21'), { ok: true, value: 9999 });
  assert.deepEqual(factorForDate('2025-02-22'), { ok: true, value: 1000 });
  assert.deepEqual(factorForDate('2025-02-23'), { ok: true, value: 1001 });
  // 2000-07-03 → 2018-07-03 is 18 × 365 days + 4 leap days (2004, 2008, 2012, 2016) = 6574; + 12 days to 07-15
  assert.deepEqual(factorForDate('2018-07-15'), { ok: true, value: 1000 + 6574 + 12 });
  // the same distance from the restart (2025-02-22 → 2043-02-22 holds 2028, 2032, 2036, 2040; Feb 2043 has 28 days)
  assert.deepEqual(factorForDate('2043-03-06'), { ok: true, value: 7586 });
});

test('factor refuses non-dates and dates before the base', () => {
  for (const bad of ['1997-10-07', '1990-01-01', '2025-02-30', '2025-2-1', '22/02/2025', '']) {
    const result = factorForDate(bad);
    assert.equal(result.ok, false, bad);
    if (!result.ok) assert.equal(result.error.check, 'due_date');
  }
});

test('a factor resolves to the candidate date closest to the reference', () => {
  assert.deepEqual(dateForFactor(7586, '2025-11-22'), { ok: true, value: '2018-07-15' });
  assert.deepEqual(dateForFactor(7586, '2040-01-01'), { ok: true, value: '2043-03-06' });
  assert.deepEqual(dateForFactor(1000, '2025-02-10'), { ok: true, value: '2025-02-22' });
  assert.deepEqual(dateForFactor(9999, '2025-03-01'), { ok: true, value: '2025-02-21' });
  assert.deepEqual(dateForFactor(1000, '1999-01-01'), { ok: true, value: '2000-07-03' });
  // the two cycles for 7586 are 9000 days apart; 4500 days after 2018-07-15 both are equally close: the later wins
  const midpoint = new Date(Date.UTC(2018, 6, 15 + 4500)).toISOString().slice(0, 10);
  assert.deepEqual(dateForFactor(7586, midpoint), { ok: true, value: '2043-03-06' });
  const dayBefore = new Date(Date.UTC(2018, 6, 15 + 4499)).toISOString().slice(0, 10);
  assert.deepEqual(dateForFactor(7586, dayBefore), { ok: true, value: '2018-07-15' });
});

test('factor 0 is "no due date"; 1-999 are the dates of 1997-2000', () => {
  assert.deepEqual(dateForFactor(0, '2025-11-22'), { ok: true, value: null });
  assert.deepEqual(dateForFactor(1, '2025-11-22'), { ok: true, value: '1997-10-08' });
});

test('bad factors and reference dates are named', () => {
  assert.equal(dateForFactor(10000, '2025-11-22').ok, false);
  assert.equal(dateForFactor(1.5, '2025-11-22').ok, false);
  const result = dateForFactor(1000, 'today');
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.check, 'reference_date');
});

test('factorForDate and dateForFactor are inverse around the reference', () => {
  for (let day = 0; day < 20_000; day += 7) {
    const date = new Date(Date.UTC(2000, 6, 3 + day)).toISOString().slice(0, 10);
    const factor = factorForDate(date);
    assert.ok(factor.ok);
    assert.ok(factor.value >= 1000 && factor.value <= 9999);
    assert.deepEqual(dateForFactor(factor.value, date), { ok: true, value: date });
  }
});
