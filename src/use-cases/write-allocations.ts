import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Tx } from '../db/database.ts';
import type { AllocationResult, PaymentAllocation } from '../domain/allocation.ts';

const ANALYZE_ABOVE = 10_000;

/**
 * Writes new allocations and moves the balances they change (invoices' paid_minor and status,
 * payments' allocated_minor), set-based so an import of a million payments costs three
 * statements rather than three per chunk. The rows go through a temporary table: one update
 * joined with its grouped sums lets PostgreSQL pick a single hash join over the invoices where
 * chunked updates would scan them once per chunk. Callers decide the amounts (see
 * allocatePayments); the invoices must be open and locked or otherwise safe from concurrent
 * payment in the caller's transaction.
 */
export async function writeAllocations(trx: Tx, organisationId: string, result: AllocationResult): Promise<void> {
  if (result.allocations.length === 0 && result.charges.length === 0) return;
  const writer = await allocationWriter(trx, organisationId);
  await writer.add(result);
  await writer.finish();
}

const stagedColumns = [
  { name: 'payment_id', type: 'uuid' }, { name: 'invoice_id', type: 'uuid' }, { name: 'amount_minor', type: 'bigint' }, { name: 'allocated_on', type: 'date' },
  { name: 'charge_key', type: 'text' },
];

const chargeColumns = [
  { name: 'key', type: 'text' }, { name: 'invoice_id', type: 'uuid' }, { name: 'component', type: 'text' }, { name: 'amount_minor', type: 'bigint' },
  { name: 'currency', type: 'text' }, { name: 'as_of', type: 'date' }, { name: 'payment_id', type: 'uuid' },
];

export interface AllocationWriter {
  /** Books the charges (once per key), then stages the allocations, some of which pay them. */
  add(result: AllocationResult): Promise<void>;
  finish(): Promise<number>;
}

/** For callers that decide allocations in chunks: add each chunk, finish once. */
export async function allocationWriter(trx: Tx, organisationId: string): Promise<AllocationWriter> {
  await sql`create temporary table if not exists new_allocations
    (payment_id uuid, invoice_id uuid, amount_minor bigint, allocated_on date, charge_key text) on commit drop`.execute(trx);
  let count = 0;
  return {
    async add({ allocations, charges }) {
      await bulkInsert(trx, 'invoice_charges', chargeColumns, charges.map((c) => ({
        key: c.key, invoice_id: c.receivableId, component: c.component, amount_minor: c.amountMinor, currency: c.currency, as_of: c.asOf, payment_id: c.paymentId,
      })), { constants: { organisation_id: organisationId, source: 'payment' }, onConflictDoNothing: true });
      await bulkInsert(trx, 'new_allocations', stagedColumns, allocations.map((a: PaymentAllocation) => ({
        payment_id: a.paymentId, invoice_id: a.receivableId, amount_minor: a.amountMinor, allocated_on: a.allocatedOn, charge_key: a.chargeKey ?? null,
      })));
      count += allocations.length;
    },
    async finish() {
      if (count > 0) {
        if (count > ANALYZE_ABOVE) await sql`analyze new_allocations`.execute(trx);
        await sql`
          insert into allocations (organisation_id, payment_id, invoice_id, amount_minor, allocated_on)
          select ${organisationId}, payment_id, invoice_id, amount_minor, allocated_on from new_allocations where charge_key is null`.execute(trx);
        await sql`
          insert into charge_allocations (organisation_id, payment_id, charge_key, invoice_id, amount_minor, allocated_on)
          select ${organisationId}, payment_id, charge_key, invoice_id, amount_minor, allocated_on from new_allocations where charge_key is not null`.execute(trx);
        await sql`
          update invoice_charges c set paid_minor = c.paid_minor + d.delta
          from (select charge_key, sum(amount_minor) as delta from new_allocations where charge_key is not null group by charge_key) d
          where c.organisation_id = ${organisationId} and c.key = d.charge_key`.execute(trx);
        // An early-payment or settlement discount counts as settled money for the invoice's status.
        await sql`
          update invoices i set paid_minor = i.paid_minor + d.delta,
            status = case when i.paid_minor + d.delta + coalesce(x.discount, 0) >= i.amount_minor then 'paid' else i.status end, updated_at = now()
          from (select invoice_id, sum(amount_minor) as delta from new_allocations where charge_key is null group by invoice_id) d
          left join (select invoice_id, sum(amount_minor) as discount from invoice_charges
                     where organisation_id = ${organisationId} and component = 'discount' and reversed_on is null group by invoice_id) x on x.invoice_id = d.invoice_id
          where i.organisation_id = ${organisationId} and i.id = d.invoice_id`.execute(trx);
        await sql`
          update payments p set allocated_minor = p.allocated_minor + d.delta
          from (select payment_id, sum(amount_minor) as delta from new_allocations group by payment_id) d
          where p.organisation_id = ${organisationId} and p.id = d.payment_id`.execute(trx);
      }
      await sql`truncate new_allocations`.execute(trx);
      return count;
    },
  };
}
