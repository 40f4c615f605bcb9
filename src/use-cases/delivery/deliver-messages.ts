import type { Db, Tx } from '../../db/database.ts';
import type { Customer, Organisation } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { allowedAt, contactCapsFor, type CancelReason } from '../../domain/cadence/index.ts';
import { deleteStepExecutions } from '../../stores/cadence-runs.ts';
import { claimNextDue, holdUnroutable, releaseHeld, updateMessage, type OutboxMessage } from '../../stores/outbox.ts';
import { recentContacts } from './recent-contacts.ts';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport, type MessageChannel, type OutgoingMessage } from '../../channels/transport.ts';
import { TemplateRejectedError, UnknownTemplateError } from '../../channels/templates/render-message.ts';
import { appendInteraction } from '../contact-record.ts';
import { NothingLeftToCollect } from './compose-message.ts';
import { loadDeliveryPass, type DeliveryPass } from './delivery-pass.ts';
import { recheckQueuedMessage } from './recheck-message.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';

export type { OutboxMessage } from '../../stores/outbox.ts';

export interface DeliveryDeps {
  /** The channels with a transport configured; messages of other channels wait as 'held'. */
  channels: readonly MessageChannel[];
  /** The transport for a message, bound to the delivery transaction (letters are stored in it). */
  transportFor(channel: MessageChannel, org: Organisation, trx: Tx): ChannelTransport;
  /** The e-mail transport on its own, for mail that belongs to no organisation (invitations, password resets). */
  emailTransport?: ChannelTransport;
  /**
   * Renders the message as of the pass's instant (amounts, fees and payment instructions of that
   * day), with what the pass read of the organisation and, when the recheck read it, the customer.
   */
  compose(trx: Tx, pass: DeliveryPass, message: OutboxMessage, customer?: Customer): Promise<OutgoingMessage>;
}

export interface DeliverySummary {
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
  held: number;
  /** Judged again at send time and no longer true (disputed, paid, opted out …): not sent. */
  cancelled: number;
}

export const maxAttempts = 8;

/** Exponential backoff: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/**
 * Delivers every message of the organisation that is due at `now`, one per transaction:
 * the row is claimed with FOR UPDATE SKIP LOCKED (so several workers share the queue), the
 * allowed hours and contact caps are checked again, the message is rendered and handed to its
 * transport, and the outcome is recorded with the contact-record entry and webhook event in
 * the same transaction. A crash before commit leaves the message pending, so it is retried:
 * delivery is at least once, and the stable idempotency key (SMTP Message-ID, provider
 * reference) lets receivers recognise the rare resend after a crash between hand-over and commit.
 */
export async function deliverDue(
  db: Db,
  org: Organisation,
  now: Date,
  deps: DeliveryDeps,
  limit = Number.POSITIVE_INFINITY,
  onProgress?: (handled: number) => void,
): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retried: 0, failed: 0, deferred: 0, held: 0, cancelled: 0 };
  const channels = [...deps.channels];
  summary.held = await holdUnroutableMessages(db, org.id, channels, now);
  if (limit <= 0) return summary;
  // The organisation's settings, terms, rates and templates, read once for the whole pass.
  const pass = await loadDeliveryPass(db, org, now);
  for (let handled = 0; handled < limit; handled++) {
    const outcome = await inTransaction(db, async (trx) => {
      const message = await claimNextDue(trx, org.id, now, channels);
      if (!message) return 'empty' as const;
      return deliverOne(trx, pass, message, deps.transportFor(message.channel, org, trx), deps);
    });
    if (outcome === 'empty') break;
    summary[outcome]++;
    onProgress?.(handled + 1);
  }
  return summary;
}

