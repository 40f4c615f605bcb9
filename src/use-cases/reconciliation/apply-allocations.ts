import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';

export interface PlannedAllocation {
  paymentId: string;
  invoiceId: string;
}

const CHUNK = 10_000;

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
  const invoiceIds = [...new Set(planned.map((p) => p.invoiceId))].sort();
  for (let i = 0; i < invoiceIds.length; i += CHUNK) {
    await sql`select id from invoices where organisation_id = ${organisationId} and id = any(${invoiceIds.slice(i, i + CHUNK)}::uuid[]) order by id for update`.execute(trx);
  }
  const payers = await sql<{ customer_id: string }>`
    select distinct customer_id from payments where organisation_id = ${organisationId} and id = any(${[...targets.keys()]}::uuid[])`.execute(trx);
  await allocatePendingPayments(trx, organisationId, payers.rows.map((r) => r.customer_id), targets);
}
