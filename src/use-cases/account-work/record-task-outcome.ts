import type { Tx } from '../../db/database.ts';
import { closeTask } from '../../stores/tasks.ts';
import { appendInteraction } from '../contact-record.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { lockOpenTask, type TaskRow } from './tasks.ts';

export interface TaskOutcomeInput {
  /** e.g. reached, no_answer, promised, wrong_number, resolved (free text). */
  outcome: string;
  note?: string;
  /** How the work was done; default 'phone' for calls and broken promises, else 'system'. */
  channel?: string;
}

/** Closes a worklist item with what came of it, and writes that to the contact record. */
export async function recordTaskOutcome(trx: Tx, ctx: OrgContext, taskId: string, input: TaskOutcomeInput): Promise<TaskRow> {
  const organisationId = ctx.org.id;
  const outcome = input.outcome.trim();
  if (!outcome) throw new ValidationError([{ field: 'outcome', reason: 'must not be empty' }]);
  const task = await lockOpenTask(trx, organisationId, taskId);
  const note = input.note?.trim() || null;
  const row = await closeTask(trx, organisationId, task.id, note ? `${outcome}: ${note}` : outcome, ctx.now);
  const channel = input.channel?.trim() || (task.kind === 'call' || task.kind === 'broken_promise' ? 'phone' : 'system');
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: task.customer_id,
    actor: ctx.actor,
    channel,
    kind: 'task_outcome',
    content: { task_id: task.id, task_kind: task.kind, outcome, note },
  });
  return row;
}
