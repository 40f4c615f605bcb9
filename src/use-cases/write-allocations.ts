import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Tx } from '../db/database.ts';
import type { PaymentAllocation } from '../domain/allocation.ts';

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
export async function writeAllocations(trx: Tx, organisationId: string, allocations: readonly PaymentAllocation[]): Promise<void> {
  if (allocations.length === 0) return;
  const writer = await allocationWriter(trx, organisationId);
  await writer.add(allocations);
  await writer.finish();
}

const stagedColumns = [
  { name: 'payment_id', type: 'uuid' }, { name: 'invoice_id', type: 'uuid' }, { name: 'amount_minor', type: 'bigint' }, { name: 'allocated_on', type: 'date' },
];

export interface AllocationWriter {
  add(allocations: readonly PaymentAllocation[]): Promise<void>;
  finish(): Promise<number>;
}

/** For callers that decide allocations in chunks: add each chunk, finish once. */
export async function allocationWriter(trx: Tx, organisationId: string): Promise<AllocationWriter> {
  await sql`create temporary table if not exists new_allocations
    (payment_id uuid, invoice_id uuid, amount_minor bigint, allocated_on date) on commit drop`.execute(trx);
  let count = 0;
  return {
    async add(allocations) {
      await bulkInsert(trx, 'new_allocations', stagedColumns, allocations.map((a) => ({ payment_id: a.paymentId, invoice_id: a.receivableId, amount_minor: a.amountMinor, allocated_on: a.allocatedOn })));
      count += allocations.length;
    },
    async finish() {
      if (count > 0) {
        if (count > ANALYZE_ABOVE) await sql`analyze new_allocations`.execute(trx);
        await sql`
          insert into allocations (organisation_id, payment_id, invoice_id, amount_minor, allocated_on)
          select ${organisationId}, payment_id, invoice_id, amount_minor, allocated_on from new_allocations`.execute(trx);
        await sql`
          update invoices i set paid_minor = i.paid_minor + d.delta,
            status = case when i.paid_minor + d.delta >= i.amount_minor then 'paid' else i.status end, updated_at = now()
          from (select invoice_id, sum(amount_minor) as delta from new_allocations group by invoice_id) d
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
