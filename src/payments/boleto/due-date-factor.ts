/**
 * The boleto due-date factor ("fator de vencimento"): the number of days
 * since 1997-10-07, written in 4 digits. It reached 9999 on 2025-02-21 and
 * restarted at 1000 on 2025-02-22 (FEBRABAN), so from factor 1000 on it
 * repeats every 9000 days and a factor names one date per cycle; the right
 * one is the candidate closest to a reference date (typically today, or the
 * invoice's issue date). Factor 0000 means "no due date". Factors 1-999 only
 * ever meant 1997-10-08 … 2000-07-02.
 *
 * Dates are ISO calendar dates ("YYYY-MM-DD"), counted in whole UTC days.
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import type { BoletoError } from './error.ts';

const FACTOR_BASE_DATE = '1997-10-07';
const DAY_MS = 86_400_000;
const CYCLE = 9000;
const FIRST_CYCLED_FACTOR = 1000;

/** Days since 1970-01-01 for a strict ISO date, or undefined if it is not a real calendar date. */
export function isoDateToDays(isoDate: string): number | undefined {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(isoDate);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

function daysToIsoDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

const BASE_DAYS = isoDateToDays(FACTOR_BASE_DATE) ?? 0;

/** The factor printed on a boleto due on `isoDate`. */
export function factorForDate(isoDate: string): Result<number, BoletoError> {
  const days = isoDateToDays(isoDate);
  if (days === undefined) return err({ check: 'due_date', message: `due date ${JSON.stringify(isoDate)} is not a valid YYYY-MM-DD date` });
  const elapsed = days - BASE_DAYS;
  if (elapsed < 1) return err({ check: 'due_date', message: `due date ${isoDate} is not after ${FACTOR_BASE_DATE}, the factor's base date` });
  if (elapsed < FIRST_CYCLED_FACTOR) return ok(elapsed);
  return ok(((elapsed - FIRST_CYCLED_FACTOR) % CYCLE) + FIRST_CYCLED_FACTOR);
}

/**
 * The due date a factor stands for: null for 0, otherwise the candidate date
 * (one per 9000-day cycle) closest to `referenceIsoDate`; when two are
 * equally close, the later one.
 */
export function dateForFactor(factor: number, referenceIsoDate: string): Result<string | null, BoletoError> {
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) {
    return err({ check: 'due_date', message: `due-date factor ${String(factor)} is not a whole number from 0 to 9999` });
  }
  const reference = isoDateToDays(referenceIsoDate);
  if (reference === undefined) {
    return err({ check: 'reference_date', message: `reference date ${JSON.stringify(referenceIsoDate)} is not a valid YYYY-MM-DD date` });
  }
  if (factor === 0) return ok(null);
  if (factor < FIRST_CYCLED_FACTOR) return ok(daysToIsoDate(BASE_DAYS + factor));

  const first = BASE_DAYS + factor; // cycle 0; cycle k adds k * 9000 days
  const below = Math.max(0, Math.floor((reference - first) / CYCLE));
  const candidates = [first + below * CYCLE, first + (below + 1) * CYCLE];
  const [a = first, b = first] = candidates;
  const chosen = Math.abs(a - reference) < Math.abs(b - reference) ? a : b;
  return ok(daysToIsoDate(chosen));
}
