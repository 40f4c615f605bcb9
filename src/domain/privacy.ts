import { addDays, type IsoDate } from './dates.ts';

/**
 * How long a debtor's personal data is kept once nothing is owed and nothing is pending.
 * The default is five years after the last activity: the limitation period for collecting
 * a debt in a written instrument in Brazil (Código Civil art. 206 § 5 I), so the record
 * stays as long as it could be needed in court, and not longer (LGPD art. 15 and 16).
 */
export const defaultRetentionDays = 1825;

/** What decides whether a customer's data is still needed to collect or defend a debt. */
export interface RetentionFacts {
  openInvoices: number;
  activePlans: number;
  openDisputes: number;
  /** Handed to an agency, in court, or listed at a credit bureau. */
  escalated: boolean;
  /** The last day anything happened: an invoice issued or closed, a payment, a contact. */
  lastActivityOn: IsoDate | null;
  erased: boolean;
}

/**
 * Why the data must still be kept, or null when nothing ties it to a live debt. An erasure
 * request is refused while a debt is being collected: the law lets the creditor keep what it
 * needs to protect its credit (LGPD art. 7 X) and to exercise its rights in court (art. 7 VI).
 */
export function stillNeededBecause(facts: RetentionFacts): string | null {
  if (facts.erased) return 'the personal data was already erased';
  const reasons = [
    facts.openInvoices > 0 ? `${facts.openInvoices} open invoice(s)` : null,
    facts.activePlans > 0 ? `${facts.activePlans} active payment plan(s)` : null,
    facts.openDisputes > 0 ? `${facts.openDisputes} open dispute(s)` : null,
    facts.escalated ? 'a live escalation (agency, court or credit bureau)' : null,
  ].filter((r): r is string => r !== null);
  return reasons.length === 0 ? null : `the debt is still being collected: ${reasons.join(', ')}`;
}

/** The first day the data may be erased without a request: the retention period after the last activity. */
export function retentionEndsOn(lastActivityOn: IsoDate, retentionDays: number): IsoDate {
  return addDays(lastActivityOn, retentionDays);
}

/** True when the daily sweep erases the customer's data on `today`. */
export function dueForErasure(facts: RetentionFacts, retentionDays: number, today: IsoDate): boolean {
  if (stillNeededBecause(facts) !== null || facts.lastActivityOn === null) return false;
  return retentionEndsOn(facts.lastActivityOn, retentionDays) <= today;
}
