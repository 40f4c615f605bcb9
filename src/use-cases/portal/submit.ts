import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { portalCsrfValid } from '../../domain/portal/token.ts';
import { claimPortalSubmission, portalSubmission, recordPortalOutcome } from '../../stores/portal.ts';
import { UserError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import type { PortalAccess } from './open-portal.ts';

/** What every portal form carries besides its fields. */
export interface PortalForm {
  csrf: string;
  idempotencyKey: string;
}

export type PortalAction = 'promise' | 'dispute' | 'late_reason' | 'opt_out';

/** A form the page cannot accept (bad CSRF token or idempotency key); the page shows it as an error. */
class PortalFormError extends UserError {}

/**
 * Runs one debtor action once: the CSRF token must be the link's, and the form's idempotency
 * key is claimed in the action's transaction, so a double submit, a replayed form or a retry
 * after a lost answer gets the first outcome back and changes nothing. The action is written
 * by the debtor on channel `portal` (the use case records it on the contact record) and raises
 * the `portal.submitted` webhook event. A refused action rolls back its claim: the debtor may
 * correct the form and send it again.
 */
export async function submitOnce(
  db: Db,
  access: PortalAccess,
  action: PortalAction,
  form: PortalForm,
  now: Date,
  apply: (trx: Tx, ctx: OrgContext) => Promise<Record<string, unknown>>,
): Promise<{ outcome: Record<string, unknown>; replayed: boolean }> {
  const { org, customer } = access;
  if (!portalCsrfValid(access.key, access.token, form.csrf)) throw new PortalFormError('this form has expired: open the link again', 'csrf_invalid');
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(form.idempotencyKey)) throw new PortalFormError('this form is incomplete: open the link again', 'idempotency_key_invalid');
  const key = `${customer.id}:${form.idempotencyKey}`;
  return inTransaction(db, async (trx) => {
    const claimed = await claimPortalSubmission(trx, org.id, { idempotency_key: key, customer_id: customer.id, action, created_at: now });
    if (!claimed) {
      const first = await portalSubmission(trx, org.id, key);
      return { outcome: first?.outcome ?? {}, replayed: true };
    }
    const ctx: OrgContext = { org, actor: 'debtor', now };
    const outcome = await apply(trx, ctx);
    await recordPortalOutcome(trx, org.id, key, outcome);
    await enqueueWebhookEvents(
      trx,
      org.id,
      [{ id: `portal.submitted:${key}`, type: 'portal.submitted', data: { action, customer_external_id: customer.external_id, ...outcome } }],
      now,
    );
    return { outcome, replayed: false };
  });
}
