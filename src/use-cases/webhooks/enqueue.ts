import { bulkInsert } from '../../db/bulk-insert.ts';
import type { Tx } from '../../db/database.ts';

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
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .execute();
  const rows = endpoints.flatMap((endpoint) =>
    events
      .filter((e) => endpoint.event_types.length === 0 || endpoint.event_types.includes(e.type))
      .map((e) => ({
        endpoint_id: endpoint.id, event_id: e.id, event_type: e.type,
        payload: JSON.stringify({ id: e.id, type: e.type, timestamp: at.toISOString(), data: e.data }), next_attempt_at: at.toISOString(),
      })),
  );
  await bulkInsert(trx, 'webhook_deliveries', deliveryColumns, rows, { constants: { organisation_id: organisationId }, onConflictDoNothing: true });
}

const deliveryColumns = [
  { name: 'endpoint_id', type: 'uuid' }, { name: 'event_id', type: 'text' }, { name: 'event_type', type: 'text' },
  { name: 'payload', type: 'jsonb' }, { name: 'next_attempt_at', type: 'timestamptz' },
];
