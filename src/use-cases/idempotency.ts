import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { idempotencyKeyOf, insertIdempotencyKey, storeIdempotentResponse } from '../stores/idempotency.ts';
import { ConflictError } from './errors.ts';

/**
 * Idempotency keys: a client that retries a request with the same key gets the first
 * response again instead of a second effect. The key is claimed inside the transaction of
 * the effect and the response stored there too, so either both commit or neither does; a
 * concurrent duplicate waits on the primary key until the first commits, then replays.
 */
export type IdempotencyClaim = { claimed: true } | { claimed: false; statusCode: number; body: unknown };

/** A claim that is never visible to another transaction: it commits completed. */
const pendingStatus = 0;

export async function claimIdempotencyKey(trx: Tx, organisationId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  if (await insertIdempotencyKey(trx, organisationId, key, requestHash, pendingStatus)) return { claimed: true };
  const stored = await idempotencyKeyOf(trx, organisationId, key);
  if (stored.request_hash !== requestHash) {
    throw new ConflictError('this Idempotency-Key was already used for a different request', 'idempotency_key_reused', { key });
  }
  if (stored.status_code === pendingStatus)
    throw new ConflictError('a request with this Idempotency-Key is still in progress', 'idempotency_key_in_use', { key });
  return { claimed: false, statusCode: stored.status_code, body: stored.response_body };
}

export function completeIdempotencyKey(trx: Tx, organisationId: string, key: string, statusCode: number, body: unknown): Promise<void> {
  return storeIdempotentResponse(trx, organisationId, key, statusCode, body);
}

/** Fingerprint of a request: method, path and body with object keys sorted, so key order does not matter. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
