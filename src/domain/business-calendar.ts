/**
 * The business calendar: which days are public holidays and working days in a jurisdiction,
 * and how a period of days is counted from a date. One module for contact windows (no contact
 * on holidays), legal deadlines (notice periods, removal within business days) and dispute
 * deadlines. Pure: dates in, dates out; the holiday tables come from date-holidays.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { addDays, isoWeekday, type IsoDate } from './dates.ts';

export interface BusinessCalendar {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** A subdivision (date-holidays' "state" level, e.g. 'SP' in Brazil): its holidays count too. */
  region?: string;
}

/** How a period is counted: every calendar day, or working days only (Monday to Friday, not a public holiday). */
export type DayCount = 'calendar' | 'business';

// Building the holiday calendar of a country is slow; both caches are bounded by the number
// of (country, region, year) combinations a deployment actually serves.
const calendars = new Map<string, Holidays>();
// The holiday tables take a noticeable part of a second to load: loaded on the first lookup,
// not when a command starts (module loading, not I/O: the rules stay pure).
const load = createRequire(import.meta.url);
let HolidaysClass: typeof Holidays | undefined;
const publicHolidayDates = new Map<string, Set<IsoDate>>();

/**
 * Whether `date` is a public holiday of `country` (ISO 3166-1 alpha-2) or, with `region`,
 * of that subdivision too. Only holidays of type 'public' count: bank holidays and
 * observances are working days.
 */
export function isHoliday(date: IsoDate, country: string, region?: string): boolean {
  // The national calendar is always checked on its own: date-holidays 3.37 leaves some
  // national holidays out of subdivision calendars (Consciência Negra is missing from 'SP').
  return publicHolidays(date, country, undefined).has(date) || (region !== undefined && publicHolidays(date, country, region).has(date));
}

/** Monday to Friday and not a public holiday of the calendar's country (and region). */
export function isBusinessDay(date: IsoDate, calendar: BusinessCalendar): boolean {
  return isoWeekday(date) <= 5 && !isHoliday(date, calendar.country, calendar.region);
}

/** `days` business days after `from` (the day itself does not count); 0 gives `from`. */
export function addBusinessDays(from: IsoDate, days: number, calendar: BusinessCalendar): IsoDate {
  let date = from;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isBusinessDay(date, calendar)) counted++;
  }
  return date;
}

/** The first business day on or after `date`. */
export function nextBusinessDay(date: IsoDate, calendar: BusinessCalendar): IsoDate {
  let day = date;
  while (!isBusinessDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/**
 * The end of a period of `days` counted from `from` (the day itself does not count): calendar
 * days (a notice period, "resolve within 3 days") or business days (removal within five
 * business days). The calendar is needed only for business days.
 */
export function periodEnd(from: IsoDate, days: number, count: DayCount, calendar?: BusinessCalendar): IsoDate {
  if (count === 'calendar') return addDays(from, days);
  if (!calendar) throw new RangeError('a period in business days needs a business calendar');
  return addBusinessDays(from, days, calendar);
}

/** Whether a deadline falls within `days` (calendar days) of `asOf`, or has passed. */
export function deadlineWithin(deadline: IsoDate, asOf: IsoDate, days: number): boolean {
  return deadline <= periodEnd(asOf, days, 'calendar');
}

function publicHolidays(date: IsoDate, country: string, region: string | undefined): Set<IsoDate> {
  const year = Number(date.slice(0, 4));
  const key = `${country.toUpperCase()}/${region?.toUpperCase() ?? ''}/${year}`;
  let dates = publicHolidayDates.get(key);
  if (!dates) {
    dates = new Set();
    for (const holiday of holidayTable(country, region).getHolidays(year)) {
      if (holiday.type !== 'public') continue;
      // `date` is the local start ("2026-11-20 00:00:00"); a holiday can last several days.
      const first = holiday.date.slice(0, 10);
      const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000));
      for (let i = 0; i < length; i++) dates.add(addDays(first, i));
    }
    publicHolidayDates.set(key, dates);
  }
  return dates;
}

function holidayTable(country: string, region: string | undefined): Holidays {
  const key = `${country.toUpperCase()}/${region?.toUpperCase() ?? ''}`;
  let holidays = calendars.get(key);
  if (!holidays) {
    HolidaysClass ??= load('date-holidays') as typeof Holidays;
    holidays = region ? new HolidaysClass(country.toUpperCase(), region.toUpperCase()) : new HolidaysClass(country.toUpperCase());
    calendars.set(key, holidays);
  }
  return holidays;
}
