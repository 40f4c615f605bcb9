import type { Tx } from '../../db/database.ts';
import { appendInteraction } from '../contact-record.ts';
import { findCustomer } from '../customers.ts';
import { type ActionContext, type RecordRef } from '../record-ref.ts';
import { ConflictError } from '../errors.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { endSuspensionRow, insertSuspension, openSuspension } from '../../stores/escalations.ts';

export interface Suspension {
  id: string;
  customer_id: string;
  customer_external_id: string;
  reason: string | null;
  started_at: Date;
  ended_at: Date | null;
}

/**
 * Asks the business's own systems to suspend service to a customer: a signed webhook
 * 'customer.suspension_started' (the webhook worker signs and delivers it). One open
 * suspension per customer.
 */
export async function startSuspension(
  trx: Tx,
  organisationId: string,
  ref: RecordRef,
  input: { reason?: string },
  context: ActionContext,
): Promise<Suspension> {
  const customer = await findCustomer(trx, organisationId, ref, { lock: true });
  const open = await openSuspension(trx, organisationId, customer.id);
  if (open)
    throw new ConflictError(`customer ${customer.external_id} is already suspended since ${open.started_at.toISOString()}`, 'already_suspended', {
      suspension_id: open.id,
    });
  const reason = input.reason?.trim() || null;
  const row = await insertSuspension(trx, organisationId, { customerId: customer.id, reason, startedAt: context.now, startedBy: context.actor });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: customer.id,
    actor: context.actor,
    channel: 'system',
    kind: 'service_suspended',
    content: { suspension_id: row.id, reason },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `suspension:${row.id}:started`,
        type: 'customer.suspension_started',
        data: { suspension_id: row.id, customer_id: customer.id, customer_external_id: customer.external_id, reason, started_at: context.now.toISOString() },
      },
    ],
    context.now,
  );
  return { id: row.id, customer_id: customer.id, customer_external_id: customer.external_id, reason, started_at: row.started_at, ended_at: null };
}

/** Lifts the open suspension: webhook 'customer.suspension_ended'. */
export async function endSuspension(trx: Tx, organisationId: string, ref: RecordRef, context: ActionContext): Promise<Suspension> {
  const customer = await findCustomer(trx, organisationId, ref, { lock: true });
  const open = await openSuspension(trx, organisationId, customer.id);
  if (!open) throw new ConflictError(`customer ${customer.external_id} is not suspended`, 'not_suspended');
  await endSuspensionRow(trx, organisationId, open.id, { at: context.now, by: context.actor });
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: customer.id,
    actor: context.actor,
    channel: 'system',
    kind: 'service_restored',
    content: { suspension_id: open.id },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `suspension:${open.id}:ended`,
        type: 'customer.suspension_ended',
        data: {
          suspension_id: open.id,
          customer_id: customer.id,
          customer_external_id: customer.external_id,
          started_at: open.started_at.toISOString(),
          ended_at: context.now.toISOString(),
        },
      },
    ],
    context.now,
  );
  return {
    id: open.id,
    customer_id: customer.id,
    customer_external_id: customer.external_id,
    reason: open.reason,
    started_at: open.started_at,
    ended_at: context.now,
  };
}
