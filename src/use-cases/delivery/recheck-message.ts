import type { Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import { recheckMessage, type Recheck } from '../../domain/cadence/index.ts';
import { dateInZone } from '../../domain/dates.ts';
import type { OutboxMessage } from '../../stores/outbox.ts';
import { customerById } from '../../stores/snapshots.ts';
import { loadSnapshots } from '../cadence/load-snapshots.ts';
import { isPaymentReceipt } from '../payment-requests/payment-receipt.ts';
import type { DeliveryPass } from './delivery-pass.ts';

/**
 * Judges a queued message again at the moment of sending, by the rule that decided it: the
 * customer's current snapshot, loaded as the run loads it (without the run's lock, which a
 * delivery must not take from a deciding run), and the cadence's own suppression rules
 * (domain/cadence/recheck.ts). The business date is the send date in the debtor's zone.
 * A payment receipt names a payment, not a debt, and is always sent. The customer row read
 * for the snapshot comes back with the verdict, for the composer.
 */
export async function recheckQueuedMessage(trx: Tx, pass: DeliveryPass, message: OutboxMessage): Promise<Recheck & { customer?: Customer }> {
  if (isPaymentReceipt(message)) return { send: true, receivableIds: message.receivable_ids };
  const { org, now } = pass.ctx;
  const customer = await customerById(trx, org.id, message.customer_id);
  const asOf = dateInZone(now, message.timezone);
  const [loaded] = await loadSnapshots(trx, org.id, [customer], () => message.policy_name, asOf, pass.toleranceMinor, pass.escalationsOf);
  return {
    ...recheckMessage({ currency: message.currency, contactId: message.contact_id, receivableIds: message.receivable_ids }, loaded!.snapshot, asOf),
    customer,
  };
}
