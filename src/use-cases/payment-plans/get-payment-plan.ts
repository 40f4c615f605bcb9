import type { Db } from '../../db/database.ts';
import { dateInZone, type IsoDate } from '../../domain/dates.ts';
import { findCustomer } from '../customers.ts';
import { isUuid, RecordNotFoundError, type RecordRef } from '../record-ref.ts';
import { coveredOf, partsOf, standingOf, type CoveredState, type PartState, type PlanRow, type PlanStandingView } from './plan-records.ts';

export interface PaymentPlanDetail {
  plan: PlanRow;
  customerExternalId: string;
  /** Computed as of `asOf` while active; the recorded outcome once closed. */
  standing: PlanStandingView;
  asOf: IsoDate;
  parts: PartState[];
  covered: CoveredState[];
}

async function asOfFor(db: Db, organisationId: string, asOf: IsoDate | undefined, now: Date): Promise<IsoDate> {
  if (asOf !== undefined) return asOf;
  const org = await db.selectFrom('organisations').select('timezone').where('id', '=', organisationId).executeTakeFirstOrThrow();
  return dateInZone(now, org.timezone);
}

async function detailOf(db: Db, organisationId: string, plan: PlanRow, asOf: IsoDate, customerExternalId: string): Promise<PaymentPlanDetail> {
  const [parts, covered] = await Promise.all([partsOf(db, organisationId, plan.id), coveredOf(db, organisationId, plan.id)]);
  return { plan, customerExternalId, standing: await standingOf(db, organisationId, plan, parts, asOf), asOf, parts, covered };
}

/** A plan with its parts, the invoices it covers and where it stands on `asOf` (default: today). */
export async function getPaymentPlan(db: Db, organisationId: string, planId: string, options: { asOf?: IsoDate; now: Date }): Promise<PaymentPlanDetail> {
  if (!isUuid(planId)) throw new RecordNotFoundError('payment_plan', { id: planId });
  const plan = await db.selectFrom('payment_plans').selectAll().where('organisation_id', '=', organisationId).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new RecordNotFoundError('payment_plan', { id: planId });
  const customer = await db.selectFrom('customers').select('external_id').where('organisation_id', '=', organisationId).where('id', '=', plan.customer_id).executeTakeFirstOrThrow();
  return detailOf(db, organisationId, plan, await asOfFor(db, organisationId, options.asOf, options.now), customer.external_id);
}

/** Every plan of a customer, newest first (a customer has a handful, so no pagination). */
export async function listCustomerPaymentPlans(db: Db, organisationId: string, customerRef: RecordRef, options: { asOf?: IsoDate; now: Date }): Promise<PaymentPlanDetail[]> {
  const customer = await findCustomer(db, organisationId, customerRef);
  const asOf = await asOfFor(db, organisationId, options.asOf, options.now);
  const plans = await db.selectFrom('payment_plans').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id).orderBy('created_at', 'desc').orderBy('id').execute();
  return Promise.all(plans.map((p) => detailOf(db, organisationId, p, asOf, customer.external_id)));
}
