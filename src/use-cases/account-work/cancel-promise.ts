import type { Tx } from '../../db/database.ts';
import { lockPromise, setPromiseStatus } from '../../stores/promises.ts';
import { appendInteraction } from '../contact-record.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import { ConflictError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { promiseView, type PromiseView } from './promise-view.ts';

/** Withdraws a pending promise (entered by mistake, replaced by a plan): the cadence resumes. */
export async function cancelPromise(trx: Tx, ctx: OrgContext, promiseId: string, input: { reason?: string }): Promise<PromiseView> {
  const organisationId = ctx.org.id;
  if (!isUuid(promiseId)) throw new RecordNotFoundError('promise', { id: promiseId });
  const current = await lockPromise(trx, organisationId, promiseId);
  if (!current) throw new RecordNotFoundError('promise', { id: promiseId });
  if (current.status !== 'pending')
    throw new ConflictError(`promise ${promiseId} is already ${current.status}`, 'promise_not_pending', { status: current.status });
  const row = await setPromiseStatus(trx, organisationId, promiseId, 'cancelled', ctx.now);
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: row.customer_id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'promise_cancelled',
    content: { promise_id: row.id, reason: input.reason?.trim() || null },
  });
  return promiseView(trx, organisationId, row);
}
