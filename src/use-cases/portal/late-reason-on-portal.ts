import type { Db } from '../../db/database.ts';
import { lateReasonCategories, type LateReasonCategory } from '../../db/schema-account-work.ts';
import { recordLateReason } from '../account-work/late-reasons.ts';
import { ValidationError } from '../errors.ts';
import type { PortalAccess } from './open-portal.ts';
import { submitOnce, type PortalForm } from './submit.ts';

/** The debtor says why they pay late, from the collectors' list (late-reasons.ts), on channel `portal`. */
export async function lateReasonOnPortal(db: Db, access: PortalAccess, form: PortalForm, input: { category: string; text: string }, now: Date) {
  if (!(lateReasonCategories as readonly string[]).includes(input.category))
    throw new ValidationError([{ field: 'category', reason: 'choose a reason from the list' }]);
  if (input.text.length > 2000) throw new ValidationError([{ field: 'text', reason: 'at most 2000 characters' }]);
  return submitOnce(db, access, 'late_reason', form, now, async (trx, ctx) => {
    const reason = await recordLateReason(
      trx,
      ctx,
      { id: access.customer.id },
      { category: input.category as LateReasonCategory, text: input.text, channel: 'portal' },
    );
    return { late_reason_id: reason.id, category: reason.category };
  });
}
