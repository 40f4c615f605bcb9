import { addDays, daysBetween, type IsoDate } from '../dates.ts';

/** The same day `months` calendar months away, clamped to the month's last day (03-31 − 1 month = 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Window {
  /** First day, inclusive. */
  readonly from: IsoDate;
  /** Last day, inclusive. */
  readonly to: IsoDate;
  readonly days: number;
}

/**
 * Calendar-month windows ending on `end`, most recent first: (end − 1 month, end],
 * (end − 2 months, end − 1 month], … — whole calendar months when `end` is a month's last day.
 */
export function monthWindowsBack(end: IsoDate, count: number): Window[] {
  const windows: Window[] = [];
  for (let k = 0; k < count; k++) {
    const to = k === 0 ? end : lastDayBefore(end, k);
    const before = lastDayBefore(end, k + 1);
    windows.push({ from: addDays(before, 1), to, days: daysBetween(before, to) });
  }
  return windows;
}

/** end − k months, keeping month ends on month ends (11-30 − 1 month = 10-31). */
function lastDayBefore(end: IsoDate, k: number): IsoDate {
  const shifted = addMonths(end, -k);
  return isMonthEnd(end) ? monthEnd(shifted) : shifted;
}

function isMonthEnd(date: IsoDate): boolean {
  return monthEnd(date) === date;
}

function monthEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);
}
