import type { Db, Tx } from '../../db/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { planById, plansOfCustomer, coveredOf, partsOf, type CoveredState, type PartState, type PlanRow } from '../../stores/plans.ts';
import { findCustomer } from '../customers.ts';
import { isUuid, RecordNotFoundError, type RecordRef } from '../record-ref.ts';
import { businessDateOf, type OrgContext } from '../org-context.ts';
import { standingOf, type PlanStandingView } from './plan-records.ts';

export interface PaymentPlanDetail {
  plan: PlanRow;
  customerExternalId: string;
  /** Computed as of `asOf` while active; the recorded outcome once closed. */
  standing: PlanStandingView;
  asOf: IsoDate;
  parts: PartState[];
  covered: CoveredState[];
}

async function detailOf(db: Db | Tx, organisationId: string, plan: PlanRow, asOf: IsoDate, customerExternalId: string): Promise<PaymentPlanDetail> {
  const [parts, covered] = await Promise.all([partsOf(db, organisationId, plan.id), coveredOf(db, organisationId, plan.id)]);
  return { plan, customerExternalId, standing: await standingOf(db, organisationId, plan, parts, asOf), asOf, parts, covered };
}

/** A plan with its parts, the invoices it covers and where it stands on `asOf` (default: today). */
export async function getPaymentPlan(db: Db | Tx, ctx: OrgContext, planId: string, options: { asOf?: IsoDate } = {}): Promise<PaymentPlanDetail> {
  if (!isUuid(planId)) throw new RecordNotFoundError('payment_plan', { id: planId });
  const plan = await planById(db, ctx.org.id, planId);
  if (!plan) throw new RecordNotFoundError('payment_plan', { id: planId });
  const customer = await findCustomer(db, ctx.org.id, { id: plan.customer_id });
  return detailOf(db, ctx.org.id, plan, options.asOf ?? businessDateOf(ctx), customer.external_id);
}

/** Every plan of a customer, newest first (a customer has a handful, so no pagination). */
export async function listCustomerPaymentPlans(
  db: Db | Tx,
  ctx: OrgContext,
  customerRef: RecordRef,
  options: { asOf?: IsoDate } = {},
): Promise<PaymentPlanDetail[]> {
  const customer = await findCustomer(db, ctx.org.id, customerRef);
  const asOf = options.asOf ?? businessDateOf(ctx);
  const plans = await plansOfCustomer(db, ctx.org.id, customer.id);
  return Promise.all(plans.map((p) => detailOf(db, ctx.org.id, p, asOf, customer.external_id)));
}
