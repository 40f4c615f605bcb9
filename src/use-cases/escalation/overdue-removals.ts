import type { Db, Tx } from '../../db/database.ts';
import { daysBetween } from '../../domain/dates.ts';
import { listingsPastRemovalDue } from '../../stores/listings.ts';

export interface OverdueRemoval {
  listing_id: string;
  customer_id: string;
  customer_external_id: string;
  protocol: string | null;
  paid_on: string;
  removal_due_on: string;
  days_overdue: number;
  attempts: number;
  last_error: string | null;
}

/**
 * Listings paid in full whose removal the bureau has not confirmed by the legal deadline
 * (5 business days, STJ Súmula 548): the report a compliance officer acts on.
 */
export async function overdueRemovals(db: Db | Tx, organisationId: string, asOf: string): Promise<OverdueRemoval[]> {
  const rows = await listingsPastRemovalDue(db, organisationId, asOf);
  return rows.map((r) => ({
    listing_id: r.id,
    customer_id: r.customer_id,
    customer_external_id: r.external_id,
    protocol: r.protocol,
    paid_on: r.paid_on!,
    removal_due_on: r.removal_due_on!,
    days_overdue: daysBetween(r.removal_due_on!, asOf),
    attempts: r.attempts,
    last_error: r.last_error,
  }));
}
