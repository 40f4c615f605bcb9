import type { Tx } from '../../db/database.ts';
import { formatAmount } from '../../domain/money.ts';
import {
  allocationIdsOf,
  insertRecoveries,
  paymentsWithCreditForWriteOffs,
  reopenWrittenOffInvoices,
  restoreWrittenOff,
  unrecordedRecoveryAllocations,
} from '../../stores/escalations.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { appendInteractions } from '../contact-record.ts';

/**
 * Money that arrives for a written-off invoice: allocation leaves it on the payment as credit
 * (only open invoices take money), so this reopens the written-off invoices that such a
 * payment can reach (the one it names, else the oldest in its currency), allocates, and
 * records every new allocation as a recovery. An invoice not fully paid goes back to
 * 'written_off' for the rest; written_off_on stays, so aging as of any date is unchanged.
 * Safe to repeat: an allocation is recorded once. Returns the number of recoveries recorded.
 */
export async function recoverWrittenOffPayments(
  trx: Tx,
  organisationId: string,
  context: { actor: string; now: Date },
  customerIds?: readonly string[],
): Promise<number> {
  const credit = await paymentsWithCreditForWriteOffs(trx, organisationId, customerIds);
  if (credit.length === 0) return 0;
  const customers = [...new Set(credit.map((c) => c.customer_id))];
  const ids = await reopenWrittenOffInvoices(trx, organisationId, customers, context.now);
  if (ids.length === 0) return 0;
  // Allocations made before the write-off are not recoveries: only the ones made now are.
  const before = await allocationIdsOf(trx, organisationId, ids);
  await allocatePendingPayments(trx, organisationId, customers);
  // What was not paid in full stays written off.
  await restoreWrittenOff(trx, organisationId, ids, context.now);

  const fresh = (await unrecordedRecoveryAllocations(trx, organisationId, ids)).filter((a) => !before.has(a.id));
  if (fresh.length === 0) return 0;
  await insertRecoveries(
    trx,
    organisationId,
    fresh.map((a) => ({ writeOffId: a.write_off_id, allocationId: a.id, paymentId: a.payment_id, amountMinor: a.amount_minor, recoveredOn: a.allocated_on })),
  );
  await appendInteractions(
    trx,
    organisationId,
    fresh.map((a) => ({
      occurredAt: context.now,
      customerId: a.customer_id,
      actor: context.actor,
      channel: 'system',
      kind: 'write_off_recovered',
      content: {
        invoice_external_id: a.external_id,
        payment_id: a.payment_id,
        amount: formatAmount(a.amount_minor, a.currency),
        currency: a.currency,
        recovered_on: a.allocated_on,
        invoice_status: a.status,
      },
    })),
  );
  return fresh.length;
}
