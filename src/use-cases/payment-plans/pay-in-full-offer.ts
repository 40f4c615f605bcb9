import type { Db } from '../../db/database.ts';
import { payInFullOffer } from '../../domain/payment-plan.ts';
import { findCustomer, type RecordRef } from '../customers.ts';
import { loadPlanLimits } from './plan-limits.ts';

export interface PayInFullOfferRow {
  currency: string;
  openMinor: number;
  discountBps: number;
  discountMinor: number;
  amountMinor: number;
}

/**
 * The alternative to a plan: the customer's open debt outside active plans (plan parts
 * included, covered invoices not, so nothing counts twice), per currency, less a discount
 * for paying it at once, capped at the organisation's maximum. Nothing is recorded.
 */
export async function payInFullOffers(db: Db, organisationId: string, customerRef: RecordRef, discountBps: number): Promise<PayInFullOfferRow[]> {
  const customer = await findCustomer(db, organisationId, customerRef);
  const limits = await loadPlanLimits(db, organisationId);
  const rows = await db
    .selectFrom('invoices as i')
    .select(['i.currency', (eb) => eb.fn.sum<number>(eb('i.amount_minor', '-', eb.ref('i.paid_minor'))).as('open')])
    .where('i.organisation_id', '=', organisationId)
    .where('i.customer_id', '=', customer.id)
    .where('i.status', '=', 'open')
    .where(({ not, exists, selectFrom }) =>
      not(exists(
        selectFrom('payment_plan_invoices as c')
          .innerJoin('payment_plans as p', (j) => j.onRef('p.organisation_id', '=', 'c.organisation_id').onRef('p.id', '=', 'c.plan_id'))
          .select('c.invoice_id')
          .whereRef('c.organisation_id', '=', 'i.organisation_id')
          .whereRef('c.invoice_id', '=', 'i.id')
          .where('p.status', '=', 'active'),
      )),
    )
    .groupBy('i.currency')
    .orderBy('i.currency')
    .execute();
  return rows.map((r) => {
    const offer = payInFullOffer(Number(r.open), discountBps, limits);
    return { currency: r.currency, openMinor: Number(r.open), ...offer };
  });
}