async function deliverOne(
  trx: Tx,
  pass: DeliveryPass,
  message: OutboxMessage,
  transport: ChannelTransport,
  deps: DeliveryDeps,
): Promise<keyof DeliverySummary> {
  const { org, now } = pass.ctx;
  // First, so that a message no longer true is cancelled at once, even outside allowed hours.
  const recheck = await recheckQueuedMessage(trx, pass, message);
  if (!recheck.send) {
    await cancel(trx, org.id, message, now, recheck.reason);
    return 'cancelled';
  }
  const sendAt = await allowedSendTime(trx, pass, message);
  if (sendAt > now) {
    await updateMessage(trx, org.id, message.id, { next_attempt_at: sendAt, updated_at: new Date() });
    return 'deferred';
  }
  const attempts = message.attempts + 1;
  let outgoing: OutgoingMessage | undefined;
  try {
    // Re-composed with only what is still true: the receivables the recheck kept.
    outgoing = await deps.compose(trx, pass, { ...message, receivable_ids: recheck.receivableIds }, recheck.customer);
    const receipt = await transport.send(outgoing);
    await updateMessage(trx, org.id, message.id, {
      status: receipt.status,
      attempts,
      provider_message_id: receipt.providerMessageId,
      subject: outgoing.subject ?? null,
      body_text: outgoing.text,
      body_html: outgoing.html ?? null,
      sent_at: now,
      last_error: null,
      updated_at: new Date(),
    });
    await recordMessageStatus(trx, org.id, message, now, receipt.status, {
      provider_message_id: receipt.providerMessageId,
      subject: outgoing.subject ?? null,
      text: outgoing.text,
      attachments: outgoing.attachments?.map((a) => a.filename) ?? [],
    });
    return 'sent';
  } catch (error) {
    // Paid between the recheck and the composition: nothing to collect, nothing to retry.
    if (error instanceof NothingLeftToCollect) {
      await cancel(trx, org.id, message, now, 'settled');
      return 'cancelled';
    }
    // A template that fails compliance or does not exist will fail every retry too.
    const permanent = error instanceof PermanentDeliveryError || error instanceof TemplateRejectedError || error instanceof UnknownTemplateError;
    const reason = error instanceof Error ? error.message : String(error);
    if (permanent || attempts >= maxAttempts) {
      await updateMessage(trx, org.id, message.id, { status: 'failed', attempts, last_error: reason, updated_at: new Date() });
      await recordMessageStatus(trx, org.id, message, now, 'failed', { error: reason, attempts });
      return 'failed';
    }
    const retryAfter = error instanceof TransientDeliveryError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : retryDelayMs(attempts);
    await updateMessage(trx, org.id, message.id, {
      status: 'pending',
      attempts,
      last_error: reason,
      next_attempt_at: new Date(now.getTime() + retryAfter),
      updated_at: new Date(),
    });
    return 'retried';
  }
}

/** The debtor's allowed hours and the contact caps, checked again at the moment of sending, by the run's own rule. */
async function allowedSendTime(trx: Tx, pass: DeliveryPass, message: OutboxMessage): Promise<Date> {
  const { org, now } = pass.ctx;
  // A letter goes at once (allowedAt): no contacts to read for it.
  if (message.channel === 'letter') return now;
  const recent = await recentContacts(trx, org.id, [message.customer_id], now, message.id);
  return allowedAt(message.channel, now, message.timezone, message.country, recent.get(message.customer_id) ?? [], contactCapsFor(message.country, pass.caps));
}

/**
 * Messages of channels with no transport configured wait as 'held', visible in the outbox;
 * held ones of channels that have a transport now go back to 'pending'. Only pending messages
 * are claimed, through an index in claiming order, so a claim reads one row however many
 * messages wait (a first run can leave tens of thousands).
 */
async function holdUnroutableMessages(db: Db, organisationId: string, channels: MessageChannel[], now: Date): Promise<number> {
  await releaseHeld(db, organisationId, channels, new Date());
  return holdUnroutable(db, organisationId, channels, now, new Date());
}

/**
 * A message no longer true is cancelled with its reason, on the contact record and as a
 * webhook event. When a suppression rule stopped it, the step executions it fulfilled are
 * withdrawn, as if the run had met the suppression when deciding (evaluate.ts, point 3): the
 * cadence resumes at the latest due step once the reason goes away, rather than treating
 * the cancelled step as done. Paid receivables and a withdrawn consent leave them: there is
 * nothing to resume, or other contacts got the step.
 */
async function cancel(trx: Tx, organisationId: string, message: OutboxMessage, now: Date, reason: CancelReason): Promise<void> {
  await updateMessage(trx, organisationId, message.id, { status: 'cancelled', cancel_reason: reason, last_error: null, updated_at: new Date() });
  if (reason !== 'settled' && reason !== 'opted_out' && reason !== 'no_contact') {
    const step = { customerId: message.customer_id, policyName: message.policy_name, stepId: message.step_id, executedOn: message.as_of };
    await deleteStepExecutions(trx, organisationId, step, message.receivable_ids);
  }
  await recordMessageStatus(trx, organisationId, message, now, 'cancelled', { reason });
}

/** A message's new status on the contact record (by `actor`: the delivery worker or a user) and as a webhook event. */
export async function recordMessageStatus(
  trx: Tx,
  organisationId: string,
  message: OutboxMessage,
  now: Date,
  status: string,
  details: Record<string, unknown>,
  actor = 'delivery',
): Promise<void> {
  await appendInteraction(trx, organisationId, {
    occurredAt: now,
    customerId: message.customer_id,
    actor,
    channel: message.channel,
    kind: `message_${status}`,
    content: { message_id: message.id, step: message.step_id, to: message.recipient, language: message.language, ...details },
  });
  await enqueueWebhookEvents(
    trx,
    organisationId,
    [
      {
        id: `${message.id}:${status}`,
        type: 'message.status_changed',
        data: {
          message_id: message.id,
          channel: message.channel,
          status,
          step: message.step_id,
          ...(typeof details.reason === 'string' ? { reason: details.reason } : {}),
        },
      },
    ],
    now,
  );
}
