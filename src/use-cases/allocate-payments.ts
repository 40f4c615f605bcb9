import type { Tx } from '../db/database.ts';
import { allocatePayments, type AllocationResult } from '../domain/allocation.ts';
import { maxDate } from '../domain/dates.ts';
import { chargesOn, lateParts } from '../domain/fees.ts';
import { paymentTermsOfCustomer, type StoredPaymentTerms } from '../domain/payment-terms.ts';
import { storedPaymentTerms } from '../stores/payment-terms.ts';
import { loadEcbRates } from './jurisdiction/ecb-rates.ts';
import type { ReferenceRate } from '../domain/jurisdiction.ts';
import { fulfilSettledOffers } from './payment-plans/settlement-offers.ts';
import { openMinor } from '../domain/receivable.ts';
import { chargesOfOpenInvoices, openInvoicesOfCustomers } from '../stores/invoices.ts';
import { acceptedOfferRows, allocationWriter, payerTermsOf, pendingPaymentsOf, reversePaymentRows } from '../stores/payments.ts';

/**
 * Applies every payment of these customers that still has money left: first to the invoices
 * the payer named, the rest to the oldest open invoices in the same currency, each invoice's
 * late charges before its principal (see allocatePayments; the charges due on the payment date
 * are booked as it arrives, once per invoice). Allocations are dated the later of the payment
 * and the invoice issue, so aging as of a past date stays right. Customers are read in chunks;
 * the writes are set-based. Every payment entry point ends here: one booking rule for all.
 */
