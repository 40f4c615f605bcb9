import type { Tx } from '../../db/database.ts';
import { daysBetween, type IsoDate } from '../../domain/dates.ts';
import { activeCoverOfCustomers, overduePartsOf } from '../../stores/plans.ts';

/**
 * The invoices of these customers that an active plan covers and that the cadence must
 * leave alone on `asOf`: the plan is in good standing, or late but still within its
 * tolerance. A part open more than tolerance days past its due date means the plan is
 * broken even before reviewPlans has recorded it, so its covered invoices are chased again.
 */
export async function coveredInGoodStanding(trx: Tx, organisationId: string, customerIds: readonly string[], asOf: IsoDate): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await activeCoverOfCustomers(trx, organisationId, customerIds);
  if (rows.length === 0) return new Set();
  const overdueParts = await overduePartsOf(trx, organisationId, [...new Set(rows.map((r) => r.plan_id))], asOf);
  const toleranceOf = new Map(rows.map((r) => [r.plan_id, r.tolerance_days]));
  const broken = new Set(overdueParts.filter((p) => daysBetween(p.due_date, asOf) > toleranceOf.get(p.plan_id)!).map((p) => p.plan_id));
  return new Set(rows.filter((r) => !broken.has(r.plan_id)).map((r) => r.invoice_id));
}
