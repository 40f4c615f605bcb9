import type { Tx } from '../../db/database.ts';
import { updateMessage, type OutboxRow } from '../../stores/outbox.ts';
import { appendInteraction } from '../contact-record.ts';
import type { OrgContext } from '../org-context.ts';
import { lockMessageFor, messageAfter } from './message-action.ts';

/**
 * A person sends a failed or bounced message again: it goes back to pending, due now, with a
 * fresh set of attempts; the delivery worker re-checks and re-renders it as for any message.
 * Written to the contact record with who asked.
 */
export async function retryMessage(trx: Tx, ctx: OrgContext, messageId: string): Promise<OutboxRow> {
  const organisationId = ctx.org.id;
  const message = await lockMessageFor(trx, organisationId, messageId, 'retry');
  await updateMessage(trx, organisationId, message.id, { status: 'pending', attempts: 0, last_error: null, next_attempt_at: ctx.now, updated_at: ctx.now });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: message.customer_id,
    actor: ctx.actor,
    channel: message.channel,
    kind: 'message_retried',
    content: { message_id: message.id, step: message.step_id, to: message.recipient, previous_status: message.status, last_error: message.last_error },
  });
  return messageAfter(trx, organisationId, message.id);
}
