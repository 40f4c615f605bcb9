/**
 * Payment plans (parcelamento), as stored and followed. The design every use case in this
 * folder follows:
 *
 * - A plan covers some open invoices of one customer in one currency (by default every
 *   overdue open invoice not already in a plan). Its debt is their open amount plus the late
 *   charges accrued so far, crystallised ONCE in invoice_charges (see crystallise-charges.ts).
 *   The debt is split by domain/payment-plan.proposePlan, within the organisation's limits
 *   (plan-limits.ts), into a down payment (part 0) and instalments 1 … n.
 * - Every part is an ordinary receivable: an invoices row with external_id
 *   PLAN-<short id>-<n>, issued on the day the plan is made, parent_invoice_id null and linked
 *   through payment_plan_instalments. The cadence follows them by due date like any invoice.
 * - The covered invoices stay open (their history stays where it was) but are linked through
 *   payment_plan_invoices and suppressed by the cadence while the plan is in good standing
 *   (covered-in-good-standing.ts fills ReceivableState.inPlanGoodStanding).
 * - Payments go to the parts first while the plan is active. allocate-payments.ts applies
 *   them oldest due first, which means the covered invoices; route-plan-payments.ts moves
 *   what landed on a covered invoice after the plan was made onto the parts (oldest due
 *   first). reviewPlans runs it before it judges a plan.
 * - reviewPlans (daily, idempotent) judges each active plan with domain planStanding:
 *   completed → the covered invoices are settled by the plan (an internal payment, method
 *   'payment_plan', allocated to them) and become 'paid'; broken (a part unpaid more than
 *   tolerance days after its due date) → parts not fully paid are voided, what was paid on
 *   the plan is applied to the covered invoices oldest first by the same kind of internal
 *   payment, and they resume the cadence. Cancelling does the same as breaking.
 * - Every change is written to the contact record and announced by a webhook event.
 */
import type { Db, Tx } from '../../db/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { planStanding, type InstalmentPayment, type Plan, type PlanStanding } from '../../domain/payment-plan.ts';
import { allocationsCountingOn, type PartRow, type PlanRow } from '../../stores/plans.ts';

/** The stored plan as the pure domain sees it. */
function domainPlanOf(plan: PlanRow, parts: readonly PartRow[]): Plan {
  const down = parts.find((p) => p.number === 0);
  const instalments = parts
    .filter((p) => p.number > 0)
    .map((p) => ({
      number: p.number,
      dueDate: p.due_date,
      amountMinor: p.amount_minor,
      principalMinor: p.principal_minor,
      interestMinor: p.interest_minor,
    }));
  return {
    currency: plan.currency,
    frequency: plan.frequency,
    monthlyInterestBps: plan.monthly_interest_bps,
    downPaymentMinor: down?.amount_minor ?? 0,
    downPaymentDueDate: plan.start_date,
    financedMinor: plan.debt_minor - plan.down_payment_minor,
    instalments,
    totalMinor: plan.total_minor,
    interestMinor: plan.interest_minor,
  };
}

/** Money received against each part: its allocations that still count on `asOf`. */
async function partPaymentsOf(db: Db | Tx, organisationId: string, parts: readonly PartRow[], asOf: IsoDate): Promise<InstalmentPayment[]> {
  if (parts.length === 0) return [];
  const numberOf = new Map(parts.map((p) => [p.invoice_id, p.number]));
  const rows = await allocationsCountingOn(db, organisationId, [...numberOf.keys()], asOf);
  return rows.map((r) => ({ instalment: numberOf.get(r.invoice_id)!, amountMinor: r.amount_minor, paidOn: r.allocated_on }));
}

export type PlanStandingView = PlanStanding | 'cancelled';

/** Where the plan stands on `asOf`: computed while active, the recorded outcome once closed. */
export async function standingOf(db: Db | Tx, organisationId: string, plan: PlanRow, parts: readonly PartRow[], asOf: IsoDate): Promise<PlanStandingView> {
  if (plan.status !== 'active') return plan.status;
  return planStanding(domainPlanOf(plan, parts), await partPaymentsOf(db, organisationId, parts, asOf), asOf, plan.tolerance_days);
}
