import type { Tx } from '../../db/database.ts';
import { lockTask, type TaskRow } from '../../stores/tasks.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import { ConflictError } from '../errors.ts';

export type { TaskRow };

/** An open task, locked for a change; a closed one is `task_closed` (409). */
export async function lockOpenTask(trx: Tx, organisationId: string, taskId: string): Promise<TaskRow> {
  if (!isUuid(taskId)) throw new RecordNotFoundError('task', { id: taskId });
  const task = await lockTask(trx, organisationId, taskId);
  if (!task) throw new RecordNotFoundError('task', { id: taskId });
  if (task.status !== 'open') throw new ConflictError(`task ${taskId} is already ${task.status}`, 'task_closed', { status: task.status });
  return task;
}
