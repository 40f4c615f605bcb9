import type { Tx } from '../../db/database.ts';
import { setTaskAssignee } from '../../stores/tasks.ts';
import { appendInteraction } from '../contact-record.ts';
import type { OrgContext } from '../org-context.ts';
import { lockOpenTask, type TaskRow } from './tasks.ts';

/** Gives an open task to a user (null: back to the shared queue). */
export async function assignTask(trx: Tx, ctx: OrgContext, taskId: string, assignee: string | null): Promise<TaskRow> {
  const organisationId = ctx.org.id;
  const task = await lockOpenTask(trx, organisationId, taskId);
  const to = assignee?.trim() || null;
  if (to === task.assigned_to) return task;
  const row = await setTaskAssignee(trx, organisationId, task.id, to);
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: task.customer_id,
    actor: ctx.actor,
    channel: 'system',
    kind: 'task_assigned',
    content: { task_id: task.id, task_kind: task.kind, from: task.assigned_to, to },
  });
  return row;
}
