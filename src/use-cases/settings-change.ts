import type { Db, Tx } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendInteraction } from './contact-record.ts';
import type { OrgContext } from './org-context.ts';

/**
 * A change of the organisation's settings (identity, escalation, plan limits, API tokens) and
 * its entry on the contact record ("settings_changed", content `{ settings, ...describe(saved) }`),
 * in one transaction: a change is never made without its record, nor recorded without being made.
 */
export async function changeSettings<T>(
  db: Db | Tx,
  ctx: OrgContext,
  settings: string,
  apply: (trx: Tx) => Promise<T>,
  describe: (saved: T) => Record<string, unknown>,
): Promise<T> {
  return inTransaction(db, async (trx) => {
    const saved = await apply(trx);
    await appendInteraction(trx, ctx.org.id, {
      occurredAt: ctx.now,
      customerId: null,
      actor: ctx.actor,
      channel: 'system',
      kind: 'settings_changed',
      content: { settings, ...describe(saved) },
    });
    return saved;
  });
}
