import type { Tx } from '../../db/database.ts';
import { lockInvoices } from '../../stores/invoices.ts';
import { payersOf } from '../../stores/payments.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';

export interface PlannedAllocation {
  paymentId: string;
  invoiceId: string;
}

/**
 * Applies payments to the invoices matching named for them (a txid, a nosso número, a
 * reminder's invoices), in the order given, then the rest oldest first — through
 * allocatePendingPayments, so a bank line or a provider's payment books and pays late charges
 * exactly as a payment typed in or imported does. The invoices are locked first, so an
 * invoice paid meanwhile by another payment is re-read, not paid twice.
 */
export async function applyAllocations(trx: Tx, organisationId: string, planned: readonly PlannedAllocation[]): Promise<void> {
  if (planned.length === 0) return;
  const targets = new Map<string, string[]>();
  for (const p of planned) (targets.get(p.paymentId) ?? targets.set(p.paymentId, []).get(p.paymentId)!).push(p.invoiceId);
  await lockInvoices(trx, organisationId, [...new Set(planned.map((p) => p.invoiceId))]);
  await allocatePendingPayments(trx, organisationId, await payersOf(trx, organisationId, [...targets.keys()]), targets);
}
