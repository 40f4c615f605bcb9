import type { Db } from '../../db/database.ts';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport } from '../../channels/transport.ts';
import { claimDueAccountEmail, markAccountEmailFailed, markAccountEmailSent } from '../../stores/account-emails.ts';
import { maxAttempts, retryDelayMs } from '../delivery/deliver-messages.ts';

export interface AccountEmailSummary {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delivers the due invitation and password-reset e-mails through the e-mail transport, one per
 * transaction (claimed with SKIP LOCKED like reminders), retried with the reminders' backoff.
 * The body, which carries the link, is dropped once sent or failed for good.
 */
export async function deliverAccountEmails(db: Db, transport: ChannelTransport, now: Date, limit = 100): Promise<AccountEmailSummary> {
  const summary: AccountEmailSummary = { sent: 0, retried: 0, failed: 0 };
  for (let handled = 0; handled < limit; handled++) {
    const outcome = await db.transaction().execute(async (trx) => {
      const email = await claimDueAccountEmail(trx, now);
      if (!email) return 'empty' as const;
      const attempts = email.attempts + 1;
      try {
        await transport.send({
          idempotencyKey: `account-email-${email.id}`,
          channel: 'email',
          to: email.recipient,
          language: email.language,
          subject: email.subject,
          text: email.body_text ?? '',
        });
        await markAccountEmailSent(trx, email.id, attempts, now);
        return 'sent' as const;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof PermanentDeliveryError || attempts >= maxAttempts) {
          await markAccountEmailFailed(trx, email.id, attempts, reason, null);
          return 'failed' as const;
        }
        const delay = error instanceof TransientDeliveryError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : retryDelayMs(attempts);
        await markAccountEmailFailed(trx, email.id, attempts, reason, new Date(now.getTime() + delay));
        return 'retried' as const;
      }
    });
    if (outcome === 'empty') break;
    summary[outcome]++;
  }
  return summary;
}
