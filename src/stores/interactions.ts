import type { Db, Tx } from '../db/database.ts';

/**
 * Reads of the contact record (the interactions table) for one customer. Appending and
 * verifying the chain stay in use-cases/contact-record.ts.
 */

const columns = ['seq', 'occurred_at', 'customer_id', 'actor', 'channel', 'kind', 'content', 'content_sha256', 'prev_hash', 'hash'] as const;

/** Up to `limit` of a customer's entries with seq greater than `afterSeq`, in sequence order. */
export function customerInteractionsAfter(db: Db | Tx, organisationId: string, customerId: string, afterSeq: number | null, limit: number) {
  let query = db.selectFrom('interactions').select(columns).where('organisation_id', '=', organisationId).where('customer_id', '=', customerId);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.orderBy('seq').limit(limit).execute();
}
