import type { Db, Tx } from '../../db/database.ts';
import { addDays, isIsoDate } from '../../domain/dates.ts';
import { allocateProportionally, formatAmount } from '../../domain/money.ts';
import { payInFullOffer, settlementOfferState, type SettlementOfferState } from '../../domain/payment-plan.ts';
import { makePromise } from '../account-work/make-promise.ts';
import { customerByRef } from '../account-work/support.ts';
import { appendInteraction } from '../contact-record.ts';
import type { RecordRef } from '../record-ref.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { offerableInvoices } from './pay-in-full-offer.ts';
import { loadPlanLimits } from './plan-limits.ts';
import {
  insertSettlementOffer,
  liveSettlementOffer,
  markSettledOffersFulfilled,
  settlementOfferInvoices,
  settlementOffersOfCustomer,
} from '../../stores/plans.ts';
import { inTransaction } from '../../db/transaction.ts';
import { businessDateOf, type OrgContext } from '../org-context.ts';

export interface AcceptOfferInput {
  /** Basis points asked for (default: the organisation's maximum; always capped by it). */
  discountBps?: number;
  /** Days the offer holds after today (default 7). */
  validDays?: number;
  /** Default: the organisation's default currency. */
  currency?: string;
  /** Business date of the acceptance (default: today in the organisation's time zone). */
  asOf?: string;
}

export interface SettlementOfferView {
  id: string;
  customer_external_id: string;
  currency: string;
  open: string;
  discount_bps: number;
  discount: string;
  amount: string;
  accepted_on: string;
  valid_until: string;
  accepted_by: string;
  state: SettlementOfferState;
  fulfilled_on: string | null;
  promise_id: string;
  invoices: { id: string; external_id: string; open: string; discount: string }[];
}

/**
 * Records that the customer accepted the pay-in-full offer in one currency: the open invoices it
 * covers, each with its share of the discount. The acceptance is a promise to pay the offered
 * amount by valid_until (grace 0): the promise pauses the cadence on those invoices and is kept
 * or broken by the daily run like any other, so an unpaid offer lapses and the cadence resumes.
 * A payment of the offered amount in time settles the invoices (see allocate-payments).
 */
export async function acceptSettlementOffer(db: Db | Tx, ctx: OrgContext, customerRef: RecordRef, input: AcceptOfferInput): Promise<SettlementOfferView> {
  return inTransaction(db, (trx) => acceptSettlementOfferInTransaction(trx, ctx, customerRef, input));
}

