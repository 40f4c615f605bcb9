/**
 * When a debtor may be contacted: allowed hours per weekday in the debtor's own time zone,
 * and no contact on public holidays where the jurisdiction requires it. A window runs from
 * `from` inclusive to `to` exclusive, as in Regulation F's "before 9 o'clock p.m.".
 */
import { isHoliday } from '../business-calendar.ts';
import { addDays, isoWeekday, type IsoDate } from '../dates.ts';

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ContactWindow {
  /** Local wall time 'HH:MM', inclusive. */
  from: string;
  /** Local wall time 'HH:MM' (up to '24:00'), exclusive. */
  to: string;
}

export interface ContactRules {
  /** ISO weekday (1 = Monday … 7 = Sunday) → allowed window; a missing day is never allowed. */
  weekly: Partial<Record<IsoWeekday, ContactWindow>>;
  /** No contact on the jurisdiction's public holidays. */
  skipHolidays: boolean;
}

const searchDays = 30;

function everyDay(window: ContactWindow): ContactRules['weekly'] {
  return { 1: { ...window }, 2: { ...window }, 3: { ...window }, 4: { ...window }, 5: { ...window }, 6: { ...window }, 7: { ...window } };
}

function weekdays(window: ContactWindow): ContactRules['weekly'] {
  return { 1: { ...window }, 2: { ...window }, 3: { ...window }, 4: { ...window }, 5: { ...window } };
}

/**
 * Default rules of a jurisdiction. Brazil: Mon–Fri 08–20, Sat 08–14, never Sundays or
 * holidays (CDC art. 42 and 71: no collection that interferes with rest or leisure). United
 * States: 08–21 local, every day (Regulation F, 12 CFR 1006.6(b)(1)(i)). Mexico: 07–22
 * (CONDUSEF rules on collection practices). Spain: business hours Mon–Fri 09–19, never
 * national holidays. Elsewhere: Mon–Fri 09–18 and no contact on public holidays, the cautious
 * default. Returns a fresh object the caller may change.
 */
export function contactRulesFor(country: string): ContactRules {
  switch (country.toUpperCase()) {
    case 'BR':
      return { weekly: { ...weekdays({ from: '08:00', to: '20:00' }), 6: { from: '08:00', to: '14:00' } }, skipHolidays: true };
    case 'US':
      return { weekly: everyDay({ from: '08:00', to: '21:00' }), skipHolidays: false };
    case 'MX':
      return { weekly: everyDay({ from: '07:00', to: '22:00' }), skipHolidays: false };
    case 'ES':
      return { weekly: weekdays({ from: '09:00', to: '19:00' }), skipHolidays: true };
    default:
      return { weekly: weekdays({ from: '09:00', to: '18:00' }), skipHolidays: true };
  }
}

// Holidays come from the one business calendar (domain/business-calendar.ts), shared with legal deadlines.
export { isHoliday };

/**
 * `instant` itself when the debtor may be contacted then, else the start of the next allowed
 * window in the debtor's local time, looking at most 30 days ahead (RangeError beyond).
 */
export function nextAllowedSlot(instant: Date, timeZone: string, country: string, rules: ContactRules = contactRulesFor(country), region?: string): Date {
  const windows = parseWindows(rules);
  const dayAllowed = (date: IsoDate) => windows.has(isoWeekday(date)) && !(rules.skipHolidays && isHoliday(date, country, region));
  const local = wallClock(instant.getTime(), timeZone);
  const today = windows.get(isoWeekday(local.date));
  if (today && dayAllowed(local.date) && local.msOfDay >= today.fromMs && local.msOfDay < today.toMs) return instant;

  for (let d = 0; d <= searchDays; d++) {
    const date = addDays(local.date, d);
    const window = windows.get(isoWeekday(date));
    if (!window || !dayAllowed(date)) continue;
    // On the night clocks go back the opening time happens twice; the second may still lie ahead.
    const start = localToUtc(date, window.fromMs, timeZone).find((candidate) => candidate > instant.getTime());
    if (start !== undefined) return new Date(start);
  }
  throw new RangeError(`no allowed contact slot within ${searchDays} days after ${instant.toISOString()} in ${timeZone}`);
}

interface ParsedWindow {
  fromMs: number;
  toMs: number;
}

const timePattern = /^(\d{2}):(\d{2})$/;

function parseTime(text: string, what: string): number {
  const match = timePattern.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) {
    throw new RangeError(`contact window ${what} "${text}" is not a time HH:MM between 00:00 and 24:00`);
  }
  return (hours * 60 + minutes) * 60_000;
}

function parseWindows(rules: ContactRules): Map<number, ParsedWindow> {
  const windows = new Map<number, ParsedWindow>();
  for (const [day, window] of Object.entries(rules.weekly)) {
    if (!window) continue;
    const fromMs = parseTime(window.from, 'start');
    const toMs = parseTime(window.to, 'end');
    if (fromMs >= toMs) throw new RangeError(`contact window of weekday ${day} ends (${window.to}) before it starts (${window.from})`);
    windows.set(Number(day), { fromMs, toMs });
  }
  return windows;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Local calendar date and time of day (ms since local midnight) of an instant. */
function wallClock(epochMs: number, timeZone: string): { date: IsoDate; msOfDay: number } {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const date = `${String(get('year')).padStart(4, '0')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`;
  const ms = ((epochMs % 1000) + 1000) % 1000;
  return { date, msOfDay: ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + ms };
}

/** UTC offset of a zone at an instant, in ms (local = UTC + offset). */
function offsetAt(epochMs: number, timeZone: string): number {
  const { date, msOfDay } = wallClock(epochMs, timeZone);
  return Date.parse(`${date}T00:00:00Z`) + msOfDay - epochMs;
}

/**
 * The instants of a local wall time, earliest first: two for an ambiguous time (the repeated
 * hour when clocks go back), and for a time that does not exist (skipped when clocks go
 * forward) the instant past the gap, e.g. 02:30 on a spring-forward night in New York → 03:30.
 */
function localToUtc(date: IsoDate, msOfDay: number, timeZone: string): number[] {
  const asIfUtc = Date.parse(`${date}T00:00:00Z`) + msOfDay;
  // At most one transition happens within a day either side, so these are the two candidates.
  const before = offsetAt(asIfUtc - 86_400_000, timeZone);
  const after = offsetAt(asIfUtc + 86_400_000, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => asIfUtc - offset)
    .filter((candidate) => {
      const wall = wallClock(candidate, timeZone);
      return wall.date === date && wall.msOfDay === msOfDay;
    })
    .sort((a, b) => a - b);
  return matches.length > 0 ? matches : [asIfUtc - before];
}
