import type { Db, Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { chargeKey, chargesOn, lateParts, type ChargeComponent } from '../../domain/fees.ts';
import { paymentTermsOfCustomer, type PaymentTermsRules, type StoredPaymentTerms } from '../../domain/payment-terms.ts';
import type { ReferenceRate } from '../../domain/jurisdiction.ts';
import { loadEcbRates } from '../jurisdiction/ecb-rates.ts';

/**
 * Late charges are computed for display (the reminder composer shows them as of the send
 * date) and become owed money when they are crystallised — by a payment (allocate-payments.ts,
 * as of its date), by a reminder when the organisation books charges at demand time, or by a
 * plan: then they are written to invoice_charges under fees.chargeKey(invoiceId, component), whose primary
 * key makes the write happen once per invoice and component whatever the number of plans,
 * retries or reruns. A component already on file is reused at its recorded amount, never
 * recomputed, so a later plan over the same invoice charges nothing new.
 *
 * Only late charges (late fee, interest, statutory compensation) are crystallised; an
 * early-payment discount never applies to overdue debt being rescheduled.
 */
export interface InvoiceCharge {
  readonly invoiceId: string;
  readonly component: ChargeComponent;
  readonly amountMinor: number;
  /** Already on file before this call (by an earlier plan, payment or reminder). */
  readonly recorded: boolean;
  /** What is still owed of it beside the invoice: 0 once paid, and for a plan's (its instalments carry them). */
  readonly openMinor: number;
}

export interface ChargeableInvoice {
  readonly id: string;
  readonly currency: string;
  readonly due_date: IsoDate;
  readonly amount_minor: number;
  readonly paid_minor: number;
}

/** Every stored version of the organisation's payment terms (a handful), for paymentTermsOfCustomer. */
export async function storedPaymentTerms(trx: Db, organisationId: string): Promise<StoredPaymentTerms[]> {
  const rows = await trx.selectFrom('payment_terms').select(['id', 'name', 'scope', 'segment', 'is_default', 'version', 'rules']).where('organisation_id', '=', organisationId).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, scope: r.scope, segment: r.segment, isDefault: r.is_default, version: r.version, rules: r.rules }));
}

/** The customer's own terms, else its segment's, else the organisation's default, else the country's. */
export async function paymentTermsFor(trx: Db, organisationId: string, customer: Pick<Customer, 'payment_terms_id' | 'country' | 'segment'>): Promise<PaymentTermsRules> {
  return paymentTermsOfCustomer(await storedPaymentTerms(trx, organisationId), { paymentTermsId: customer.payment_terms_id, segment: customer.segment, country: customer.country });
}

/** What crystallising these invoices' late charges as of `asOf` would record (or has recorded). */
export async function lateChargesOf(
  trx: Tx,
  organisationId: string,
  customer: Pick<Customer, 'payment_terms_id' | 'country' | 'party_type' | 'segment'>,
  invoices: readonly ChargeableInvoice[],
  asOf: IsoDate,
  known?: { terms: PaymentTermsRules; ecbRates: readonly ReferenceRate[] },
): Promise<InvoiceCharge[]> {
  if (invoices.length === 0) return [];
  const onFile = await trx
    .selectFrom('invoice_charges')
    .select(['invoice_id', 'component', 'amount_minor', 'paid_minor', 'plan_id'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoices.map((i) => i.id))
    .execute();
  // A delivery pass reads the terms and rates once for all its messages (`known`).
  const terms = known?.terms ?? await paymentTermsFor(trx, organisationId, customer);
  const ecbRates = known?.ecbRates ?? await loadEcbRates(trx, organisationId);
  const charges: InvoiceCharge[] = [];
  for (const invoice of invoices) {
    const computed = chargesOn({
      openMinor: invoice.amount_minor - invoice.paid_minor, currency: invoice.currency, dueDate: invoice.due_date, paidOn: asOf,
      partyType: customer.party_type, country: customer.country, terms, ecbRates,
    });
    const due = lateParts(computed);
    for (const component of ['late_fee', 'interest', 'compensation'] as const) {
      const existing = onFile.find((c) => c.invoice_id === invoice.id && c.component === component);
      const amountMinor = due.find((p) => p.component === component)?.amountMinor ?? 0;
      if (existing) charges.push({ invoiceId: invoice.id, component, amountMinor: existing.amount_minor, recorded: true, openMinor: existing.plan_id ? 0 : existing.amount_minor - existing.paid_minor });
      else if (amountMinor > 0) charges.push({ invoiceId: invoice.id, component, amountMinor, recorded: false, openMinor: amountMinor });
    }
  }
  return charges;
}

/** Writes the charges not yet on file; a concurrent or repeated write of the same key is a no-op. */
export async function recordCharges(trx: Tx, organisationId: string, charges: readonly InvoiceCharge[], currency: string, asOf: IsoDate, source: { kind: string; planId: string | null }): Promise<number> {
  const fresh = charges.filter((c) => !c.recorded);
  if (fresh.length === 0) return 0;
  const inserted = await trx
    .insertInto('invoice_charges')
    .values(fresh.map((c) => ({
      organisation_id: organisationId, key: chargeKey(c.invoiceId, c.component), invoice_id: c.invoiceId, component: c.component,
      amount_minor: c.amountMinor, currency, as_of: asOf, source: source.kind, plan_id: source.planId,
    })))
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
    .returning('key')
    .execute();
  return inserted.length;
}
