import type { Tx } from '../../db/database.ts';
import { maxCapPeriodDays, type Channel, type RecentContact } from '../../domain/cadence/index.ts';
import { recentCallTasks } from '../../stores/tasks.ts';
import { recentMessages } from '../../stores/outbox.ts';

/**
 * The contacts the caps count for these customers, made or scheduled (messages sent,
 * delivered or waiting, at their send time or next attempt; call tasks at their close,
 * planned or creation time), from the longest cap period before `now` on. Cancelled, failed
 * and held messages reached no one. `exceptMessageId` leaves out the message being judged.
 * The same list for the run that schedules and the delivery that sends (domain allowedAt).
 */
export async function recentContacts(
  trx: Tx,
  organisationId: string,
  customerIds: readonly string[],
  now: Date,
  exceptMessageId?: string,
): Promise<Map<string, RecentContact[]>> {
  const result = new Map<string, RecentContact[]>();
  if (customerIds.length === 0) return result;
  const since = new Date(now.getTime() - (maxCapPeriodDays + 1) * 86_400_000);
  const [messages, calls] = await Promise.all([
    recentMessages(trx, organisationId, customerIds, since, exceptMessageId),
    recentCallTasks(trx, organisationId, customerIds, since),
  ]);
  const add = (customerId: string, contact: RecentContact) => result.set(customerId, [...(result.get(customerId) ?? []), contact]);
  for (const m of messages) add(m.customer_id, { channel: m.channel as Channel, at: new Date(m.at) });
  for (const c of calls) add(c.customer_id, { channel: 'call_task', at: new Date(c.at) });
  return result;
}
