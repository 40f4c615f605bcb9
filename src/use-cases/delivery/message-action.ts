import type { Tx } from '../../db/database.ts';
import { outboxActionRefusal } from '../../domain/outbox-actions.ts';
import { lockMessage, outboxRowById, type OutboxMessage, type OutboxRow } from '../../stores/outbox.ts';
import { ConflictError } from '../errors.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';

/** The message locked for a person's retry or cancel; 404 when unknown, 409 with the reason when its status refuses it. */
export async function lockMessageFor(trx: Tx, organisationId: string, messageId: string, action: 'retry' | 'cancel'): Promise<OutboxMessage> {
  const message = isUuid(messageId) ? await lockMessage(trx, organisationId, messageId) : undefined;
  if (!message) throw new RecordNotFoundError('message', { id: messageId });
  const refusal = outboxActionRefusal(action, message.status);
  if (refusal)
    throw new ConflictError(`message ${messageId}: ${refusal}`, `message_not_${action === 'retry' ? 'retriable' : 'cancellable'}`, { status: message.status });
  return message;
}

/** The message as the outbox lists it, after the change. */
export async function messageAfter(trx: Tx, organisationId: string, messageId: string): Promise<OutboxRow> {
  return (await outboxRowById(trx, organisationId, messageId))!;
}
