import type { Db } from '../../db/database.ts';
import { portalInvoicesOf } from '../../stores/portal.ts';
import { openDispute } from '../account-work/open-dispute.ts';
import { ValidationError } from '../errors.ts';
import type { PortalAccess } from './open-portal.ts';
import { submitOnce, type PortalForm } from './submit.ts';

/** The reasons a debtor picks from when disputing an invoice on the portal. */
export const portalDisputeReasons = ['not_received', 'wrong_amount', 'already_paid', 'not_ordered', 'quality', 'other'] as const;
export type PortalDisputeReason = (typeof portalDisputeReasons)[number];

/**
 * The debtor disputes one of their open invoices: a dispute as a collector opens it
 * (open-dispute.ts: the cadence leaves the invoice alone until it is resolved), on channel
 * `portal`, its reason "<code>: <text>". An invoice has one open dispute at most.
 */
export async function disputeOnPortal(db: Db, access: PortalAccess, form: PortalForm, input: { invoiceId: string; reason: string; text: string }, now: Date) {
  const errors = [];
  if (!(portalDisputeReasons as readonly string[]).includes(input.reason)) errors.push({ field: 'reason', reason: 'choose a reason from the list' });
  if (input.text.length > 2000) errors.push({ field: 'text', reason: 'at most 2000 characters' });
  if (errors.length > 0) throw new ValidationError(errors);
  return submitOnce(db, access, 'dispute', form, now, async (trx, ctx) => {
    const invoice = (await portalInvoicesOf(trx, access.org.id, access.customer.id)).find((i) => i.id === input.invoiceId);
    if (!invoice) throw new ValidationError([{ field: 'invoice', reason: 'choose an open invoice of this account' }]);
    const text = input.text.trim();
    const dispute = await openDispute(trx, ctx, { id: invoice.id }, { reason: text ? `${input.reason}: ${text}` : input.reason, channel: 'portal' });
    return { dispute_id: dispute.id, invoice_external_id: invoice.external_id, reason: input.reason };
  });
}
