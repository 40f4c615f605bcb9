import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { reviewBureauListings, type BureauListingReview, type EscalationDeps } from './review-bureau-listings.ts';
import { recoverWrittenOffPayments } from './write-off-recoveries.ts';

export type { EscalationDeps } from './review-bureau-listings.ts';

export interface EscalationReview extends BureauListingReview {
  write_off_recoveries: number;
}

/**
 * The daily escalation review, as of a business date: the credit-bureau listings
 * (review-bureau-listings.ts), then payments on written-off invoices recorded as recoveries
 * (write-off-recoveries.ts), each in transactions of its own.
 */
export async function reviewEscalations(db: Db | Tx, organisationId: string, asOf: string, now: Date, deps: EscalationDeps): Promise<EscalationReview> {
  const listings = await reviewBureauListings(db, organisationId, asOf, now, deps);
  const recoveries = await inTransaction(db, (trx) => recoverWrittenOffPayments(trx, organisationId, { actor: 'escalation', now }));
  return { ...listings, write_off_recoveries: recoveries };
}
