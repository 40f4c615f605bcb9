import type { Db } from '../../db/database.ts';
import { stillNeededBecause, type RetentionFacts } from '../../domain/privacy.ts';
import { customerByRef as lockCustomer } from '../../stores/customers.ts';
import { eraseCustomerRows, insertErasure, retentionFactsOf } from '../../stores/privacy.ts';
import { appendInteraction } from '../contact-record.ts';
import { customerByRef } from '../account-work/support.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import type { RecordRef } from '../record-ref.ts';

export interface Erasure {
  customerId: string;
  basis: 'retention' | 'request';
  /** Rows changed per table. */
  counts: Record<string, number>;
}

/**
 * Erases a debtor's personal data on a justified request (LGPD art. 18 VI, GDPR art. 17),
 * refused while the debt is still being collected. The amounts, dates and hashes stay; the
 * erasure is written to the contact record and to privacy_erasures.
 */
export async function eraseCustomer(db: Db, ctx: OrgContext, ref: RecordRef, request: { reason: string }): Promise<Erasure> {
  const reason = request.reason.trim();
  if (reason === '') throw new ValidationError([{ field: 'reason', reason: 'say why the data is erased (the request and its grounds)' }]);
  const customer = await customerByRef(db, ctx.org.id, ref);
  const erasure = await eraseWithFacts(db, ctx, customer.id, 'request', reason, (facts) => {
    const needed = stillNeededBecause(facts);
    if (needed)
      throw new ConflictError(`customer ${customer.external_id}: ${needed}; the data is kept while it is needed to collect the debt (LGPD art. 7 X, art. 16)`);
    return true;
  });
  return erasure!;
}

/**
 * One erasure in its own transaction: the facts re-read under the customer's lock, `mayErase`
 * decides (false: nothing is written and null is returned), then the rows are overwritten.
 */
export async function eraseWithFacts(
  db: Db,
  ctx: OrgContext,
  customerId: string,
  basis: Erasure['basis'],
  reason: string,
  mayErase: (facts: RetentionFacts) => boolean,
): Promise<Erasure | null> {
  return db.transaction().execute(async (trx) => {
    await lockCustomer(trx, ctx.org.id, { id: customerId }, { lock: true });
    if (!mayErase(await retentionFactsOf(trx, ctx.org.id, customerId))) return null;
    const counts = await eraseCustomerRows(trx, ctx.org.id, customerId, ctx.now);
    await insertErasure(trx, ctx.org.id, { customerId, erasedAt: ctx.now, basis, reason, actor: ctx.actor, counts });
    await appendInteraction(trx, ctx.org.id, {
      occurredAt: ctx.now,
      customerId,
      actor: ctx.actor,
      channel: 'system',
      kind: 'privacy_erased',
      content: { basis, reason, counts },
    });
    return { customerId, basis, counts };
  });
}
