import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Customer, Organisation } from '../../db/schema.ts';
import { dateInZone, daysBetween } from '../../domain/dates.ts';
import { earlyPaymentDiscount } from '../../domain/fees.ts';
import { portalSettingsFrom, promiseHorizon, type PortalSettings } from '../../domain/portal/settings.ts';
import { portalTokenProblem, readPortalToken } from '../../domain/portal/token.ts';
import { displayTaxId } from '../../domain/tax-id.ts';
import { pixQrSvg } from '../../payments/pix/qr.ts';
import { contactsOfCustomer } from '../../stores/contacts.ts';
import { customerByRef } from '../../stores/customers.ts';
import { findOrganisationById } from '../../stores/organisations.ts';
import { paymentTermsFor } from '../../stores/payment-terms.ts';
import { portalGeneration, portalInvoicesOf } from '../../stores/portal.ts';
import { organisationPix } from '../delivery/payment-request.ts';
import { lateChargesOf } from '../payment-plans/crystallise-charges.ts';
import { portalKey } from './portal-link.ts';

/** A link that opens the portal: the organisation, customer and what signs the forms. */
export interface PortalAccess {
  org: Organisation;
  customer: Customer;
  key: string;
  token: string;
  settings: PortalSettings;
  /** The organisation's business date at the request. */
  today: string;
}

/**
 * What a link that does not open shows. `creditor` only when the link was signed by the
 * business (expired, revoked, portal off): a forged or unknown link learns nothing, whatever
 * organisation or customer it names.
 */
export interface PortalRefusal {
  problem: 'invalid' | 'expired' | 'revoked' | 'disabled';
  creditor?: { name: string; address: string | null };
  language?: string;
}

/** Verifies a portal link (signature, customer generation, expiry, portal on) without changing anything. */
export async function openPortal(
  db: Db | Tx,
  token: string,
  secret: string | undefined,
  now: Date,
): Promise<{ ok: true; access: PortalAccess } | ({ ok: false } & PortalRefusal)> {
  const read = readPortalToken(token);
  if (!read) return { ok: false, problem: 'invalid' };
  const org = await findOrganisationById(db, read.claims.organisationId);
  if (!org || !read.verify(await portalKey(db, org, secret))) return { ok: false, problem: 'invalid' };
  const customer = await customerByRef(db, org.id, { id: read.claims.customerId });
  if (!customer) return { ok: false, problem: 'invalid' };
  const creditor = { name: org.legal_name ?? org.name, address: org.address };
  const settings = portalSettingsFrom(org.settings.portal);
  if (!settings.enabled) return { ok: false, problem: 'disabled', creditor, language: customer.language };
  const today = dateInZone(now, org.timezone);
  const problem = portalTokenProblem(read.claims, await portalGeneration(db, org.id, customer.id), today);
  if (problem) return { ok: false, problem, creditor, language: customer.language };
  return { ok: true, access: { org, customer, key: await portalKey(db, org, secret), token, settings, today } };
}

export interface PortalInvoice {
  id: string;
  number: string;
  dueDate: string;
  daysOverdue: number;
  currency: string;
  openMinor: number;
  lateFeeMinor: number;
  interestMinor: number;
  compensationMinor: number;
  discountMinor: number;
  /** What paying it today takes: open + charges − discount. */
  dueTodayMinor: number;
  disputed: boolean;
  promisedDate: string | null;
}

export interface PortalView {
  creditor: { name: string; legalName: string; taxId: string | null; address: string | null };
  customerName: string;
  today: string;
  invoices: PortalInvoice[];
  /** Per currency: the total due today (disputed invoices left out). */
  totals: { currency: string; dueTodayMinor: number }[];
  /** Pix for the BRL total due today, when the organisation has a Pix key. */
  pix?: { code: string; qrSvg: string };
  promiseLatest: string;
  contacts: { id: string; channel: string; address: string; optedOut: boolean }[];
}

/** The portal's first page as of today: open invoices with charges itemised, totals and the Pix to pay them. */
export async function portalView(db: Db, access: PortalAccess): Promise<PortalView> {
  const { org, customer, today } = access;
  return inTransaction(db, async (trx) => {
    const rows = await portalInvoicesOf(trx, org.id, customer.id);
    const terms = await paymentTermsFor(trx, org.id, customer);
    const charges = await lateChargesOf(trx, org.id, customer, rows, today);
    const invoices = rows.map((row): PortalInvoice => {
      const openMinor = row.amount_minor - row.paid_minor;
      const part = (component: string) => charges.find((c) => c.invoiceId === row.id && c.component === component)?.openMinor ?? 0;
      const discountMinor = earlyPaymentDiscount(openMinor, row.due_date, today, terms)?.discountMinor ?? 0;
      const lateFeeMinor = part('late_fee');
      const interestMinor = part('interest');
      const compensationMinor = part('compensation');
      return {
        id: row.id,
        number: row.number,
        dueDate: row.due_date,
        daysOverdue: Math.max(0, daysBetween(row.due_date, today)),
        currency: row.currency,
        openMinor,
        lateFeeMinor,
        interestMinor,
        compensationMinor,
        discountMinor,
        dueTodayMinor: openMinor + lateFeeMinor + interestMinor + compensationMinor - discountMinor,
        disputed: Boolean(row.disputed),
        promisedDate: row.promised_date ?? null,
      };
    });
    const totals = [...new Set(invoices.map((i) => i.currency))].map((currency) => ({
      currency,
      dueTodayMinor: invoices.filter((i) => i.currency === currency && !i.disputed).reduce((sum, i) => sum + i.dueTodayMinor, 0),
    }));
    const brl = totals.find((t) => t.currency === 'BRL' && t.dueTodayMinor > 0);
    // The txid names the customer and day, so the business can tell a portal payment in its statement.
    const pixCode = brl ? organisationPix(org, brl.dueTodayMinor, `P${today.replaceAll('-', '')}${customer.id.replaceAll('-', '').slice(-16)}`) : undefined;
    const contacts = await contactsOfCustomer(trx, org.id, customer.id);
    return {
      creditor: {
        name: org.name,
        legalName: org.legal_name ?? org.name,
        taxId: org.tax_id ? displayTaxId(org.country, org.tax_id) : null,
        address: org.address,
      },
      customerName: customer.name,
      today,
      invoices,
      totals,
      ...(pixCode ? { pix: { code: pixCode, qrSvg: await pixQrSvg(pixCode, { margin: 1 }) } } : {}),
      promiseLatest: promiseHorizon(today, access.settings),
      contacts: contacts.map((c) => ({ id: c.id, channel: c.channel, address: maskAddress(c.address), optedOut: c.consent === 'opted_out' })),
    };
  });
}

/** Enough of an address for its owner to recognise it, not enough to learn it from the page. */
function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, Math.min(2, at))}…${address.slice(at)}`;
  return `…${address.slice(-4)}`;
}
