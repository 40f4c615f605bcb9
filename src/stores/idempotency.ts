import type { Tx } from '../db/database.ts';

/** Idempotency keys of API requests: the key, the request's fingerprint and the stored response. */

/** Inserts the key when it is new; false when it is already on file (a concurrent insert waits for the first to commit). */
export async function insertIdempotencyKey(trx: Tx, organisationId: string, key: string, requestHash: string, statusCode: number): Promise<boolean> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ organisation_id: organisationId, key, request_hash: requestHash, status_code: statusCode, response_body: 'null' })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function idempotencyKeyOf(trx: Tx, organisationId: string, key: string): Promise<{ request_hash: string; status_code: number; response_body: unknown }> {
  return trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

export async function storeIdempotentResponse(trx: Tx, organisationId: string, key: string, statusCode: number, body: unknown): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response_body: JSON.stringify(body ?? null) })
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .execute();
}
