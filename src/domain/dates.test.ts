import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone, daysBetween, isIsoDate, isoWeekday } from './dates.ts';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('1900-02-29'), false);
    assert.equal(isIsoDate('2000-02-29'), true);
    assert.equal(isIsoDate('2026-04-31'), false);
    assert.equal(isIsoDate('2026-12-31'), true);
    assert.equal(isIsoDate('2026-01-00'), false);
    assert.equal(isIsoDate('2026-13-01'), false);
    assert.equal(isIsoDate('26-01-01'), false);
    assert.equal(isIsoDate('2026-1-01'), false);
  });

  it('counts days across months, years and leap days', () => {
    assert.equal(daysBetween('2026-11-01', '2026-11-22'), 21);
    assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
    assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
    assert.equal(daysBetween('2026-11-22', '2026-11-01'), -21);
    assert.equal(addDays('2026-10-31', 1), '2026-11-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  });

  it('ignores daylight-saving changes', () => {
    // US clocks moved on 2026-03-08 and 2026-11-01: still one day apart.
    assert.equal(daysBetween('2026-03-07', '2026-03-08'), 1);
    assert.equal(addDays('2026-10-31', 1), '2026-11-01');
  });

  it('knows weekdays', () => {
    assert.equal(isoWeekday('2026-11-22'), 7); // a Sunday
    assert.equal(isoWeekday('2026-11-23'), 1);
  });

  it('reads the calendar date of an instant in a time zone', () => {
    const instant = new Date('2026-11-22T02:30:00Z');
    assert.equal(dateInZone(instant, 'America/Sao_Paulo'), '2026-11-21');
    assert.equal(dateInZone(instant, 'Europe/Madrid'), '2026-11-22');
  });
});
