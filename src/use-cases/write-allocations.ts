import type { Tx } from '../db/database.ts';
import type { AllocationResult } from '../domain/allocation.ts';
import { allocationWriter } from '../stores/payments.ts';

/**
 * Writes allocations decided by domain/allocation.ts and moves the balances they change
 * (stores/payments.ts allocationWriter: the invoices' paid amounts and statuses, the payments'
 * allocated amounts). The invoices must be open and locked or otherwise safe from concurrent
 * payment in the caller's transaction.
 */
export async function writeAllocations(trx: Tx, organisationId: string, result: AllocationResult): Promise<void> {
  if (result.allocations.length === 0 && result.charges.length === 0) return;
  const writer = await allocationWriter(trx, organisationId);
  await writer.add(result);
  await writer.finish();
}
