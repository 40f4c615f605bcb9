import type { Db, Tx } from '../../db/database.ts';
import { deactivateEndpoint, deliveryRows, endpointRowById, endpointRows, type WebhookDeliveryRow, type WebhookEndpointRow } from '../../stores/webhooks.ts';
import { isUuid, toPage, type Page, type PageRequest } from '../record-ref.ts';
import { NotFoundError } from '../errors.ts';
import { keysetAfter } from './list-keyset.ts';

export type { WebhookDeliveryRow, WebhookEndpointRow } from '../../stores/webhooks.ts';

class WebhookEndpointNotFoundError extends NotFoundError {
  override readonly code = 'webhook_endpoint_not_found';
}

export function listWebhookEndpoints(db: Db, organisationId: string): Promise<WebhookEndpointRow[]> {
  return endpointRows(db, organisationId);
}

export async function getWebhookEndpoint(db: Db | Tx, organisationId: string, id: string): Promise<WebhookEndpointRow> {
  const row = isUuid(id) ? await endpointRowById(db, organisationId, id) : undefined;
  if (!row) throw new WebhookEndpointNotFoundError('webhook endpoint', id);
  return row;
}

/**
 * Stops sending events to an endpoint. The row stays (its delivery log refers to it) and
 * deliveries already queued are still attempted; new events are no longer queued for it.
 */
export async function deactivateWebhookEndpoint(trx: Tx, organisationId: string, id: string): Promise<WebhookEndpointRow> {
  await getWebhookEndpoint(trx, organisationId, id);
  return deactivateEndpoint(trx, organisationId, id);
}

/** The delivery log of one endpoint, newest first: attempts, last status code and error. */
export async function listWebhookDeliveries(db: Db, organisationId: string, endpointId: string, page: PageRequest): Promise<Page<WebhookDeliveryRow>> {
  await getWebhookEndpoint(db, organisationId, endpointId);
  const rows = await deliveryRows(db, organisationId, endpointId, keysetAfter(page), page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.cursor_at, r.id]);
}
