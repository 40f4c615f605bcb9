import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';
import { allocateOldestFirst } from '../../domain/allocation.ts';
import { maxDate } from '../../domain/dates.ts';
import { coveredOf, partsOf, type PlanRow } from './plan-records.ts';

/**
 * While a plan is active, the customer's payments belong to its parts. allocate-payments.ts
 * applies a payment oldest due first, which means the covered invoices; this moves every
 * live allocation made on a covered invoice after the plan was made onto the open parts,
 * oldest due first. The moved allocation is closed with reversed_on = allocated_on (an empty
 * interval: it never counts in aging as of any date) and a new one, same payment and date,
 * takes its place on the part; what the parts cannot take goes back on the covered invoice.
 * Internal plan settlements (method 'payment_plan') are never moved. Returns the amount moved.
 */
export async function routePlanPayments(trx: Tx, organisationId: string, plan: PlanRow): Promise<number> {
  if (plan.status !== 'active') return 0;
  const covered = await coveredOf(trx, organisationId, plan.id);
  const misplaced = await trx
    .selectFrom('allocations as a')
    .innerJoin('payments as p', (j) => j.onRef('p.organisation_id', '=', 'a.organisation_id').onRef('p.id', '=', 'a.payment_id'))
    .select(['a.id', 'a.payment_id', 'a.invoice_id', 'a.amount_minor', 'a.allocated_on'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.invoice_id', 'in', covered.map((c) => c.invoice_id))
    .where('a.reversed_on', 'is', null)
    .where('a.created_at', '>=', plan.created_at)
    .where((eb) => eb.or([eb('p.method', 'is', null), eb('p.method', '<>', 'payment_plan')]))
    .orderBy('a.allocated_on')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .forUpdate()
    .execute();
  if (misplaced.length === 0) return 0;
  const parts = (await partsOf(trx, organisationId, plan.id)).filter((p) => p.status === 'open');
  const open = new Map(parts.map((p) => [p.invoice_id, { id: p.invoice_id, dueDate: p.due_date, issueDate: plan.created_on, openMinor: p.amount_minor - p.paid_minor }]));

  const delta = new Map<string, number>();
  const add = (invoiceId: string, amount: number) => delta.set(invoiceId, (delta.get(invoiceId) ?? 0) + amount);
  let moved = 0;
  for (const allocation of misplaced) {
    const targets = [...open.values()].filter((p) => p.openMinor > 0);
    if (targets.length === 0) break;
    const split = allocateOldestFirst(allocation.amount_minor, targets);
    await trx.updateTable('allocations').set({ reversed_on: allocation.allocated_on }).where('organisation_id', '=', organisationId).where('id', '=', allocation.id).execute();
    const rows = split.allocations.map((s) => ({ invoice_id: s.receivableId, amount_minor: s.amountMinor, allocated_on: maxDate(allocation.allocated_on, plan.created_on) }));
    if (split.unallocatedMinor > 0) rows.push({ invoice_id: allocation.invoice_id, amount_minor: split.unallocatedMinor, allocated_on: allocation.allocated_on });
    await trx.insertInto('allocations').values(rows.map((r) => ({ ...r, organisation_id: organisationId, payment_id: allocation.payment_id }))).execute();
    for (const s of split.allocations) {
      open.get(s.receivableId)!.openMinor -= s.amountMinor;
      add(s.receivableId, s.amountMinor);
      moved += s.amountMinor;
    }
    add(allocation.invoice_id, split.unallocatedMinor - allocation.amount_minor);
  }
  const ids = [...delta.keys()].filter((id) => delta.get(id) !== 0);
  if (ids.length > 0) {
    await sql`
      update invoices i set paid_minor = i.paid_minor + d.delta,
        status = case when i.paid_minor + d.delta >= i.amount_minor then 'paid' else 'open' end,
        updated_at = now()
      from unnest(${ids}::uuid[], ${ids.map((id) => delta.get(id)!)}::bigint[]) as d(id, delta)
      where i.organisation_id = ${organisationId} and i.id = d.id and i.status in ('open', 'paid')`.execute(trx);
  }
  return moved;
}
