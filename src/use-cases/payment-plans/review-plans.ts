import type { Db, Tx } from '../../db/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { inTransaction } from '../../db/transaction.ts';
import { activePlansForUpdate, partsOf } from '../../stores/plans.ts';
import { closePlan } from './close-plan.ts';
import { standingOf } from './plan-records.ts';
import { routePlanPayments } from './route-plan-payments.ts';

export interface ReviewPlansResult {
  reviewed: number;
  completed: string[];
  broken: string[];
}

/**
 * The daily review of every active plan (optionally of some customers only): first moves
 * payments that landed on covered invoices onto the parts, then judges the plan with
 * planStanding as of `asOf` and closes it when completed or broken (close-plan.ts). Late
 * but within tolerance changes nothing. Closed plans are never looked at again, so running
 * it twice for the same date does nothing the second time. Pass a transaction to run inside
 * it, or the database to run in a transaction of its own.
 */
export async function reviewPlans(
  db: Db | Tx,
  organisationId: string,
  asOf: IsoDate,
  now: Date,
  options: { customerIds?: readonly string[] } = {},
): Promise<ReviewPlansResult> {
  return inTransaction(db, async (trx): Promise<ReviewPlansResult> => {
    if (options.customerIds && options.customerIds.length === 0) return { reviewed: 0, completed: [], broken: [] };
    const plans = await activePlansForUpdate(trx, organisationId, options.customerIds);
    const result: ReviewPlansResult = { reviewed: plans.length, completed: [], broken: [] };
    const context = { actor: 'system:plan-review', now };
    for (const plan of plans) {
      await routePlanPayments(trx, organisationId, plan);
      const parts = await partsOf(trx, organisationId, plan.id);
      const standing = await standingOf(trx, organisationId, plan, parts, asOf);
      if (standing === 'completed') {
        await closePlan(trx, organisationId, plan, 'completed', asOf, context);
        result.completed.push(plan.id);
      } else if (standing === 'broken') {
        const late = parts.filter((p) => p.status === 'open' && p.due_date < asOf).map((p) => ({ part: p.external_id, due_date: p.due_date }));
        await closePlan(trx, organisationId, plan, 'broken', asOf, context, {
          reason: `a part unpaid more than ${plan.tolerance_days} days after its due date`,
          late_parts: late,
        });
        result.broken.push(plan.id);
      }
    }
    return result;
  });
}
