import type { Tx } from '../../db/database.ts';
import { activeWebhookEndpoints, insertWebhookDeliveries } from '../../stores/webhooks.ts';

export interface WebhookEvent {
  /** Stable id: the same event enqueued twice is delivered once. */
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Writes one delivery row per active endpoint subscribed to each event, in the caller's
 * transaction (outbox pattern): an event exists exactly when the decision that caused it does.
 */
export async function enqueueWebhookEvents(trx: Tx, organisationId: string, events: readonly WebhookEvent[], at: Date): Promise<void> {
  if (events.length === 0) return;
  const endpoints = await activeWebhookEndpoints(trx, organisationId);
  const rows = endpoints.flatMap((endpoint) =>
    events
      .filter((e) => endpoint.event_types.length === 0 || endpoint.event_types.includes(e.type))
      .map((e) => ({
        endpoint_id: endpoint.id,
        event_id: e.id,
        event_type: e.type,
        payload: JSON.stringify({ id: e.id, type: e.type, timestamp: at.toISOString(), data: e.data }),
        next_attempt_at: at.toISOString(),
      })),
  );
  await insertWebhookDeliveries(trx, organisationId, rows);
}
