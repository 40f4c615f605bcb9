import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactRulesFor, isHoliday, nextAllowedSlot, type ContactRules } from './contact-window.ts';

const at = (iso: string) => new Date(iso);
const slot = (instant: string, timeZone: string, country: string, rules?: ContactRules, region?: string) =>
  nextAllowedSlot(at(instant), timeZone, country, rules, region).toISOString();
const sundayOnly = (from: string, to: string): ContactRules => ({ weekly: { 7: { from, to } }, skipHolidays: false });

describe('contact rules per jurisdiction', () => {
  it('Brazil: Mon–Fri 08–20, Saturday 08–14, never Sunday or holidays', () => {
    assert.deepEqual(contactRulesFor('BR'), {
      weekly: {
        1: { from: '08:00', to: '20:00' },
        2: { from: '08:00', to: '20:00' },
        3: { from: '08:00', to: '20:00' },
        4: { from: '08:00', to: '20:00' },
        5: { from: '08:00', to: '20:00' },
        6: { from: '08:00', to: '14:00' },
      },
      skipHolidays: true,
    });
  });

  it('United States 08–21 and Mexico 07–22 every day; Spain Mon–Fri 09–19 without holidays; elsewhere Mon–Fri 09–18', () => {
    const us = contactRulesFor('us');
    assert.deepEqual(Object.keys(us.weekly), ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(us.weekly[7], { from: '08:00', to: '21:00' });
    assert.equal(us.skipHolidays, false);
    assert.deepEqual(contactRulesFor('MX').weekly[3], { from: '07:00', to: '22:00' });
    const es = contactRulesFor('ES');
    assert.deepEqual([Object.keys(es.weekly), es.weekly[1], es.skipHolidays], [['1', '2', '3', '4', '5'], { from: '09:00', to: '19:00' }, true]);
    const other = contactRulesFor('FR');
    assert.deepEqual([Object.keys(other.weekly), other.weekly[5], other.skipHolidays], [['1', '2', '3', '4', '5'], { from: '09:00', to: '18:00' }, true]);
  });

  it('hands out a fresh copy each time', () => {
    contactRulesFor('BR').weekly[1]!.from = '00:00';
    assert.equal(contactRulesFor('BR').weekly[1]?.from, '08:00');
  });
});

describe('public holidays', () => {
  it('knows Brazilian national holidays, Consciência Negra only since 2024', () => {
    assert.equal(isHoliday('2026-11-20', 'BR'), true);
    assert.equal(isHoliday('2024-11-20', 'BR'), true);
    assert.equal(isHoliday('2023-11-20', 'BR'), false);
    assert.equal(isHoliday('2026-12-25', 'BR'), true);
    assert.equal(isHoliday('2026-11-19', 'BR'), false);
  });

  it('counts only public holidays: Carnaval and Corpus Christi are bank holidays in Brazil', () => {
    assert.equal(isHoliday('2026-02-16', 'BR'), false);
    assert.equal(isHoliday('2026-06-04', 'BR'), false);
    assert.equal(isHoliday('2026-11-02', 'MX'), false);
    assert.equal(isHoliday('2026-07-03', 'US'), true); // Independence Day observed on Friday
  });

  it('adds a region’s own holidays to the national ones', () => {
    assert.equal(isHoliday('2026-07-09', 'BR'), false);
    assert.equal(isHoliday('2026-07-09', 'BR', 'SP'), true);
    assert.equal(isHoliday('2026-11-20', 'BR', 'SP'), true);
  });
});

describe('nextAllowedSlot', () => {
  // São Paulo has been UTC-3 all year since 2019.
  it('Brazil: inside the window the instant itself comes back', () => {
    const instant = at('2026-11-23T12:15:00Z'); // Monday 09:15
    assert.equal(nextAllowedSlot(instant, 'America/Sao_Paulo', 'BR'), instant);
  });

  it('Brazil: before 08:00 waits for 08:00 the same day', () => {
    assert.equal(slot('2026-11-23T10:59:00Z', 'America/Sao_Paulo', 'BR'), '2026-11-23T11:00:00.000Z');
  });

  it('Brazil: Consciência Negra (Friday 2026-11-20) moves to Saturday 08:00', () => {
    assert.equal(slot('2026-11-20T13:00:00Z', 'America/Sao_Paulo', 'BR'), '2026-11-21T11:00:00.000Z');
  });

  it('Brazil: Saturday afternoon moves to Monday, skipping Sunday', () => {
    assert.equal(slot('2026-11-21T16:59:00Z', 'America/Sao_Paulo', 'BR'), '2026-11-21T16:59:00.000Z'); // 13:59
    assert.equal(slot('2026-11-21T17:00:00Z', 'America/Sao_Paulo', 'BR'), '2026-11-23T11:00:00.000Z'); // 14:00
    assert.equal(slot('2026-11-22T12:00:00Z', 'America/Sao_Paulo', 'BR'), '2026-11-23T11:00:00.000Z'); // Sunday
  });

  it('Brazil: Christmas Eve at 20:00 goes past Christmas to Saturday morning', () => {
    assert.equal(slot('2026-12-24T23:00:00Z', 'America/Sao_Paulo', 'BR'), '2026-12-26T11:00:00.000Z');
  });

  it('Brazil: a state holiday counts when the region is given', () => {
    assert.equal(slot('2026-07-09T13:00:00Z', 'America/Sao_Paulo', 'BR'), '2026-07-09T13:00:00.000Z');
    assert.equal(slot('2026-07-09T13:00:00Z', 'America/Sao_Paulo', 'BR', undefined, 'SP'), '2026-07-10T11:00:00.000Z');
  });

  it('United States: 20:59 is fine, 21:00 is not (Regulation F), in the debtor’s own zone', () => {
    // Monday 2026-06-01, New York on EDT (UTC-4).
    assert.equal(slot('2026-06-02T00:59:59Z', 'America/New_York', 'US'), '2026-06-02T00:59:59.000Z');
    assert.equal(slot('2026-06-02T01:00:00Z', 'America/New_York', 'US'), '2026-06-02T12:00:00.000Z');
    // The same instant is 18:00 in Los Angeles (PDT, UTC-7): allowed there.
    assert.equal(slot('2026-06-02T01:00:00Z', 'America/Los_Angeles', 'US'), '2026-06-02T01:00:00.000Z');
    // Sundays and holidays are allowed in the US.
    assert.equal(slot('2026-07-04T14:00:00Z', 'America/New_York', 'US'), '2026-07-04T14:00:00.000Z');
  });

  it('New York when clocks go back (2026-11-01): Saturday 21:30 EDT waits for Sunday 08:00 EST', () => {
    assert.equal(slot('2026-11-01T01:30:00Z', 'America/New_York', 'US'), '2026-11-01T13:00:00.000Z');
  });

  it('New York when clocks go forward (2026-03-08): Saturday 21:30 EST waits for Sunday 08:00 EDT', () => {
    assert.equal(slot('2026-03-08T02:30:00Z', 'America/New_York', 'US'), '2026-03-08T12:00:00.000Z');
  });

  it('an opening time in the repeated hour is its first occurrence, or the second when the first has passed', () => {
    const rules = sundayOnly('01:30', '03:00');
    assert.equal(slot('2026-11-01T04:00:00Z', 'America/New_York', 'US', rules), '2026-11-01T05:30:00.000Z'); // 00:00 EDT → 01:30 EDT
    assert.equal(slot('2026-11-01T06:00:00Z', 'America/New_York', 'US', rules), '2026-11-01T06:30:00.000Z'); // 01:00 EST → 01:30 EST
  });

  it('an opening time skipped by the clock change opens right after the gap', () => {
    // 02:30 does not exist in New York on 2026-03-08: 03:30 EDT.
    assert.equal(slot('2026-03-08T05:00:00Z', 'America/New_York', 'US', sundayOnly('02:30', '04:00')), '2026-03-08T07:30:00.000Z');
  });

  it('São Paulo’s last daylight saving: midnight 2018-11-04 did not exist, the day opened at 01:00 -02', () => {
    assert.equal(slot('2018-11-03T12:00:00Z', 'America/Sao_Paulo', 'BR', sundayOnly('00:00', '24:00')), '2018-11-04T03:00:00.000Z');
    // When it ended, Saturday 2019-02-16 23:00 happened twice: 01:00Z (-02) then 02:00Z (-03).
    const saturdayLate: ContactRules = { weekly: { 6: { from: '23:00', to: '24:00' } }, skipHolidays: false };
    assert.equal(slot('2019-02-16T12:00:00Z', 'America/Sao_Paulo', 'BR', saturdayLate), '2019-02-17T01:00:00.000Z');
  });

  it('Mexico opens at 07:00 every day, Sunday included', () => {
    // Mexico City is UTC-6 all year since 2022.
    assert.equal(slot('2026-06-07T12:59:00Z', 'America/Mexico_City', 'MX'), '2026-06-07T13:00:00.000Z');
    assert.equal(slot('2026-06-08T04:00:00Z', 'America/Mexico_City', 'MX'), '2026-06-08T13:00:00.000Z'); // Sunday 22:00
  });

  it('Spain: not on Reyes, not after 19:00 on Friday', () => {
    assert.equal(slot('2026-01-06T09:00:00Z', 'Europe/Madrid', 'ES'), '2026-01-07T08:00:00.000Z');
    assert.equal(slot('2026-06-05T17:00:00Z', 'Europe/Madrid', 'ES'), '2026-06-08T07:00:00.000Z');
  });

  it('elsewhere: weekday office hours and no public holidays', () => {
    assert.equal(slot('2026-07-14T08:00:00Z', 'Europe/Paris', 'FR'), '2026-07-15T07:00:00.000Z'); // Bastille Day
    assert.equal(slot('2026-06-01T18:00:00Z', 'UTC', 'ZZ'), '2026-06-02T09:00:00.000Z');
  });

  it('gives up after 30 days and rejects malformed windows', () => {
    assert.throws(() => nextAllowedSlot(at('2026-06-01T12:00:00Z'), 'UTC', 'ZZ', { weekly: {}, skipHolidays: false }), /within 30 days/);
    assert.throws(() => nextAllowedSlot(at('2026-06-01T12:00:00Z'), 'UTC', 'ZZ', sundayOnly('25:00', '26:00')), /not a time/);
    assert.throws(() => nextAllowedSlot(at('2026-06-01T12:00:00Z'), 'UTC', 'ZZ', sundayOnly('18:00', '09:00')), /before it starts/);
  });
});
