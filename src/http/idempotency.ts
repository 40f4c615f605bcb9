import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import type { OrgContext } from '../use-cases/org-context.ts';
import { claimIdempotencyKey, completeIdempotencyKey, requestHash } from '../use-cases/idempotency.ts';
import { principalOf } from './auth.ts';

/**
 * Runs a state-changing request in one transaction. On a POST with an Idempotency-Key the
 * key is claimed and the response stored in that same transaction, so a retry replays the
 * stored response (header Idempotent-Replayed: true) and never repeats the effect. Errors
 * roll back with the effect and are not stored: a retry runs the request again.
 */
export async function runWrite<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  effect: (trx: Tx, context: OrgContext) => Promise<T>,
): Promise<T> {
  const principal = principalOf(request);
  const organisationId = principal.organisation.id;
  const header = request.headers['idempotency-key'];
  const key = request.method === 'POST' && typeof header === 'string' ? header : undefined;
  const context: OrgContext = { org: principal.organisation, actor: principal.actor, now: new Date() };
  const outcome = await inTransaction(db, async (trx) => {
    if (key !== undefined) {
      const claim = await claimIdempotencyKey(trx, organisationId, key, requestHash(request.method, request.url, request.body));
      if (!claim.claimed) return { replayed: true, status: claim.statusCode, body: claim.body as T };
    }
    const body = await effect(trx, context);
    if (key !== undefined) await completeIdempotencyKey(trx, organisationId, key, status, body);
    return { replayed: false, status, body };
  });
  reply.code(outcome.status);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return outcome.body;
}
