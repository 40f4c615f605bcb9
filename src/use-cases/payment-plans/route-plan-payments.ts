import type { Tx } from '../../db/database.ts';
import { reallocate } from '../../domain/allocation.ts';
import { openMinor } from '../../domain/receivable.ts';
import { liveAllocationsOnSince, moveAllocation } from '../../stores/payments.ts';
import { coveredOf, partsOf, type PlanRow } from '../../stores/plans.ts';

/**
 * While a plan is active, the customer's payments belong to its parts. allocate-payments.ts
 * applies a payment oldest due first, which means the covered invoices; this moves every
 * live allocation made on a covered invoice after the plan was made onto the open parts,
 * oldest due first. The moved allocation is closed with reversed_on = allocated_on (an empty
 * interval: it never counts in aging as of any date) and a new one, same payment and date,
 * takes its place on the part; what the parts cannot take goes back on the covered invoice.
 * Internal plan settlements (method 'payment_plan') are never moved. Returns the amount moved.
 */
export async function routePlanPayments(trx: Tx, organisationId: string, plan: PlanRow): Promise<number> {
  if (plan.status !== 'active') return 0;
  const covered = await coveredOf(trx, organisationId, plan.id);
  const misplaced = await liveAllocationsOnSince(
    trx,
    organisationId,
    covered.map((c) => c.invoice_id),
    plan.created_at,
  );
  if (misplaced.length === 0) return 0;
  const parts = (await partsOf(trx, organisationId, plan.id)).filter((p) => p.status === 'open');
  const open = new Map(
    parts.map((p) => [
      p.invoice_id,
      { id: p.invoice_id, dueDate: p.due_date, issueDate: plan.created_on, openMinor: openMinor({ amountMinor: p.amount_minor, paidMinor: p.paid_minor }) },
    ]),
  );

  let moved = 0;
  for (const allocation of misplaced) {
    const targets = [...open.values()].filter((p) => p.openMinor > 0);
    if (targets.length === 0) break;
    const from = {
      paymentId: allocation.payment_id,
      receivableId: allocation.invoice_id,
      amountMinor: allocation.amount_minor,
      allocatedOn: allocation.allocated_on,
    };
    const replacements = reallocate(from, targets, plan.created_on);
    await moveAllocation(trx, organisationId, allocation, replacements);
    for (const r of replacements) {
      const part = open.get(r.receivableId);
      if (!part || r.receivableId === allocation.invoice_id) continue;
      part.openMinor -= r.amountMinor;
      moved += r.amountMinor;
    }
  }
  return moved;
}
