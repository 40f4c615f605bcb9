import type { Insertable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { LatePaymentReasonTable } from '../db/schema-account-work.ts';

/** Why customers say they pay late. */

export async function insertLateReason(trx: Tx, organisationId: string, values: Omit<Insertable<LatePaymentReasonTable>, 'organisation_id'>): Promise<string> {
  const row = await trx
    .insertInto('late_payment_reasons')
    .values({ ...values, organisation_id: organisationId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A customer's late-payment reasons newest first, before the keyset cursor (recorded_at, id) when given. */
export function customerLateReasons(db: Db | Tx, organisationId: string, customerId: string, before: { at: Date; id: string } | null, limit: number) {
  let query = db.selectFrom('late_payment_reasons').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customerId);
  if (before) query = query.where((eb) => eb(eb.refTuple('recorded_at', 'id'), '<', eb.tuple(before.at, before.id)));
  return query.orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
