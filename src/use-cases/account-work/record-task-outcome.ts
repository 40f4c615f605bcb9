import type { Tx } from '../../db/database.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext } from '../record-ref.ts';
import { ValidationError } from '../errors.ts';
import { lockOpenTask, type TaskRow } from './tasks.ts';

export interface TaskOutcomeInput {
  /** e.g. reached, no_answer, promised, wrong_number, resolved (free text). */
  outcome: string;
  note?: string;
  /** How the work was done; default 'phone' for calls and broken promises, else 'system'. */
  channel?: string;
}

/** Closes a worklist item with what came of it, and writes that to the contact record. */
export async function recordTaskOutcome(trx: Tx, organisationId: string, taskId: string, input: TaskOutcomeInput, context: ActionContext): Promise<TaskRow> {
  const outcome = input.outcome.trim();
  if (!outcome) throw new ValidationError([{ field: 'outcome', reason: 'must not be empty' }]);
  const task = await lockOpenTask(trx, organisationId, taskId);
  const note = input.note?.trim() || null;
  const row = await trx.updateTable('tasks').set({ status: 'done', outcome: note ? `${outcome}: ${note}` : outcome, closed_at: context.now })
    .where('organisation_id', '=', organisationId).where('id', '=', task.id).returningAll().executeTakeFirstOrThrow();
  const channel = input.channel?.trim() || (task.kind === 'call' || task.kind === 'broken_promise' ? 'phone' : 'system');
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now, customerId: task.customer_id, actor: context.actor, channel, kind: 'task_outcome',
    content: { task_id: task.id, task_kind: task.kind, outcome, note },
  });
  return row;
}
