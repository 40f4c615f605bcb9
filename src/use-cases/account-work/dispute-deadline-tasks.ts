import type { Tx } from '../../db/database.ts';
import { addDays } from '../../domain/dates.ts';

/** A dispute whose deadline is this many days away (or past) gets a task on the worklist. */
export const disputeDeadlineWindowDays = 3;

/**
 * Raises one 'dispute_deadline' task per open dispute whose deadline falls within
 * `disputeDeadlineWindowDays` of `asOf` (or has passed), assigned to the dispute's owner.
 * Safe to repeat: the task's dedupe key is the dispute.
 */
export async function raiseDisputeDeadlineTasks(trx: Tx, organisationId: string, asOf: string): Promise<number> {
  const due = await trx.selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'd.organisation_id').onRef('i.id', '=', 'd.invoice_id'))
    .select(['d.id', 'd.reason', 'd.owner', 'd.deadline', 'i.id as invoice_id', 'i.external_id', 'i.customer_id', 'i.currency', 'i.amount_minor', 'i.paid_minor'])
    .where('d.organisation_id', '=', organisationId).where('d.status', '=', 'open')
    .where('d.deadline', 'is not', null).where('d.deadline', '<=', addDays(asOf, disputeDeadlineWindowDays))
    .execute();
  if (due.length === 0) return 0;
  const inserted = await trx.insertInto('tasks').values(due.map((d) => ({
    organisation_id: organisationId, customer_id: d.customer_id, kind: 'dispute_deadline', dedupe_key: `dispute_deadline:${d.id}`,
    currency: d.currency, receivable_ids: [d.invoice_id], amount_minor: d.amount_minor - d.paid_minor, due_on: asOf, assigned_to: d.owner,
    instructions: `Dispute on invoice ${d.external_id} ("${d.reason}") must be resolved by ${d.deadline}.`,
  }))).onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing()).returning('id').execute();
  return inserted.length;
}
