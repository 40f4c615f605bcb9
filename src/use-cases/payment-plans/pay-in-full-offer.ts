import type { Db } from '../../db/database.ts';
import { payInFullOffer } from '../../domain/payment-plan.ts';
import { findCustomer } from '../customers.ts';
import { type RecordRef } from '../record-ref.ts';
import { loadPlanLimits } from './plan-limits.ts';

export interface PayInFullOfferRow {
  currency: string;
  openMinor: number;
  discountBps: number;
  discountMinor: number;
  amountMinor: number;
}

export interface OfferableInvoice {
  id: string;
  externalId: string;
  currency: string;
  openMinor: number;
}

/**
 * The alternative to a plan: the customer's open debt outside active plans (plan parts
 * included, covered invoices not, so nothing counts twice), per currency, less a discount
 * for paying it at once, capped at the organisation's maximum. Nothing is recorded.
 */
export async function payInFullOffers(db: Db, organisationId: string, customerRef: RecordRef, discountBps: number): Promise<PayInFullOfferRow[]> {
  const customer = await findCustomer(db, organisationId, customerRef);
  const limits = await loadPlanLimits(db, organisationId);
  const open = new Map<string, number>();
  for (const invoice of await offerableInvoices(db, organisationId, customer.id)) open.set(invoice.currency, (open.get(invoice.currency) ?? 0) + invoice.openMinor);
  return [...open].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, openMinor]) => ({ currency, openMinor, ...payInFullOffer(openMinor, discountBps, limits) }));
}

/** The customer's open invoices an offer may cover (not on an active plan), oldest first. */
export async function offerableInvoices(db: Db, organisationId: string, customerId: string): Promise<OfferableInvoice[]> {
  const rows = await db
    .selectFrom('invoices as i')
    .select(['i.id', 'i.external_id', 'i.currency', (eb) => eb('i.amount_minor', '-', eb.ref('i.paid_minor')).as('open')])
    .where('i.organisation_id', '=', organisationId)
    .where('i.customer_id', '=', customerId)
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
    .orderBy('i.due_date').orderBy('i.external_id')
    .execute();
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, currency: r.currency, openMinor: Number(r.open) })).filter((r) => r.openMinor > 0);
}
