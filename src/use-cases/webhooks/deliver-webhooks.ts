import { httpWebhookSender, type WebhookSender } from '../../adapters/webhook-sender.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { claimDueWebhookDelivery, markWebhookAttemptFailed, markWebhookDelivered } from '../../stores/webhooks.ts';
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
export async function deliverWebhooks(
  db: Db,
  organisationId: string,
  now: Date,
  options: { timeoutMs?: number; limit?: number; sender?: WebhookSender } = {},
): Promise<WebhookDeliverySummary> {
  const summary: WebhookDeliverySummary = { delivered: 0, retried: 0, failed: 0 };
  const sender = options.sender ?? httpWebhookSender(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  for (let handled = 0; handled < (options.limit ?? Number.POSITIVE_INFINITY); handled++) {
    const outcome = await inTransaction(db, async (trx) => {
      const row = await claimDueWebhookDelivery(trx, organisationId, now);
      if (!row) return 'empty' as const;
      const body = JSON.stringify(row.payload);
      const timestamp = Math.floor(now.getTime() / 1000);
      const attempts = row.attempts + 1;
      const signature = signWebhook(row.secret, row.event_id, timestamp, body);
      const attempt = await sender.send(row.url, { 'webhook-id': row.event_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }, body);
      if (attempt.ok) {
        await markWebhookDelivered(trx, organisationId, row.id, { attempts, statusCode: attempt.statusCode!, at: now });
        return 'delivered' as const;
      }
      const failed = attempts >= maxWebhookAttempts;
      await markWebhookAttemptFailed(trx, organisationId, row.id, {
        failed,
        attempts,
        statusCode: attempt.statusCode,
        error: attempt.error,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      });
      return failed ? ('failed' as const) : ('retried' as const);
    });
    if (outcome === 'empty') break;
    summary[outcome]++;
  }
  return summary;
}
