import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { RecordRef } from '../customers.ts';
import { customerByRef } from './support.ts';

export interface PromiseStats {
  /** Every promise recorded, cancelled ones included. */
  made: number;
  kept: number;
  broken: number;
  pending: number;
  cancelled: number;
  /** kept / (kept + broken); null while no promise has come due. */
  keptRate: number | null;
}

export async function promiseStats(db: Db, organisationId: string, customerRef: RecordRef): Promise<PromiseStats> {
  const customer = await customerByRef(db, organisationId, customerRef);
  const rows = await db.selectFrom('promises').select(['status', sql<number>`count(*)::int`.as('n')])
    .where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id).groupBy('status').execute();
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return statsFrom(count('kept'), count('broken'), count('pending'), count('cancelled'));
}

export function statsFrom(kept: number, broken: number, pending: number, cancelled: number): PromiseStats {
  const settled = kept + broken;
  return { made: kept + broken + pending + cancelled, kept, broken, pending, cancelled, keptRate: settled === 0 ? null : Math.round((kept / settled) * 10_000) / 10_000 };
}
