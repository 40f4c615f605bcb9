import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBusinessDays, deadlineWithin, isBusinessDay, isHoliday, nextBusinessDay, periodEnd } from './business-calendar.ts';

const br = { country: 'BR' };

describe('business calendar', () => {
  it('knows public holidays, nationally and by region', () => {
    assert.equal(isHoliday('2026-11-20', 'BR'), true); // Consciência Negra, national since 2024
    assert.equal(isHoliday('2023-11-20', 'BR'), false);
    assert.equal(isHoliday('2026-07-09', 'BR'), false);
    assert.equal(isHoliday('2026-07-09', 'BR', 'SP'), true); // Revolução Constitucionalista
    assert.equal(isHoliday('2026-07-03', 'US'), true); // Independence Day observed on Friday
  });

  it('counts business days past weekends and holidays', () => {
    assert.equal(isBusinessDay('2026-11-07', br), false); // Saturday
    assert.equal(isBusinessDay('2026-11-20', br), false); // holiday
    assert.equal(isBusinessDay('2026-11-19', br), true);
    assert.equal(addBusinessDays('2026-11-07', 1, br), '2026-11-09');
    assert.equal(addBusinessDays('2026-11-18', 5, br), '2026-11-26'); // 19, 23, 24, 25, 26 (20 is a holiday)
    assert.equal(addBusinessDays('2026-11-18', 0, br), '2026-11-18');
    assert.equal(nextBusinessDay('2026-11-20', br), '2026-11-23');
    assert.equal(nextBusinessDay('2026-11-19', br), '2026-11-19');
  });

  it('ends periods in calendar or business days; deadlines within a window', () => {
    assert.equal(periodEnd('2026-11-18', 10, 'calendar'), '2026-11-28');
    assert.equal(periodEnd('2026-11-18', 5, 'business', br), '2026-11-26');
    assert.throws(() => periodEnd('2026-11-18', 5, 'business'), /business calendar/);
    assert.equal(deadlineWithin('2026-11-20', '2026-11-17', 3), true);
    assert.equal(deadlineWithin('2026-11-21', '2026-11-17', 3), false);
    assert.equal(deadlineWithin('2026-11-01', '2026-11-17', 3), true);
  });
});
