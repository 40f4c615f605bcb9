import { anyOf } from '../../db/any-of.ts';
import type { Tx } from '../../db/database.ts';
import { daysBetween, type IsoDate } from '../../domain/dates.ts';

/**
 * The invoices of these customers that an active plan covers and that the cadence must
 * leave alone on `asOf`: the plan is in good standing, or late but still within its
 * tolerance. A part open more than tolerance days past its due date means the plan is
 * broken even before reviewPlans has recorded it, so its covered invoices are chased again.
 */
export async function coveredInGoodStanding(trx: Tx, organisationId: string, customerIds: readonly string[], asOf: IsoDate): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('payment_plan_invoices as c')
    .innerJoin('payment_plans as p', (j) => j.onRef('p.organisation_id', '=', 'c.organisation_id').onRef('p.id', '=', 'c.plan_id'))
    .select(['c.invoice_id', 'p.id as plan_id', 'p.tolerance_days'])
    .where('c.organisation_id', '=', organisationId)
    .where('p.customer_id', '=', anyOf(customerIds))
    .where('p.status', '=', 'active')
    .execute();
  if (rows.length === 0) return new Set();
  const overdueParts = await trx
    .selectFrom('payment_plan_instalments as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 's.organisation_id').onRef('i.id', '=', 's.invoice_id'))
    .select(['s.plan_id', 'i.due_date'])
    .where('s.organisation_id', '=', organisationId)
    .where('s.plan_id', 'in', [...new Set(rows.map((r) => r.plan_id))])
    .where('i.status', '=', 'open')
    .where('i.due_date', '<', asOf)
    .execute();
  const toleranceOf = new Map(rows.map((r) => [r.plan_id, r.tolerance_days]));
  const broken = new Set(overdueParts.filter((p) => daysBetween(p.due_date, asOf) > toleranceOf.get(p.plan_id)!).map((p) => p.plan_id));
  return new Set(rows.filter((r) => !broken.has(r.plan_id)).map((r) => r.invoice_id));
}

