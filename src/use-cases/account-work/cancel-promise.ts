import type { Tx } from '../../db/database.ts';
import { appendInteraction } from '../contact-record.ts';
import { isUuid, RecordNotFoundError, type ActionContext } from '../record-ref.ts';
import { ConflictError } from '../errors.ts';
import { promiseView, type PromiseView } from './promise-view.ts';

/** Withdraws a pending promise (entered by mistake, replaced by a plan): the cadence resumes. */
export async function cancelPromise(trx: Tx, organisationId: string, promiseId: string, input: { reason?: string }, context: ActionContext): Promise<PromiseView> {
  if (!isUuid(promiseId)) throw new RecordNotFoundError('promise', { id: promiseId });
  const current = await trx.selectFrom('promises').selectAll().where('organisation_id', '=', organisationId).where('id', '=', promiseId).forUpdate().executeTakeFirst();
  if (!current) throw new RecordNotFoundError('promise', { id: promiseId });
  if (current.status !== 'pending') throw new ConflictError(`promise ${promiseId} is already ${current.status}`, 'promise_not_pending', { status: current.status });
  const row = await trx.updateTable('promises').set({ status: 'cancelled', settled_at: context.now })
    .where('organisation_id', '=', organisationId).where('id', '=', promiseId).returningAll().executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: row.customer_id, actor: context.actor, channel: 'system', kind: 'promise_cancelled',
    content: { promise_id: row.id, reason: input.reason?.trim() || null },
  });
  return promiseView(trx, organisationId, row);
}
