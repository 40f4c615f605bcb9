import type { Db, Tx } from '../../db/database.ts';
import { payInFullOffer } from '../../domain/payment-plan.ts';
import { findCustomer } from '../customers.ts';
import type { RecordRef } from '../record-ref.ts';
import { invoicesOutsideActivePlans } from '../../stores/plans.ts';
import type { OrgContext } from '../org-context.ts';
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
 * for paying it at once (default: the organisation's maximum), capped at that maximum. Nothing is recorded.
 */
export async function payInFullOffers(db: Db | Tx, ctx: OrgContext, customerRef: RecordRef, discountBps?: number): Promise<PayInFullOfferRow[]> {
  const customer = await findCustomer(db, ctx.org.id, customerRef);
  const limits = await loadPlanLimits(db, ctx.org.id);
  const open = new Map<string, number>();
  for (const invoice of await offerableInvoices(db, ctx.org.id, customer.id)) open.set(invoice.currency, (open.get(invoice.currency) ?? 0) + invoice.openMinor);
  return [...open]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, openMinor]) => ({ currency, openMinor, ...payInFullOffer(openMinor, discountBps ?? limits.maxDiscountBps, limits) }));
}

/** The customer's open invoices an offer may cover (not on an active plan), oldest first. */
export async function offerableInvoices(db: Db | Tx, organisationId: string, customerId: string): Promise<OfferableInvoice[]> {
  const rows = await invoicesOutsideActivePlans(db, organisationId, customerId);
  return rows.map((r) => ({ id: r.id, externalId: r.external_id, currency: r.currency, openMinor: r.open })).filter((r) => r.openMinor > 0);
}
