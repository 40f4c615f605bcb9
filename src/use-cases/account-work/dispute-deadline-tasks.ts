import type { Tx } from '../../db/database.ts';
import { periodEnd } from '../../domain/business-calendar.ts';
import { openDisputesDueBy } from '../../stores/disputes.ts';
import { insertTasks } from '../../stores/tasks.ts';

/** A dispute whose deadline is this many (calendar) days away, or past, gets a task on the worklist. */
const disputeDeadlineWindowDays = 3;

/**
 * Raises one 'dispute_deadline' task per open dispute whose deadline falls within
 * `disputeDeadlineWindowDays` of `asOf` (or has passed), assigned to the dispute's owner.
 * Safe to repeat: the task's dedupe key is the dispute.
 */
export async function raiseDisputeDeadlineTasks(trx: Tx, organisationId: string, asOf: string): Promise<number> {
  const due = await openDisputesDueBy(trx, organisationId, periodEnd(asOf, disputeDeadlineWindowDays, 'calendar'));
  return insertTasks(
    trx,
    organisationId,
    due.map((d) => ({
      customer_id: d.customer_id,
      kind: 'dispute_deadline',
      dedupe_key: `dispute_deadline:${d.id}`,
      currency: d.currency,
      receivable_ids: [d.invoice_id],
      amount_minor: d.amount_minor - d.paid_minor,
      due_on: asOf,
      assigned_to: d.owner,
      instructions: `Dispute on invoice ${d.external_id} ("${d.reason}") must be resolved by ${d.deadline}.`,
    })),
  );
}
