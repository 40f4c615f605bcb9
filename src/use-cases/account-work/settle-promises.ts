import type { Db, Tx } from '../../db/database.ts';
import { dateInZone, minDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { openOnInvoices, settlePromise, type PromiseTerms } from '../../domain/promise.ts';
import { inTransaction } from '../../db/transaction.ts';
import { organisationById } from '../../stores/organisations.ts';
import { lockPendingPromises, openInvoiceAmounts, paymentsToInvoices, setPromisesStatus } from '../../stores/promises.ts';
import { insertTasks, type NewTask } from '../../stores/tasks.ts';
import { appendInteractions, type NewInteraction } from '../contact-record.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/enqueue.ts';

export interface SettlementSummary {
  kept: number;
  broken: number;
}

/** The actor the contact record names for settlements. */
const settlementActor = 'system:promises';

/**
 * Decides every pending promise as of `asOf` (run by the daily run before the cadence) by the
 * rules of domain/promise.ts: kept when paid in full by its deadline, broken once the deadline
 * has passed short. A broken promise opens a 'broken_promise' task (one per promise) on the
 * worklist; the cadence resumes by itself because only pending promises suppress it.
 *
 * Set-based: the pending promises, the payments to their invoices and the invoices' open
 * balances are each read in one query, the domain decides, the outcomes are written in bulk.
 * Idempotent: a promise that is no longer pending is never decided again.
 */
export async function settlePromises(db: Db | Tx, organisationId: string, asOf: string, now: Date): Promise<SettlementSummary> {
  return inTransaction(db, async (trx) => {
    const org = await organisationById(trx, organisationId);
    const pending = await lockPendingPromises(trx, organisationId, now);
    const summary: SettlementSummary = { kept: 0, broken: 0 };
    if (pending.length === 0) return summary;
    const terms = new Map(
      pending.map((p): [string, PromiseTerms] => [
        p.id,
        {
          madeOn: dateInZone(p.created_at, org.timezone),
          promisedDate: p.promised_date,
          graceDays: p.grace_days,
          amountMinor: p.amount_minor,
          invoiceIds: p.invoice_ids,
        },
      ]),
    );
    const invoiceIds = [...new Set(pending.flatMap((p) => p.invoice_ids))];
    const earliest = [...terms.values()].reduce((min, t) => minDate(min, t.madeOn), asOf);
    const payments = await paymentsToInvoices(trx, organisationId, invoiceIds, earliest, asOf);

    const decided = pending.flatMap((promise) => {
      const settlement = settlePromise(terms.get(promise.id)!, payments, asOf);
      return settlement ? [{ promise, ...settlement }] : [];
    });
    const broken = decided.filter((d) => d.outcome === 'broken');
    const open = await openInvoiceAmounts(trx, organisationId, [...new Set(broken.flatMap((d) => d.promise.invoice_ids))]);

    const interactions: NewInteraction[] = [];
    const events: WebhookEvent[] = [];
    const tasks: NewTask[] = [];
    for (const { promise, outcome, paidMinor, deadline } of decided) {
      summary[outcome]++;
      const content = {
        promise_id: promise.id,
        promised_date: promise.promised_date,
        grace_days: promise.grace_days,
        as_of: asOf,
        promised: formatAmount(promise.amount_minor, promise.currency),
        paid: formatAmount(paidMinor, promise.currency),
        currency: promise.currency,
      };
      interactions.push({ occurredAt: now, customerId: promise.customer_id, actor: settlementActor, channel: 'system', kind: `promise_${outcome}`, content });
      events.push({
        id: `promise.${outcome}:${promise.id}`,
        type: `promise.${outcome}`,
        data: { customer_external_id: promise.customer_external_id, ...content },
      });
      if (outcome === 'broken') {
        const openMinor = openOnInvoices([...new Set(promise.invoice_ids)].flatMap((id) => open.get(id) ?? []));
        tasks.push({
          customer_id: promise.customer_id,
          kind: 'broken_promise',
          dedupe_key: `broken_promise:${promise.id}`,
          currency: promise.currency,
          receivable_ids: promise.invoice_ids,
          amount_minor: openMinor,
          due_on: asOf,
          instructions: `Promise of ${formatAmount(promise.amount_minor, promise.currency)} ${promise.currency} for ${promise.promised_date} was broken (${content.paid} paid by ${deadline}): call the customer.`,
        });
      }
    }
    await setPromisesStatus(
      trx,
      organisationId,
      decided.filter((d) => d.outcome === 'kept').map((d) => d.promise.id),
      'kept',
      now,
    );
    await setPromisesStatus(
      trx,
      organisationId,
      broken.map((d) => d.promise.id),
      'broken',
      now,
    );
    await insertTasks(trx, organisationId, tasks);
    await appendInteractions(trx, organisationId, interactions);
    await enqueueWebhookEvents(trx, organisationId, events, now);
    return summary;
  });
}
