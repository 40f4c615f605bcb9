import type { Tx } from '../../db/database.ts';
import { allocateOldestFirst } from '../../domain/allocation.ts';
import { maxDate, type IsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { openMinor, outstandingMinor } from '../../domain/receivable.ts';
import { markInvoiceVoid } from '../../stores/invoices.ts';
import { closePlanRow, coveredOf, partsOf, type CoveredState, type PlanRow } from '../../stores/plans.ts';
import { insertPayment } from '../../stores/payments.ts';
import { appendInteraction } from '../contact-record.ts';
import type { ActionContext } from '../record-ref.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { writeAllocations } from '../write-allocations.ts';

export type PlanOutcome = 'completed' | 'broken' | 'cancelled';

/**
 * Applies money received on the plan to the covered invoices, oldest due first, through an
 * internal payment (external_id PLAN-<short id>-SETTLEMENT, method 'payment_plan'): the
 * debtor paid once, on the parts; this moves that value onto the invoices the plan replaced.
 * Cash reports must leave method 'payment_plan' out. Returns what was applied.
 */
async function settleCovered(
  trx: Tx,
  organisationId: string,
  plan: PlanRow,
  covered: readonly CoveredState[],
  amountMinor: number,
  on: IsoDate,
): Promise<number> {
  const candidates = covered
    .filter((c) => c.status === 'open')
    .map((c) => ({
      id: c.invoice_id,
      dueDate: c.due_date,
      issueDate: c.issue_date,
      openMinor: openMinor({ amountMinor: c.amount_minor, paidMinor: c.paid_minor }),
    }));
  if (amountMinor <= 0 || candidates.every((c) => c.openMinor <= 0)) return 0;
  const split = allocateOldestFirst(amountMinor, candidates);
  const applied = amountMinor - split.unallocatedMinor;
  if (applied === 0) return 0;
  const paymentId = (await insertPayment(trx, {
    organisation_id: organisationId,
    external_id: `PLAN-${plan.short_id}-SETTLEMENT`,
    customer_id: plan.customer_id,
    received_on: on,
    amount_minor: applied,
    currency: plan.currency,
    method: 'payment_plan',
    reference: `payment plan ${plan.id}`,
  }))!;
  // The same writer as every payment: the allocations, the invoices' paid amounts and statuses, the payment's allocated amount.
  await writeAllocations(trx, organisationId, {
    allocations: split.allocations.map((a) => ({
      paymentId,
      receivableId: a.receivableId,
      amountMinor: a.amountMinor,
      allocatedOn: maxDate(on, covered.find((c) => c.invoice_id === a.receivableId)!.issue_date),
    })),
    charges: [],
  });
  return applied;
}

/**
 * Ends an active plan on `on`. Completed: the covered invoices are settled by the plan.
 * Broken or cancelled: every part not fully paid is voided, what was paid on the parts is
 * applied to the covered invoices oldest first, and those resume the cadence (the money of
 * a partly paid part stays recorded on it; its value travels through the settlement). The
 * crystallised charges stay on file: they were owed, and a later plan reuses them.
 */
export async function closePlan(
  trx: Tx,
  organisationId: string,
  plan: PlanRow,
  outcome: PlanOutcome,
  on: IsoDate,
  context: ActionContext,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const [parts, covered] = await Promise.all([partsOf(trx, organisationId, plan.id), coveredOf(trx, organisationId, plan.id)]);
  const paidOnPlan = parts.reduce((sum, p) => sum + p.paid_minor, 0);
  const voided: string[] = [];
  let applied: number;
  if (outcome === 'completed') {
    const outstanding = covered.reduce((sum, c) => sum + outstandingMinor({ amountMinor: c.amount_minor, paidMinor: c.paid_minor }), 0);
    applied = await settleCovered(trx, organisationId, plan, covered, outstanding, on);
  } else {
    for (const part of parts) {
      if (part.status !== 'open') continue;
      await markInvoiceVoid(trx, organisationId, part.invoice_id, maxDate(on, plan.created_on), context.now);
      voided.push(part.external_id);
    }
    applied = await settleCovered(trx, organisationId, plan, covered, paidOnPlan, on);
  }
  await closePlanRow(trx, organisationId, plan.id, outcome, on);

  const amount = (minor: number) => formatAmount(minor, plan.currency);
  await appendInteraction(trx, organisationId, {
    occurredAt: context.now,
    customerId: plan.customer_id,
    actor: context.actor,
    channel: 'system',
    kind: `payment_plan_${outcome}`,
    content: {
      plan: `PLAN-${plan.short_id}`,
      on,
      currency: plan.currency,
      paid_on_plan: amount(paidOnPlan),
      applied_to_invoices: amount(applied),
      covered: covered.map((c) => c.external_id),
      voided_parts: voided,
      ...detail,
    },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [{ id: `payment_plan.${outcome}:${plan.id}`, type: `payment_plan.${outcome}`, data: { plan_id: plan.id, customer_id: plan.customer_id, on } }],
    context.now,
  );
}
