import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { allocatePayments, type AllocationResult, type LateComponent } from '../domain/allocation.ts';
import { maxDate } from '../domain/dates.ts';
import { chargesOn, lateParts, type PartyType } from '../domain/fees.ts';
import { paymentTermsOfCustomer, type StoredPaymentTerms } from '../domain/payment-terms.ts';
import { storedPaymentTerms } from '../stores/payment-terms.ts';
import { loadEcbRates } from './jurisdiction/ecb-rates.ts';
import type { ReferenceRate } from '../domain/jurisdiction.ts';
import { fulfilSettledOffers } from './payment-plans/settlement-offers.ts';
import { allocationWriter } from './write-allocations.ts';

/**
 * Applies every payment of these customers that still has money left: first to the invoices
 * the payer named, the rest to the oldest open invoices in the same currency, each invoice's
 * late charges before its principal (see allocatePayments; the charges due on the payment date
 * are booked as it arrives, once per invoice). Allocations are dated the later of the payment
 * and the invoice issue, so aging as of a past date stays right. Customers are read in chunks;
 * the writes are set-based. Every payment entry point ends here: one booking rule for all.
 */
export async function allocatePendingPayments(trx: Tx, organisationId: string, customerIds: readonly string[], targets: ReadonlyMap<string, readonly string[]> = new Map()): Promise<{ allocations: number }> {
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
  trx: Tx, organisationId: string, customerIds: readonly string[], stored: readonly StoredPaymentTerms[], ecbRates: readonly ReferenceRate[],
  targets: ReadonlyMap<string, readonly string[]>,
): Promise<AllocationResult> {
  const payments = await sql<{ id: string; customer_id: string; currency: string; received_on: string; left_minor: number; target_invoice_id: string | null }>`
    select id, customer_id, currency, received_on, amount_minor - allocated_minor as left_minor, target_invoice_id from payments
    where organisation_id = ${organisationId} and customer_id = any(${customerIds}::uuid[]) and status = 'posted' and allocated_minor < amount_minor
    order by received_on, external_id`.execute(trx);
  if (payments.rows.length === 0) return { allocations: [], charges: [] };
  const payers = [...new Set(payments.rows.map((p) => p.customer_id))];
  // Invoices a live payment plan covers: its instalments carry the debt and their charges.
  const invoices = await sql<{ id: string; customer_id: string; currency: string; due_date: string; issue_date: string; open_minor: number; on_plan: boolean; demanded_on: string | null; demanded_until: string | null }>`
    select i.id, i.customer_id, i.currency, i.due_date, i.issue_date, i.amount_minor - i.paid_minor as open_minor, i.charges_demanded_on as demanded_on, i.charges_demanded_until as demanded_until,
           exists (select 1 from payment_plan_invoices ppi join payment_plans pp on pp.organisation_id = ppi.organisation_id and pp.id = ppi.plan_id
                   where ppi.organisation_id = i.organisation_id and ppi.invoice_id = i.id and pp.status = 'active') as on_plan
    from invoices i
    where i.organisation_id = ${organisationId} and i.customer_id = any(${payers}::uuid[]) and i.status = 'open'`.execute(trx);
  const charges = await sql<{ key: string; invoice_id: string; component: LateComponent; open_minor: number; plan_id: string | null }>`
    select c.key, c.invoice_id, c.component, c.amount_minor - c.paid_minor as open_minor, c.plan_id
    from invoice_charges c
    join invoices i on i.organisation_id = c.organisation_id and i.id = c.invoice_id
    where c.organisation_id = ${organisationId} and i.customer_id = any(${payers}::uuid[]) and i.status = 'open' and c.component <> 'discount'`.execute(trx);
  const customers = await sql<{ id: string; payment_terms_id: string | null; segment: string | null; country: string; party_type: PartyType }>`
    select id, payment_terms_id, segment, country, party_type from customers
    where organisation_id = ${organisationId} and id = any(${payers}::uuid[])`.execute(trx);
  const termsOf = new Map(customers.rows.map((c) => [c.id, { party: c.party_type, country: c.country, terms: paymentTermsOfCustomer(stored, { paymentTermsId: c.payment_terms_id, segment: c.segment, country: c.country }) }]));
  const onPlan = new Set(invoices.rows.filter((r) => r.on_plan).map((r) => r.id));
  const offers = await acceptedOffers(trx, organisationId, payers);
  // A payment that reaches an accepted offer's amount in time goes to its invoices, each settled with its share of the discount.
  const offerOf = new Map<string, AcceptedOffer>();
  for (const p of payments.rows) {
    const offer = offers.find((o) => o.customerId === p.customer_id && o.currency === p.currency && o.acceptedOn <= p.received_on && p.received_on <= o.validUntil);
    if (offer && p.left_minor >= offer.dueMinor) offerOf.set(p.id, offer);
  }
  const demands = new Map(invoices.rows.filter((r) => r.demanded_on !== null).map((r) => [r.id, { on: r.demanded_on!, until: r.demanded_until ?? r.demanded_on! }]));
  return allocatePayments(
    payments.rows.map((p) => ({ id: p.id, customerId: p.customer_id, currency: p.currency, receivedOn: p.received_on, leftMinor: p.left_minor, targetIds: targets.get(p.id) ?? (p.target_invoice_id ? [p.target_invoice_id] : offerOf.get(p.id)?.invoiceIds ?? []) })),
    invoices.rows.map((r) => ({ id: r.id, customerId: r.customer_id, currency: r.currency, dueDate: r.due_date, issueDate: r.issue_date, openMinor: r.open_minor })),
    {
      // Charges a plan booked are carried by its instalments, not owed beside the invoice.
      open: charges.rows.filter((c) => c.plan_id === null).map((c) => ({ key: c.key, receivableId: c.invoice_id, component: c.component, openMinor: c.open_minor })),
      booked: new Set(charges.rows.map((c) => c.invoice_id)),
      termsAt: (receivable, openMinor, paidOn, payment) => {
        const share = offerOf.get(payment.id)?.discounts.get(receivable.id);
        if (share !== undefined) return { late: [], discountMinor: share };
        const customer = termsOf.get(receivable.customerId);
        if (!customer || onPlan.has(receivable.id)) return { late: [], discountMinor: 0 };
        const on = (date: string) => chargesOn({
          openMinor, currency: receivable.currency, dueDate: receivable.dueDate, paidOn: date, partyType: customer.party, country: customer.country, terms: customer.terms, ecbRates,
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
  const rows = await sql<{ id: string; customer_id: string; currency: string; accepted_on: string; valid_until: string; invoice_id: string; discount_minor: number; open_minor: number }>`
    select o.id, o.customer_id, o.currency, o.accepted_on, o.valid_until, c.invoice_id, c.discount_minor, i.amount_minor - i.paid_minor as open_minor
    from settlement_offers o
    join settlement_offer_invoices c on c.organisation_id = o.organisation_id and c.offer_id = o.id
    join invoices i on i.organisation_id = c.organisation_id and i.id = c.invoice_id
    where o.organisation_id = ${organisationId} and o.customer_id = any(${customerIds}::uuid[]) and o.status = 'accepted' and i.status = 'open'
    order by o.created_at, o.id, i.due_date, i.external_id`.execute(trx);
  const offers = new Map<string, AcceptedOffer>();
  for (const r of rows.rows) {
    const offer = offers.get(r.id) ?? offers.set(r.id, { customerId: r.customer_id, currency: r.currency, acceptedOn: r.accepted_on, validUntil: r.valid_until, invoiceIds: [], discounts: new Map(), dueMinor: 0 }).get(r.id)!;
    const discount = Math.min(Number(r.discount_minor), Number(r.open_minor));
    offer.invoiceIds.push(r.invoice_id);
    offer.discounts.set(r.invoice_id, discount);
    offer.dueMinor += Number(r.open_minor) - discount;
  }
  return [...offers.values()];
}

/**
 * Reverses a payment (bounced transfer, chargeback): its allocations stop counting from
 * `reversedOn`, the invoices and the charges it paid reopen. Reversing twice changes nothing.
 */
export async function reversePayment(trx: Tx, organisationId: string, paymentId: string, reversedOn: string): Promise<{ reversed: boolean }> {
  const payment = await trx
    .selectFrom('payments')
    .select(['id', 'status', 'received_on'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment || payment.status === 'reversed') return { reversed: false };
  const live = await trx
    .updateTable('allocations')
    .set({ reversed_on: maxDate(reversedOn, payment.received_on) })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('reversed_on', 'is', null)
    .returning(['invoice_id', 'amount_minor'])
    .execute();
  for (const allocation of live) {
    await trx
      .updateTable('invoices')
      .set((eb) => ({ paid_minor: eb('paid_minor', '-', allocation.amount_minor), status: sql`case when status = 'paid' then 'open' else status end`, updated_at: new Date() }))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', allocation.invoice_id)
      .execute();
  }
  // Charges it paid reopen (they stay booked: they were due); a discount it earned is lost.
  const liveCharges = await trx
    .updateTable('charge_allocations')
    .set({ reversed_on: maxDate(reversedOn, payment.received_on) })
    .where('organisation_id', '=', organisationId)
    .where('payment_id', '=', paymentId)
    .where('reversed_on', 'is', null)
    .returning(['charge_key', 'amount_minor'])
    .execute();
  for (const allocation of liveCharges) {
    await trx.updateTable('invoice_charges').set((eb) => ({ paid_minor: eb('paid_minor', '-', allocation.amount_minor) }))
      .where('organisation_id', '=', organisationId).where('key', '=', allocation.charge_key).execute();
  }
  await trx.updateTable('invoice_charges').set({ reversed_on: maxDate(reversedOn, payment.received_on) })
    .where('organisation_id', '=', organisationId).where('payment_id', '=', paymentId).where('component', '=', 'discount').where('reversed_on', 'is', null).execute();
  await trx
    .updateTable('payments')
    .set({ status: 'reversed', reversed_on: maxDate(reversedOn, payment.received_on), allocated_minor: 0 })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', paymentId)
    .execute();
  return { reversed: true };
}
