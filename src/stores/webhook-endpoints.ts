import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { WebhookDeliveryTable, WebhookEndpointTable } from '../db/schema.ts';
import { olderThanKey, timestampKey } from './keyset.ts';

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
