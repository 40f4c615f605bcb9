/**
 * recheckMessage(message, snapshot, asOf): may a message the cadence decided earlier still go
 * out now? The same suppression rules as `evaluate` (suppression.ts), applied to what the
 * message names: the customer's state, each listed receivable still open and chaseable, the
 * debt left against tolerance and unallocated credit, and the consent of its contact. Pure.
 */
import type { IsoDate } from '../dates.ts';
import type { CustomerSnapshot } from './snapshot.ts';
import { amountSuppression, consentWithdrawn, customerSuppression, receivableSuppression, type SuppressionReason } from './suppression.ts';

/** Why a queued message is not sent: a suppression rule, or nothing left open to collect. */
export type CancelReason = SuppressionReason | 'settled';

export interface QueuedMessage {
  currency: string;
  /** The contact the message goes to; null for letters, which need none. */
  contactId: string | null;
  /** The receivables the message lists. */
  receivableIds: readonly string[];
}

export type Recheck =
  { send: true; /** What the message may still name, in its original order. */ receivableIds: string[] } | { send: false; reason: CancelReason };

export function recheckMessage(message: QueuedMessage, snapshot: CustomerSnapshot, asOf: IsoDate): Recheck {
  const customerReason = customerSuppression(snapshot, asOf);
  if (customerReason) return { send: false, reason: customerReason };

  const byId = new Map(snapshot.receivables.map((r) => [r.id, r]));
  const open = message.receivableIds.flatMap((id) => {
    const r = byId.get(id);
    return r && r.openMinor > 0 && r.currency === message.currency ? [r] : [];
  });
  if (open.length === 0) return { send: false, reason: 'settled' };

  const kept = open.filter((r) => receivableSuppression(r, asOf) === null);
  if (kept.length === 0) return { send: false, reason: receivableSuppression(open[0]!, asOf)! };

  const amountReason = amountSuppression(
    snapshot,
    message.currency,
    kept.reduce((sum, r) => sum + r.openMinor, 0),
  );
  if (amountReason) return { send: false, reason: amountReason };

  if (message.contactId !== null) {
    const contact = snapshot.contacts.find((c) => c.id === message.contactId);
    if (!contact) return { send: false, reason: 'no_contact' };
    if (consentWithdrawn(contact)) return { send: false, reason: 'opted_out' };
  }
  return { send: true, receivableIds: kept.map((r) => r.id) };
}
