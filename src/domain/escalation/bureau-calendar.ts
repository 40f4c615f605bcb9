import { addBusinessDays as addBusinessDaysIn } from '../business-calendar.ts';
import { addDays, type IsoDate } from '../dates.ts';

/**
 * The legal calendar of a negative listing, as pure functions (no I/O, no clock).
 *
 * Notice period. CDC art. 43 §2 requires prior written notice; the bureaus' rules and the
 * case law settled on 10 days between the notice and the listing, and São Paulo's
 * Lei 15.659/2015 writes the same 10 days. We know of no state with a different period in
 * force, so every UF starts at 10; each organisation can override a state in
 * escalation_settings.notice_days_by_state when its lawyer says so. The period is counted from
 * the proven delivery (Tema 1.315: sending and delivery must both be proven), which is the
 * later and therefore safe reading.
 */
export const brazilianStates = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;

export const defaultNoticeDays = 10;

const noticeDaysByState: Readonly<Record<string, number>> = Object.fromEntries(brazilianStates.map((uf) => [uf, defaultNoticeDays]));

export function noticeDaysFor(state: string | null, overrides: Readonly<Record<string, number>> = {}): number {
  if (state && overrides[state] !== undefined) return overrides[state];
  return (state ? noticeDaysByState[state] : undefined) ?? defaultNoticeDays;
}

/** The UF of a Brazilian postal address: the last "- SP", ", SP" or "/SP" that names a state. */
export function stateOfAddress(address: string | null): string | null {
  if (!address) return null;
  const matches = [...address.matchAll(/(?:^|[\s,/-])([A-Z]{2})(?=$|[\s,.;/)-])/g)].map((m) => m[1]!);
  return matches.reverse().find((uf) => (brazilianStates as readonly string[]).includes(uf)) ?? null;
}

/** The first day the listing may be sent: the local delivery date plus the notice period. */
export function listableOn(deliveredOn: IsoDate, noticeDays: number): IsoDate {
  return addDays(deliveredOn, noticeDays);
}

/**
 * `days` business days after `from` (the day itself does not count): weekends and national
 * public holidays are skipped. STJ Súmula 548: the creditor asks for the removal within five
 * business days of full payment.
 */
export function addBusinessDays(from: IsoDate, days: number, country = 'BR'): IsoDate {
  return addBusinessDaysIn(from, days, { country });
}

const removalBusinessDays = 5;

export function removalDueOn(paidOn: IsoDate): IsoDate {
  return addBusinessDays(paidOn, removalBusinessDays);
}

/** CDC art. 43 §1: a negative record lasts at most five years, counted from the due date (29 Feb → 28 Feb). */
export function expiresOn(oldestDueDate: IsoDate): IsoDate {
  const year = Number(oldestDueDate.slice(0, 4)) + 5;
  const monthDay = oldestDueDate.slice(5);
  const candidate = `${year}-${monthDay}`;
  return monthDay === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? `${year}-02-28` : candidate;
}
