import type { Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { chargesOn, lateParts, type ChargeComponent } from '../../domain/fees.ts';
import type { PaymentTermsRules } from '../../domain/payment-terms.ts';
import type { ReferenceRate } from '../../domain/jurisdiction.ts';
import { loadEcbRates } from '../jurisdiction/ecb-rates.ts';
import { chargesOnFile, insertCharges } from '../../stores/invoice-charges.ts';
import { paymentTermsFor } from '../../stores/payment-terms.ts';

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
  const onFile = await chargesOnFile(
    trx,
    organisationId,
    invoices.map((i) => i.id),
  );
  // A delivery pass reads the terms and rates once for all its messages (`known`).
  const terms = known?.terms ?? (await paymentTermsFor(trx, organisationId, customer));
  const ecbRates = known?.ecbRates ?? (await loadEcbRates(trx, organisationId));
  const charges: InvoiceCharge[] = [];
  for (const invoice of invoices) {
    const computed = chargesOn({
      openMinor: invoice.amount_minor - invoice.paid_minor,
      currency: invoice.currency,
      dueDate: invoice.due_date,
      paidOn: asOf,
      partyType: customer.party_type,
      country: customer.country,
      terms,
      ecbRates,
    });
    const due = lateParts(computed);
    for (const component of ['late_fee', 'interest', 'compensation'] as const) {
      const existing = onFile.find((c) => c.invoice_id === invoice.id && c.component === component);
      const amountMinor = due.find((p) => p.component === component)?.amountMinor ?? 0;
      if (existing)
        charges.push({
          invoiceId: invoice.id,
          component,
          amountMinor: existing.amount_minor,
          recorded: true,
          openMinor: existing.plan_id ? 0 : existing.amount_minor - existing.paid_minor,
        });
      else if (amountMinor > 0) charges.push({ invoiceId: invoice.id, component, amountMinor, recorded: false, openMinor: amountMinor });
    }
  }
  return charges;
}

/** Writes the charges not yet on file; a concurrent or repeated write of the same key is a no-op. */
export async function recordCharges(
  trx: Tx,
  organisationId: string,
  charges: readonly InvoiceCharge[],
  currency: string,
  asOf: IsoDate,
  source: { kind: string; planId: string | null },
): Promise<number> {
  const fresh = charges.filter((c) => !c.recorded);
  if (fresh.length === 0) return 0;
  return insertCharges(trx, organisationId, fresh, currency, asOf, source);
}
