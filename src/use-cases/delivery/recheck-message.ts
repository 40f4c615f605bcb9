import type { Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import { recheckMessage, type Recheck } from '../../domain/cadence/index.ts';
import { dateInZone } from '../../domain/dates.ts';
import { escalationStepsFor } from '../../domain/jurisdiction.ts';
import { loadSnapshots } from '../cadence/load-snapshots.ts';
import { getEscalationSettings } from '../escalation/settings.ts';
import { isPaymentReceipt } from '../payment-requests/payment-receipt.ts';
import type { OutboxMessage } from './deliver-messages.ts';

/**
 * Judges a queued message again at the moment of sending, by the rule that decided it: the
 * customer's current snapshot, loaded as the run loads it (without the run's lock, which a
 * delivery must not take from a deciding run), and the cadence's own suppression rules
 * (domain/cadence/recheck.ts). The business date is the send date in the debtor's zone.
 * A payment receipt names a payment, not a debt, and is always sent.
 */
export async function recheckQueuedMessage(trx: Tx, org: Organisation, message: OutboxMessage, now: Date): Promise<Recheck> {
  if (isPaymentReceipt(message)) return { send: true, receivableIds: message.receivable_ids };
  const customer = await trx.selectFrom('customers').selectAll().where('organisation_id', '=', org.id).where('id', '=', message.customer_id).executeTakeFirstOrThrow();
  const asOf = dateInZone(now, message.timezone);
  const { stepsByCountry } = await getEscalationSettings(trx, org.id);
  const [loaded] = await loadSnapshots(trx, org.id, [customer], () => message.policy_name, asOf, org.settings.tolerance_minor ?? {}, (country) => escalationStepsFor(country, stepsByCountry));
  return recheckMessage({ currency: message.currency, contactId: message.contact_id, receivableIds: message.receivable_ids }, loaded!.snapshot, asOf);
}
