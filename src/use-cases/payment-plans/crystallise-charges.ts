import type { Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { chargeKey, chargesOn, type ChargeComponent } from '../../domain/fees.ts';
import { defaultPaymentTerms, validatePaymentTerms, type PaymentTermsRules } from '../../domain/payment-terms.ts';
import { loadEcbRates } from '../jurisdiction/ecb-rates.ts';

/**
 * Late charges are computed for display (the reminder composer shows them as of the send
 * date) and become owed money only when a plan or a settlement crystallises them: then they
 * are written to invoice_charges under fees.chargeKey(invoiceId, component), whose primary
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
  /** Already on file before this call (by an earlier plan or settlement). */
  readonly recorded: boolean;
}

export interface ChargeableInvoice {
  readonly id: string;
  readonly currency: string;
  readonly due_date: IsoDate;
  readonly amount_minor: number;
  readonly paid_minor: number;
}

const lateComponents = [
  ['late_fee', 'lateFeeMinor'],
  ['interest', 'interestMinor'],
  ['compensation', 'compensationMinor'],
] as const;

/** The customer's own terms, else the organisation's default, else the country's default. */
export async function paymentTermsFor(trx: Tx, organisationId: string, customer: Pick<Customer, 'payment_terms_id' | 'country'>): Promise<PaymentTermsRules> {
  let query = trx.selectFrom('payment_terms').select('rules').where('organisation_id', '=', organisationId);
  query = customer.payment_terms_id ? query.where('id', '=', customer.payment_terms_id) : query.where('is_default', '=', true);
  const row = await query.orderBy('version', 'desc').executeTakeFirst();
  if (!row) return defaultPaymentTerms(customer.country);
  const validated = validatePaymentTerms(row.rules);
  return validated.ok ? validated.value : defaultPaymentTerms(customer.country);
}

/** What crystallising these invoices' late charges as of `asOf` would record (or has recorded). */
export async function lateChargesOf(
  trx: Tx,
  organisationId: string,
  customer: Pick<Customer, 'payment_terms_id' | 'country' | 'party_type'>,
  invoices: readonly ChargeableInvoice[],
  asOf: IsoDate,
): Promise<InvoiceCharge[]> {
  if (invoices.length === 0) return [];
  const onFile = await trx
    .selectFrom('invoice_charges')
    .select(['invoice_id', 'component', 'amount_minor'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoices.map((i) => i.id))
    .execute();
  const terms = await paymentTermsFor(trx, organisationId, customer);
  const ecbRates = await loadEcbRates(trx, organisationId);
  const charges: InvoiceCharge[] = [];
  for (const invoice of invoices) {
    const computed = chargesOn({
      openMinor: invoice.amount_minor - invoice.paid_minor, currency: invoice.currency, dueDate: invoice.due_date, paidOn: asOf,
      partyType: customer.party_type, country: customer.country, terms, ecbRates,
    });
    for (const [component, field] of lateComponents) {
      const existing = onFile.find((c) => c.invoice_id === invoice.id && c.component === component);
      if (existing) charges.push({ invoiceId: invoice.id, component, amountMinor: existing.amount_minor, recorded: true });
      else if (computed[field] > 0) charges.push({ invoiceId: invoice.id, component, amountMinor: computed[field], recorded: false });
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
