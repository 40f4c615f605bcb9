/**
 * The suppression rules of the cadence, in one place: `evaluate` applies them when it decides
 * a step, `recheckMessage` applies them again when a decided message is about to be sent.
 */
import type { IsoDate } from '../dates.ts';
import type { Channel } from './policy.ts';
import type { ContactChannel, ContactPoint, CustomerSnapshot, ReceivableState } from './snapshot.ts';

export type SuppressionReason =
  | 'disputed'
  | 'promise_to_pay'
  | 'payment_plan'
  | 'customer_paused'
  | 'with_agency'
  | 'in_court'
  | 'bankrupt'
  | 'closed'
  | 'below_tolerance'
  | 'covered_by_credit'
  | 'opted_out'
  | 'no_contact'
  | 'escalation_not_configured';

/** Which contact points serve a channel; null = the channel needs no contact. */
export const contactChannelOf: Record<Channel, ContactChannel | null> = {
  email: 'email',
  sms: 'phone',
  call_task: 'phone',
  whatsapp: 'whatsapp',
  letter: null,
  action: null,
};

/**
 * The customer's own state: a status other than 'active' stops everything; a pause with an
 * end date stops it until that day inclusive. A 'paused' status whose pausedUntil has passed
 * is an expired pause and no longer suppresses.
 */
export function customerSuppression(snapshot: Pick<CustomerSnapshot, 'status' | 'pausedUntil'>, asOf: IsoDate): SuppressionReason | null {
  const pausedByDate = snapshot.pausedUntil !== null && asOf <= snapshot.pausedUntil;
  switch (snapshot.status) {
    case 'active':
      return pausedByDate ? 'customer_paused' : null;
    case 'paused':
      return snapshot.pausedUntil === null || pausedByDate ? 'customer_paused' : null;
    default:
      return snapshot.status;
  }
}

/** A receivable that must not be chased today, and why (first that applies). */
export function receivableSuppression(r: ReceivableState, asOf: IsoDate): SuppressionReason | null {
  if (r.disputed) return 'disputed';
  if (r.promisedUntil !== null && asOf <= r.promisedUntil) return 'promise_to_pay';
  if (r.inPlanGoodStanding) return 'payment_plan';
  return null;
}

/** A debt too small to chase, or one the customer's unallocated payments already cover. */
export function amountSuppression(
  snapshot: Pick<CustomerSnapshot, 'toleranceMinor' | 'unallocatedCreditMinor'>,
  currency: string,
  debtMinor: number,
): SuppressionReason | null {
  if (debtMinor <= (snapshot.toleranceMinor[currency] ?? 0)) return 'below_tolerance';
  if ((snapshot.unallocatedCreditMinor[currency] ?? 0) >= debtMinor) return 'covered_by_credit';
  return null;
}

/** Whether the cadence may start reaching the debtor at this contact point: consent given. */
export function mayContact(contact: ContactPoint): boolean {
  return contact.consent === 'granted';
}

/**
 * Whether the debtor withdrew consent at this contact point. A message already decided (by
 * the cadence on a 'granted' contact, or a legal prior notice on any contact not opted out)
 * is stopped by a withdrawal, not by a consent that was never stated.
 */
export function consentWithdrawn(contact: ContactPoint): boolean {
  return contact.consent === 'opted_out';
}
