import type { Tx } from '../../db/database.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext } from '../record-ref.ts';
import { lockOpenTask, type TaskRow } from './tasks.ts';

/** Gives an open task to a user (null: back to the shared queue). */
export async function assignTask(trx: Tx, organisationId: string, taskId: string, assignee: string | null, context: ActionContext): Promise<TaskRow> {
  const task = await lockOpenTask(trx, organisationId, taskId);
  const to = assignee?.trim() || null;
  if (to === task.assigned_to) return task;
  const row = await trx.updateTable('tasks').set({ assigned_to: to }).where('organisation_id', '=', organisationId).where('id', '=', task.id).returningAll().executeTakeFirstOrThrow();
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: task.customer_id, actor: context.actor, channel: 'system', kind: 'task_assigned',
    content: { task_id: task.id, task_kind: task.kind, from: task.assigned_to, to },
  });
  return row;
}
