import type { Tx } from '../../db/database.ts';
import { formatAmount } from '../../domain/money.ts';
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
export async function recoverWrittenOffPayments(trx: Tx, organisationId: string, context: { actor: string; now: Date }, customerIds?: readonly string[]): Promise<number> {
  const credit = await trx
    .selectFrom('payments as p')
    .select(['p.customer_id', 'p.currency', 'p.target_invoice_id'])
    .where('p.organisation_id', '=', organisationId)
    .where('p.status', '=', 'posted')
    .whereRef('p.allocated_minor', '<', 'p.amount_minor')
    .$if(customerIds !== undefined, (qb) => qb.where('p.customer_id', 'in', customerIds!.length > 0 ? customerIds! : ['00000000-0000-0000-0000-000000000000']))
    .where((eb) => eb.exists(
      eb.selectFrom('write_offs as w')
        .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
        .select('w.id')
        .whereRef('w.organisation_id', '=', 'p.organisation_id')
        .whereRef('w.customer_id', '=', 'p.customer_id')
        .whereRef('i.currency', '=', 'p.currency')
        .where('i.status', '=', 'written_off')
        .where('w.reversed_on', 'is', null),
    ))
    .execute();
  if (credit.length === 0) return 0;
  const customers = [...new Set(credit.map((c) => c.customer_id))];
  const reopened = await trx
    .updateTable('invoices')
    .set({ status: 'open', updated_at: context.now })
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', customers)
    .where('status', '=', 'written_off')
    .whereRef('paid_minor', '<', 'amount_minor')
    .returning(['id'])
    .execute();
  const ids = reopened.map((r) => r.id);
  if (ids.length === 0) return 0;
  // Allocations made before the write-off are not recoveries: only the ones made now are.
  const earlier = await trx.selectFrom('allocations').select('id').where('organisation_id', '=', organisationId).where('invoice_id', 'in', ids).execute();
  const before = new Set(earlier.map((a) => a.id));
  await allocatePendingPayments(trx, organisationId, customers);
  // What was not paid in full stays written off.
  await trx.updateTable('invoices').set({ status: 'written_off', updated_at: context.now }).where('organisation_id', '=', organisationId).where('id', 'in', ids).where('status', '=', 'open').execute();

  const fresh = await trx
    .selectFrom('allocations as a')
    .innerJoin('write_offs as w', (join) => join.onRef('w.organisation_id', '=', 'a.organisation_id').onRef('w.invoice_id', '=', 'a.invoice_id').on('w.reversed_on', 'is', null))
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
    .select(['a.id', 'a.payment_id', 'a.amount_minor', 'a.allocated_on', 'w.id as write_off_id', 'i.customer_id', 'i.external_id', 'i.currency', 'i.status'])
    .where('a.organisation_id', '=', organisationId)
    .where('a.invoice_id', 'in', ids)
    .where('a.reversed_on', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('write_off_recoveries as r').select('r.id').whereRef('r.organisation_id', '=', 'a.organisation_id').whereRef('r.allocation_id', '=', 'a.id'))))
    .orderBy('a.allocated_on')
    .execute()
    .then((rows) => rows.filter((a) => !before.has(a.id)));
  if (fresh.length === 0) return 0;
  await trx
    .insertInto('write_off_recoveries')
    .values(fresh.map((a) => ({ organisation_id: organisationId, write_off_id: a.write_off_id, allocation_id: a.id, payment_id: a.payment_id, amount_minor: a.amount_minor, recovered_on: a.allocated_on })))
    .execute();
  await appendInteractions(trx, organisationId, fresh.map((a) => ({
    occurredAt: context.now, customerId: a.customer_id, actor: context.actor, channel: 'system', kind: 'write_off_recovered',
    content: { invoice_external_id: a.external_id, payment_id: a.payment_id, amount: formatAmount(a.amount_minor, a.currency), currency: a.currency, recovered_on: a.allocated_on, invoice_status: a.status },
  })));
  return fresh.length;
}

