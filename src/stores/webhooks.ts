import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Selectable } from 'kysely';
import type { WebhookDeliveryTable, WebhookEndpointTable } from '../db/schema.ts';
import { olderThanKey, timestampKey } from './keyset.ts';

/** Outbound organisation webhooks: endpoints and the delivery rows queued for them (the outbox of webhooks). */

export async function insertWebhookEndpoint(
  db: Db | Tx,
  organisationId: string,
  endpoint: { url: string; secret: string; eventTypes: string[] },
): Promise<{ id: string }> {
  return db
    .insertInto('webhook_endpoints')
    .values({ organisation_id: organisationId, url: endpoint.url, secret: endpoint.secret, event_types: endpoint.eventTypes })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function activeWebhookEndpoints(db: Db | Tx, organisationId: string): Promise<{ id: string; event_types: string[] }[]> {
  return db.selectFrom('webhook_endpoints').select(['id', 'event_types']).where('organisation_id', '=', organisationId).where('active', '=', true).execute();
}

export interface NewWebhookDelivery {
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** JSON text of the body as it will be posted. */
  payload: string;
  next_attempt_at: string;
}

/** One row per endpoint and event; an event already queued for an endpoint is skipped. */
export async function insertWebhookDeliveries(trx: Tx, organisationId: string, rows: readonly NewWebhookDelivery[]): Promise<void> {
  await bulkInsert(trx, 'webhook_deliveries', deliveryColumns, rows as unknown as Record<string, unknown>[], {
    constants: { organisation_id: organisationId },
    onConflictDoNothing: true,
  });
}

const deliveryColumns = [
  { name: 'endpoint_id', type: 'uuid' },
  { name: 'event_id', type: 'text' },
  { name: 'event_type', type: 'text' },
  { name: 'payload', type: 'jsonb' },
  { name: 'next_attempt_at', type: 'timestamptz' },
];

export interface DueWebhookDelivery {
  id: string;
  event_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/** The oldest pending delivery due at `now`, locked for this transaction (SKIP LOCKED: workers share the queue). */
export async function claimDueWebhookDelivery(trx: Tx, organisationId: string, now: Date): Promise<DueWebhookDelivery | undefined> {
  return trx
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', (j) =>
      j
        .onRef('webhook_endpoints.organisation_id', '=', 'webhook_deliveries.organisation_id')
        .onRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id'),
    )
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.event_id',
      'webhook_deliveries.payload',
      'webhook_deliveries.attempts',
      'webhook_endpoints.url',
      'webhook_endpoints.secret',
    ])
    .where('webhook_deliveries.organisation_id', '=', organisationId)
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', now)
    .orderBy('webhook_deliveries.next_attempt_at')
    .limit(1)
    .forUpdate('webhook_deliveries')
    .skipLocked()
    .executeTakeFirst();
}

export async function markWebhookDelivered(
  trx: Tx,
  organisationId: string,
  id: string,
  attempt: { attempts: number; statusCode: number; at: Date },
): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({ status: 'delivered', attempts: attempt.attempts, last_status_code: attempt.statusCode, last_error: null, delivered_at: attempt.at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

export async function markWebhookAttemptFailed(
  trx: Tx,
  organisationId: string,
  id: string,
  attempt: { failed: boolean; attempts: number; statusCode: number | null; error: string | null; nextAttemptAt: Date },
): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({
      status: attempt.failed ? 'failed' : 'pending',
      attempts: attempt.attempts,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      next_attempt_at: attempt.nextAttemptAt,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
}

/**
 * Reading webhook endpoints (never their secrets) and their delivery log, and deactivating an
 * endpoint. (To fold into stores/webhooks.ts, the webhooks aggregate's store, at merge.)
 */

export type WebhookEndpointRow = Omit<Selectable<WebhookEndpointTable>, 'secret' | 'organisation_id'>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable> & { cursor_at: string };

const endpointColumns = ['id', 'url', 'event_types', 'active', 'created_at'] as const;

export function endpointRows(db: Db, organisationId: string): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').select(endpointColumns).where('organisation_id', '=', organisationId).orderBy('created_at').orderBy('id').execute();
}

export function endpointRowById(db: Db | Tx, organisationId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').select(endpointColumns).where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export function deactivateEndpoint(trx: Tx, organisationId: string, id: string): Promise<WebhookEndpointRow> {
  return trx
    .updateTable('webhook_endpoints')
    .set({ active: false })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .returning(endpointColumns)
    .executeTakeFirstOrThrow();
}

/** An endpoint's deliveries newest first (by creation, then id), `limit` of them after the keyset `after`. */
export function deliveryRows(
  db: Db,
  organisationId: string,
  endpointId: string,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<WebhookDeliveryRow[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .select(timestampKey('created_at').as('cursor_at'))
    .where('organisation_id', '=', organisationId)
    .where('endpoint_id', '=', endpointId);
  if (after) query = query.where(olderThanKey('created_at', 'id', after));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
