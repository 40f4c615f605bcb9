import type { Tx } from '../../db/database.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import { ConflictError } from '../errors.ts';
import { closePlan } from './close-plan.ts';
import type { PlanContext } from './create-payment-plan.ts';
import { dateInZone } from '../../domain/dates.ts';
import { routePlanPayments } from './route-plan-payments.ts';
import { organisationById } from '../../stores/organisations.ts';
import { planById } from '../../stores/plans.ts';

/**
 * Cancels an active plan at the business's or debtor's request: handled like a broken plan
 * (parts not fully paid voided, what was paid applied to the covered invoices, which resume
 * the cadence). Cancelling a plan already cancelled changes nothing; a completed or broken
 * plan cannot be cancelled (plan_closed).
 */
export async function cancelPaymentPlan(
  trx: Tx,
  organisationId: string,
  planId: string,
  input: { reason?: string },
  context: PlanContext,
): Promise<{ planId: string }> {
  if (!isUuid(planId)) throw new RecordNotFoundError('payment_plan', { id: planId });
  const plan = await planById(trx, organisationId, planId, { lock: true });
  if (!plan) throw new RecordNotFoundError('payment_plan', { id: planId });
  if (plan.status === 'cancelled') return { planId };
  if (plan.status !== 'active') throw new ConflictError(`payment plan PLAN-${plan.short_id} is already ${plan.status}`, 'plan_closed', { status: plan.status });
  let on = context.asOf;
  if (on === undefined) {
    on = dateInZone(context.now, (await organisationById(trx, organisationId)).timezone);
  }
  await routePlanPayments(trx, organisationId, plan);
  await closePlan(trx, organisationId, plan, 'cancelled', on, context, { reason: input.reason?.trim() || null });
  return { planId };
}
