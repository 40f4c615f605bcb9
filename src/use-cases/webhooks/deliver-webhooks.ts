import type { Db } from '../../db/database.ts';
import { retryDelayMs } from '../delivery/deliver-messages.ts';
import { signWebhook } from './signature.ts';

export interface WebhookDeliverySummary {
  delivered: number;
  retried: number;
  failed: number;
}

const maxWebhookAttempts = 10;

/**
 * Posts every due webhook event of the organisation to its endpoint, signed in the Standard
 * Webhooks style, one row per transaction (claimed with SKIP LOCKED). 2xx marks it delivered;
 * anything else is retried with exponential backoff, and the attempts, last status code and
 * error stay on the row as the delivery log.
 */
export async function deliverWebhooks(db: Db, organisationId: string, now: Date, options: { timeoutMs?: number; limit?: number } = {}): Promise<WebhookDeliverySummary> {
  const summary: WebhookDeliverySummary = { delivered: 0, retried: 0, failed: 0 };
  for (let handled = 0; handled < (options.limit ?? Number.POSITIVE_INFINITY); handled++) {
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhook_deliveries')
        .innerJoin('webhook_endpoints', (j) => j.onRef('webhook_endpoints.organisation_id', '=', 'webhook_deliveries.organisation_id').onRef('webhook_endpoints.id', '=', 'webhook_deliveries.endpoint_id'))
        .select(['webhook_deliveries.id', 'webhook_deliveries.event_id', 'webhook_deliveries.payload', 'webhook_deliveries.attempts', 'webhook_endpoints.url', 'webhook_endpoints.secret'])
        .where('webhook_deliveries.organisation_id', '=', organisationId)
        .where('webhook_deliveries.status', '=', 'pending')
        .where('webhook_deliveries.next_attempt_at', '<=', now)
        .orderBy('webhook_deliveries.next_attempt_at')
        .limit(1)
        .forUpdate('webhook_deliveries')
        .skipLocked()
        .executeTakeFirst();
      if (!row) return 'empty' as const;
      const body = JSON.stringify(row.payload);
      const timestamp = Math.floor(now.getTime() / 1000);
      const attempts = row.attempts + 1;
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(row.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-id': row.event_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(row.secret, row.event_id, timestamp, body) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        statusCode = response.status;
        await response.body?.cancel();
        if (response.ok) {
          await trx.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, last_status_code: statusCode, last_error: null, delivered_at: now }).where('organisation_id', '=', organisationId).where('id', '=', row.id).execute();
          return 'delivered' as const;
        }
        error = `HTTP ${statusCode}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const failed = attempts >= maxWebhookAttempts;
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: failed ? 'failed' : 'pending', attempts, last_status_code: statusCode, last_error: error, next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)) })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', row.id)
        .execute();
      return failed ? ('failed' as const) : ('retried' as const);
    });
    if (outcome === 'empty') break;
    summary[outcome]++;
  }
  return summary;
}
