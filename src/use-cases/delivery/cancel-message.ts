import type { Tx } from '../../db/database.ts';
import { updateMessage, type OutboxRow } from '../../stores/outbox.ts';
import type { OrgContext } from '../org-context.ts';
import { recordMessageStatus } from './deliver-messages.ts';
import { lockMessageFor, messageAfter } from './message-action.ts';

/**
 * A person stops a message still waiting (pending or held): it is cancelled for good, with the
 * reason "cancelled_by_user". The step stays executed, so the cadence does not send it again.
 * Written to the contact record with who asked, and sent as a message.status_changed event.
 */
export async function cancelMessage(trx: Tx, ctx: OrgContext, messageId: string, input: { reason?: string | undefined }): Promise<OutboxRow> {
  const organisationId = ctx.org.id;
  const message = await lockMessageFor(trx, organisationId, messageId, 'cancel');
  await updateMessage(trx, organisationId, message.id, { status: 'cancelled', cancel_reason: 'cancelled_by_user', last_error: null, updated_at: ctx.now });
  const note = input.reason?.trim() || null;
  await recordMessageStatus(trx, organisationId, message, ctx.now, 'cancelled', { reason: 'cancelled_by_user', note }, ctx.actor);
  return messageAfter(trx, organisationId, message.id);
}