async function acceptSettlementOfferInTransaction(trx: Tx, ctx: OrgContext, customerRef: RecordRef, input: AcceptOfferInput): Promise<SettlementOfferView> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(trx, organisationId, customerRef, { lock: true });
  const errors = [];
  if (input.asOf !== undefined && !isIsoDate(input.asOf)) errors.push({ field: 'as_of', reason: 'must be a date YYYY-MM-DD' });
  const validDays = input.validDays ?? 7;
  if (!Number.isSafeInteger(validDays) || validDays < 0 || validDays > 90)
    errors.push({ field: 'valid_days', reason: 'must be a whole number of days from 0 to 90' });
  if (input.discountBps !== undefined && (!Number.isSafeInteger(input.discountBps) || input.discountBps < 0 || input.discountBps > 10_000)) {
    errors.push({ field: 'discount_bps', reason: 'must be a whole number of basis points from 0 to 10000' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const today = input.asOf ?? businessDateOf(ctx);
  const org = ctx.org;
  const currency = (input.currency ?? org.default_currency).trim().toUpperCase();

  const live = await liveSettlementOffer(trx, organisationId, customer.id, currency, today);
  if (live)
    throw new ConflictError(`customer ${customer.external_id} already accepted a ${currency} offer valid until ${live.valid_until}`, 'offer_already_accepted', {
      offer_id: live.id,
    });

  const invoices = (await offerableInvoices(trx, organisationId, customer.id)).filter((i) => i.currency === currency);
  if (invoices.length === 0)
    throw new ConflictError(`customer ${customer.external_id} has no open ${currency} invoices outside a payment plan`, 'nothing_to_offer', { currency });
  const limits = await loadPlanLimits(trx, organisationId);
  const openMinor = invoices.reduce((sum, i) => sum + i.openMinor, 0);
  const offer = payInFullOffer(openMinor, input.discountBps ?? limits.maxDiscountBps, limits);
  const shares = allocateProportionally(
    offer.discountMinor,
    invoices.map((i) => i.openMinor),
  );
  const validUntil = addDays(today, validDays);

  const promise = await makePromise(
    trx,
    ctx,
    { id: customer.id },
    {
      promisedDate: validUntil,
      amount: formatAmount(offer.amountMinor, currency),
      currency,
      channel: 'settlement_offer',
      graceDays: 0,
      invoices: invoices.map((i) => i.id),
      asOf: today,
    },
  );
  const offerId = await insertSettlementOffer(trx, organisationId, {
    customerId: customer.id,
    currency,
    openMinor,
    discountBps: offer.discountBps,
    discountMinor: offer.discountMinor,
    amountMinor: offer.amountMinor,
    acceptedOn: today,
    validUntil,
    acceptedBy: ctx.actor,
    promiseId: promise.id,
    createdAt: ctx.now,
    invoices: invoices.map((i, n) => ({ invoiceId: i.id, openMinor: i.openMinor, discountMinor: shares[n]! })),
  });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: customer.id,
    actor: ctx.actor,
    channel: 'settlement_offer',
    kind: 'settlement_offer_accepted',
    content: {
      offer_id: offerId,
      currency,
      open: formatAmount(openMinor, currency),
      discount_bps: offer.discountBps,
      discount: formatAmount(offer.discountMinor, currency),
      amount: formatAmount(offer.amountMinor, currency),
      valid_until: validUntil,
      invoices: invoices.map((i) => i.externalId),
    },
  });
  const [view] = await settlementOffers(trx, ctx, { id: customer.id }, today, offerId);
  return view!;
}

/** The customer's accepted offers, newest first, each in its state as of `asOf`. */
export async function settlementOffers(db: Db | Tx, ctx: OrgContext, customerRef: RecordRef, asOf: string, offerId?: string): Promise<SettlementOfferView[]> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(db, organisationId, customerRef);
  const offers = await settlementOffersOfCustomer(db, organisationId, customer.id, offerId);
  if (offers.length === 0) return [];
  const covered = await settlementOfferInvoices(
    db,
    organisationId,
    offers.map((o) => o.id),
  );
  return offers.map((o) => ({
    id: o.id,
    customer_external_id: customer.external_id,
    currency: o.currency,
    open: formatAmount(o.open_minor, o.currency),
    discount_bps: o.discount_bps,
    discount: formatAmount(o.discount_minor, o.currency),
    amount: formatAmount(o.amount_minor, o.currency),
    accepted_on: o.accepted_on,
    valid_until: o.valid_until,
    accepted_by: o.accepted_by,
    state: settlementOfferState({ status: o.status, validUntil: o.valid_until }, asOf),
    fulfilled_on: o.fulfilled_on,
    promise_id: o.promise_id,
    invoices: covered
      .filter((c) => c.offer_id === o.id)
      .map((c) => ({
        id: c.id,
        external_id: c.external_id,
        open: formatAmount(c.open_minor, o.currency),
        discount: formatAmount(c.discount_minor, o.currency),
      })),
  }));
}

/** Offers of these customers whose covered invoices are all settled now become fulfilled. */
export async function fulfilSettledOffers(trx: Tx, organisationId: string, customerIds: readonly string[]): Promise<void> {
  await markSettledOffersFulfilled(trx, organisationId, customerIds);
}
