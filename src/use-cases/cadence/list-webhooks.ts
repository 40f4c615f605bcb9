import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { WebhookDeliveryTable, WebhookEndpointTable } from '../../db/schema.ts';
import { isUuid, toPage, type Page, type PageRequest } from '../record-ref.ts';
import { NotFoundError } from '../errors.ts';
import { olderThan, timestampKey } from './list-keyset.ts';

/** An endpoint without its secret, which is shown once, at creation. */
export type WebhookEndpointRow = Omit<Selectable<WebhookEndpointTable>, 'secret' | 'organisation_id'>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable> & { cursor_at: string };

export class WebhookEndpointNotFoundError extends NotFoundError {
  override readonly code = 'webhook_endpoint_not_found';
}

const endpointColumns = ['id', 'url', 'event_types', 'active', 'created_at'] as const;

export async function listWebhookEndpoints(db: Db, organisationId: string): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').select(endpointColumns).where('organisation_id', '=', organisationId).orderBy('created_at').orderBy('id').execute();
}

export async function getWebhookEndpoint(db: Db | Tx, organisationId: string, id: string): Promise<WebhookEndpointRow> {
  const row = isUuid(id) ? await db.selectFrom('webhook_endpoints').select(endpointColumns).where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new WebhookEndpointNotFoundError('webhook endpoint', id);
  return row;
}

/**
 * Stops sending events to an endpoint. The row stays (its delivery log refers to it) and
 * deliveries already queued are still attempted; new events are no longer queued for it.
 */
export async function deactivateWebhookEndpoint(trx: Tx, organisationId: string, id: string): Promise<WebhookEndpointRow> {
  await getWebhookEndpoint(trx, organisationId, id);
  return trx.updateTable('webhook_endpoints').set({ active: false }).where('organisation_id', '=', organisationId).where('id', '=', id).returning(endpointColumns).executeTakeFirstOrThrow();
}

/** The delivery log of one endpoint, newest first: attempts, last status code and error. */
export async function listWebhookDeliveries(db: Db, organisationId: string, endpointId: string, page: PageRequest): Promise<Page<WebhookDeliveryRow>> {
  await getWebhookEndpoint(db, organisationId, endpointId);
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .select(timestampKey('created_at').as('cursor_at'))
    .where('organisation_id', '=', organisationId)
    .where('endpoint_id', '=', endpointId);
  const older = olderThan(page, 'created_at', 'id');
  if (older) query = query.where(older);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.cursor_at, r.id]);
}