export async function allocatePendingPayments(
  trx: Tx,
  organisationId: string,
  customerIds: readonly string[],
  targets: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<{ allocations: number }> {
  if (customerIds.length === 0) return { allocations: 0 };
  const writer = await allocationWriter(trx, organisationId);
  const stored = await storedPaymentTerms(trx, organisationId);
  // The reminder demanded charges with the organisation's rate table; booking them uses the same.
  const ecbRates = await loadEcbRates(trx, organisationId);
  for (let i = 0; i < customerIds.length; i += CUSTOMER_CHUNK) {
    await writer.add(await allocateChunk(trx, organisationId, customerIds.slice(i, i + CUSTOMER_CHUNK), stored, ecbRates, targets));
  }
  const allocations = await writer.finish();
  await fulfilSettledOffers(trx, organisationId, customerIds);
  return { allocations };
}

const CUSTOMER_CHUNK = 5000;

async function allocateChunk(
  trx: Tx,
  organisationId: string,
  customerIds: readonly string[],
  stored: readonly StoredPaymentTerms[],
  ecbRates: readonly ReferenceRate[],
  targets: ReadonlyMap<string, readonly string[]>,
): Promise<AllocationResult> {
  const payments = await pendingPaymentsOf(trx, organisationId, customerIds);
  if (payments.length === 0) return { allocations: [], charges: [] };
  const payers = [...new Set(payments.map((p) => p.customer_id))];
  // Invoices a live payment plan covers: its instalments carry the debt and their charges.
  const invoices = await openInvoicesOfCustomers(trx, organisationId, payers);
  const charges = await chargesOfOpenInvoices(trx, organisationId, payers);
  const customers = await payerTermsOf(trx, organisationId, payers);
  const termsOf = new Map(
    customers.map((c) => [
      c.id,
      {
        party: c.party_type,
        country: c.country,
        terms: paymentTermsOfCustomer(stored, { paymentTermsId: c.payment_terms_id, segment: c.segment, country: c.country }),
      },
    ]),
  );
  const onPlan = new Set(invoices.filter((r) => r.on_plan).map((r) => r.id));
  const offers = await acceptedOffers(trx, organisationId, payers);
  // A payment that reaches an accepted offer's amount in time goes to its invoices, each settled with its share of the discount.
  const offerOf = new Map<string, AcceptedOffer>();
  for (const p of payments) {
    const offer = offers.find(
      (o) => o.customerId === p.customer_id && o.currency === p.currency && o.acceptedOn <= p.received_on && p.received_on <= o.validUntil,
    );
    if (offer && p.left_minor >= offer.dueMinor) offerOf.set(p.id, offer);
  }
  const demands = new Map(invoices.filter((r) => r.demanded_on !== null).map((r) => [r.id, { on: r.demanded_on!, until: r.demanded_until ?? r.demanded_on! }]));
  return allocatePayments(
    payments.map((p) => ({
      id: p.id,
      customerId: p.customer_id,
      currency: p.currency,
      receivedOn: p.received_on,
      leftMinor: p.left_minor,
      targetIds: targets.get(p.id) ?? (p.target_invoice_id ? [p.target_invoice_id] : (offerOf.get(p.id)?.invoiceIds ?? [])),
    })),
    invoices.map((r) => ({ id: r.id, customerId: r.customer_id, currency: r.currency, dueDate: r.due_date, issueDate: r.issue_date, openMinor: openOf(r) })),
    {
      // Charges a plan booked are carried by its instalments, not owed beside the invoice.
      open: charges.filter((c) => c.plan_id === null).map((c) => ({ key: c.key, receivableId: c.invoice_id, component: c.component, openMinor: openOf(c) })),
      booked: new Set(charges.map((c) => c.invoice_id)),
      termsAt: (receivable, openMinor, paidOn, payment) => {
        const share = offerOf.get(payment.id)?.discounts.get(receivable.id);
        if (share !== undefined) return { late: [], discountMinor: share };
        const customer = termsOf.get(receivable.customerId);
        if (!customer || onPlan.has(receivable.id)) return { late: [], discountMinor: 0 };
        const on = (date: string) =>
          chargesOn({
            openMinor,
            currency: receivable.currency,
            dueDate: receivable.dueDate,
            paidOn: date,
            partyType: customer.party,
            country: customer.country,
            terms: customer.terms,
            ecbRates,
          });
        const due = on(paidOn);
        // Late charges are booked only once a reminder demanded them, and not for a payment made
        // before that; a payment within the demand's term (its boleto's due date) books them as demanded.
        const demand = demands.get(receivable.id);
        if (demand === undefined || paidOn < demand.on) return { late: [], discountMinor: due.discountMinor };
        return { late: lateParts(paidOn <= demand.until ? on(demand.on) : due), discountMinor: due.discountMinor };
      },
    },
  );
}

/** A row's open amount (domain/receivable.ts openMinor); bigint columns may come back as strings. */
function openOf(row: { amount_minor: number | string; paid_minor: number | string }): number {
  return openMinor({ amountMinor: Number(row.amount_minor), paidMinor: Number(row.paid_minor) });
}

interface AcceptedOffer {
  customerId: string;
  currency: string;
  acceptedOn: string;
  validUntil: string;
  invoiceIds: string[];
  /** Each still-open covered invoice's share of the discount. */
  discounts: Map<string, number>;
  /** What is left to pay of the offer: the covered invoices' open amounts less their discounts. */
  dueMinor: number;
}

async function acceptedOffers(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<AcceptedOffer[]> {
  const rows = await acceptedOfferRows(trx, organisationId, customerIds);
  const offers = new Map<string, AcceptedOffer>();
  for (const r of rows) {
    const offer =
      offers.get(r.id) ??
      offers
        .set(r.id, {
          customerId: r.customer_id,
          currency: r.currency,
          acceptedOn: r.accepted_on,
          validUntil: r.valid_until,
          invoiceIds: [],
          discounts: new Map(),
          dueMinor: 0,
        })
        .get(r.id)!;
    const open = openOf(r);
    const discount = Math.min(Number(r.discount_minor), open);
    offer.invoiceIds.push(r.invoice_id);
    offer.discounts.set(r.invoice_id, discount);
    offer.dueMinor += open - discount;
  }
  return [...offers.values()];
}

/**
 * Reverses a payment (bounced transfer, chargeback): its allocations stop counting from
 * `reversedOn`, the invoices and the charges it paid reopen. Reversing twice changes nothing.
 */
export async function reversePayment(trx: Tx, organisationId: string, paymentId: string, reversedOn: string): Promise<{ reversed: boolean }> {
  return reversePaymentRows(trx, organisationId, paymentId, (receivedOn) => maxDate(reversedOn, receivedOn));
}
