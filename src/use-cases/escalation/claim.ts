import type { Tx } from '../../db/database.ts';
import type { Customer, Invoice } from '../../db/schema.ts';
import { itemiseClaim, type Claim, type ClaimInvoice } from '../../domain/claim.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { lateChargesOf } from '../payment-plans/crystallise-charges.ts';
import { unpaidInvoicesOfCustomer } from '../../stores/escalations.ts';

export type ClaimedInvoice = ClaimInvoice &
  Pick<Invoice, 'external_id' | 'number' | 'issue_date' | 'due_date' | 'amount_minor' | 'paid_minor' | 'currency' | 'status'>;

/**
 * What an escalation claims from a customer on `asOf` (domain/claim.ts): their invoices in
 * `statuses` with money still open, the overdue ones unless `includeNotDue`, each with its
 * late charges under the customer's payment terms (crystallised amounts where on file).
 */
export async function loadClaim(
  trx: Tx,
  organisationId: string,
  customer: Customer,
  asOf: IsoDate,
  options: { includeNotDue?: boolean; statuses: readonly Invoice['status'][] },
): Promise<Claim<ClaimedInvoice>> {
  const rows = await unpaidInvoicesOfCustomer(trx, organisationId, customer.id, options.statuses);
  const invoices = rows.map((r): ClaimedInvoice => ({ ...r, dueDate: r.due_date, openMinor: r.amount_minor - r.paid_minor }));
  const charges = await lateChargesOf(trx, organisationId, customer, invoices, asOf);
  return itemiseClaim(invoices, charges, asOf, options);
}
