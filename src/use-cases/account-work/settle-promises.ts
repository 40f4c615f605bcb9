import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { addDays, dateInZone } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { appendInteractions, type NewInteraction } from '../contact-record.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/enqueue.ts';
import { inTransaction } from '../../db/transaction.ts';

export interface SettlementSummary {
  kept: number;
  broken: number;
}

/** The actor the contact record names for settlements. */
export const settlementActor = 'system:promises';

/**
 * Decides every pending promise as of `asOf` (run by the daily run before the cadence):
 *
 * - kept: payments allocated to its invoices on or after the day it was made and on or
 *   before min(asOf, promised_date + grace_days), not reversed, add up to its amount;
 * - broken: asOf is past promised_date + grace_days and that sum falls short. A broken
 *   promise opens a 'broken_promise' task (one per promise) on the worklist; the cadence
 *   resumes by itself because only pending promises suppress it.
 *
 * Idempotent: a promise that is no longer pending is never decided again.
 */
export async function settlePromises(db: Db | Tx, organisationId: string, asOf: string, now: Date): Promise<SettlementSummary> {
  return inTransaction(db, async (trx) => {
    const org = await trx.selectFrom('organisations').select('timezone').where('id', '=', organisationId).executeTakeFirstOrThrow();
    const pending = await trx.selectFrom('promises as p')
      .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 'p.organisation_id').onRef('c.id', '=', 'p.customer_id'))
      .selectAll('p').select('c.external_id as customer_external_id')
      .where('p.organisation_id', '=', organisationId).where('p.status', '=', 'pending').where('p.created_at', '<=', now)
      .orderBy('p.created_at').orderBy('p.id')
      .forUpdate('p').skipLocked()
      .execute();
    const summary: SettlementSummary = { kept: 0, broken: 0 };
    const interactions: NewInteraction[] = [];
    const events: WebhookEvent[] = [];
    for (const promise of pending) {
      const madeOn = dateInZone(promise.created_at, org.timezone);
      const deadline = addDays(promise.promised_date, promise.grace_days);
      const countsUntil = asOf < deadline ? asOf : deadline;
      const paid = await trx.selectFrom('allocations').select(sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('paid'))
        .where('organisation_id', '=', organisationId).where('invoice_id', 'in', promise.invoice_ids)
        .where('allocated_on', '>=', madeOn).where('allocated_on', '<=', countsUntil).where('reversed_on', 'is', null)
        .executeTakeFirstOrThrow();
      const outcome = paid.paid >= promise.amount_minor ? 'kept' : asOf > deadline ? 'broken' : null;
      if (!outcome) continue;
      summary[outcome]++;
      await trx.updateTable('promises').set({ status: outcome, settled_at: now }).where('organisation_id', '=', organisationId).where('id', '=', promise.id).execute();
      const content = {
        promise_id: promise.id, promised_date: promise.promised_date, grace_days: promise.grace_days, as_of: asOf,
        promised: formatAmount(promise.amount_minor, promise.currency), paid: formatAmount(Math.min(paid.paid, promise.amount_minor), promise.currency), currency: promise.currency,
      };
      interactions.push({ occurredAt: now, customerId: promise.customer_id, actor: settlementActor, channel: 'system', kind: `promise_${outcome}`, content });
      events.push({ id: `promise.${outcome}:${promise.id}`, type: `promise.${outcome}`, data: { customer_external_id: promise.customer_external_id, ...content } });
      if (outcome === 'broken') {
        const open = await trx.selectFrom('invoices').select(sql<number>`coalesce(sum(amount_minor - paid_minor), 0)::bigint`.as('open'))
          .where('organisation_id', '=', organisationId).where('id', 'in', promise.invoice_ids).where('status', '=', 'open').executeTakeFirstOrThrow();
        await trx.insertInto('tasks').values({
          organisation_id: organisationId, customer_id: promise.customer_id, kind: 'broken_promise', dedupe_key: `broken_promise:${promise.id}`,
          currency: promise.currency, receivable_ids: promise.invoice_ids, amount_minor: open.open, due_on: asOf,
          instructions: `Promise of ${formatAmount(promise.amount_minor, promise.currency)} ${promise.currency} for ${promise.promised_date} was broken (${content.paid} paid by ${deadline}): call the customer.`,
        }).onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing()).execute();
      }
    }
    await appendInteractions(trx, organisationId, interactions);
    await enqueueWebhookEvents(trx, organisationId, events, now);
    return summary;
  });
}
