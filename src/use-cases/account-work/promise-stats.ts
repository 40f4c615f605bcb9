import type { Db } from '../../db/database.ts';
import { promiseCountsByStatus } from '../../stores/promises.ts';
import type { RecordRef } from '../record-ref.ts';
import { customerByRef } from './support.ts';
import { statsFrom, type PromiseStats } from '../../domain/promise-stats.ts';
import type { OrgContext } from '../org-context.ts';

export type { PromiseStats };

export async function promiseStats(db: Db, ctx: OrgContext, customerRef: RecordRef): Promise<PromiseStats> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(db, organisationId, customerRef);
  const rows = await promiseCountsByStatus(db, organisationId, customer.id);
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return statsFrom(count('kept'), count('broken'), count('pending'), count('cancelled'));
}
