import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { insertDeliveryReceipt, lockMessage, messageOwnerByProviderId, updateMessage } from '../../stores/outbox.ts';
import type { ReceiptStatus } from '../../db/schema-delivery-receipts.ts';
import type { MessageChannel } from '../../channels/transport.ts';
import { appendInteraction } from '../contact-record.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';

/** One status report of a provider about a message it accepted from us. */
export interface ProviderReceipt {
  provider: 'twilio' | 'whatsapp';
  channel: MessageChannel;
  providerMessageId: string;
  /** The provider's own word (Twilio MessageStatus, Cloud API status). */
  providerStatus: string;
  /** When the provider says it happened; the moment we heard of it when it does not say. */
  occurredAt: Date;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  /** The callback's fields as received, kept as evidence. */
  payload: Record<string, unknown>;
}

export type ReceiptOutcome = 'applied' | 'duplicate' | 'ignored' | 'unknown_message';

/**
 * What a provider status means for us. 'queued', 'sent', 'accepted' … only repeat what the
 * send already recorded; 'read' proves delivery too; 'undelivered' and 'failed' mean the
 * message never reached the device after it left us.
 */
function receiptStatusOf(providerStatus: string): ReceiptStatus | null {
  switch (providerStatus.toLowerCase()) {
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}

/**
 * Applies a delivery receipt: the outbox message becomes 'delivered' (with the receipt's time
 * in delivered_at) or 'failed', a 'delivery_receipt' entry goes to the contact record and a
 * message.status_changed webhook event is queued, all in one transaction. Idempotent: the
 * same message and status twice changes nothing the second time. A delivered message stays
 * delivered whatever arrives later (the proof does not expire); a read receipt of a delivered
 * message is recorded without changing its status.
 *
 * The provider names only its message id, so the message is first looked up across
 * organisations (the index on provider_message_id; the ids are unique at the provider); every
 * later statement is scoped to the organisation that owns it.
 */
export async function applyDeliveryReceipt(db: Db, receipt: ProviderReceipt, now: Date): Promise<ReceiptOutcome> {
  const status = receiptStatusOf(receipt.providerStatus);
  if (!status) return 'ignored';
  const owner = await messageOwnerByProviderId(db, receipt.providerMessageId, receipt.channel);
  if (!owner) return 'unknown_message';
  const organisationId = owner.organisation_id;

  return inTransaction(db, async (trx) => {
    const message = await lockMessage(trx, organisationId, owner.id);
    if (!message) return 'unknown_message';
    const inserted = await insertDeliveryReceipt(trx, {
      organisation_id: organisationId,
      outbox_message_id: message.id,
      provider: receipt.provider,
      provider_message_id: receipt.providerMessageId,
      status,
      provider_status: receipt.providerStatus,
      occurred_at: receipt.occurredAt,
      received_at: now,
      error_code: receipt.errorCode ?? null,
      payload: JSON.stringify(receipt.payload),
    });
    if (!inserted) return 'duplicate';

    const proven = message.status === 'delivered';
    let newStatus: 'delivered' | 'failed' | null = null;
    if ((status === 'delivered' || status === 'read') && !proven) newStatus = 'delivered';
    if (status === 'failed' && !proven && message.status !== 'failed') newStatus = 'failed';

    if (newStatus === 'delivered') {
      await updateMessage(trx, organisationId, message.id, { status: 'delivered', delivered_at: receipt.occurredAt, updated_at: now });
    } else if (newStatus === 'failed') {
      const reason = `${receipt.provider} reported ${receipt.providerStatus}${receipt.errorCode ? ` (error ${receipt.errorCode})` : ''}${receipt.errorMessage ? `: ${receipt.errorMessage}` : ''}`;
      await updateMessage(trx, organisationId, message.id, { status: 'failed', last_error: reason, updated_at: now });
    }

    await appendInteraction(trx, organisationId, {
      occurredAt: now,
      customerId: message.customer_id,
      actor: receipt.provider,
      channel: message.channel,
      kind: 'delivery_receipt',
      content: {
        message_id: message.id,
        step: message.step_id,
        to: message.recipient,
        provider: receipt.provider,
        provider_message_id: receipt.providerMessageId,
        status,
        provider_status: receipt.providerStatus,
        occurred_at: receipt.occurredAt.toISOString(),
        previous_status: message.status,
        ...(newStatus ? { new_status: newStatus } : {}),
        ...(receipt.errorCode ? { error_code: receipt.errorCode } : {}),
      },
    });
    if (newStatus) {
      await enqueueWebhookEvents(
        trx,
        organisationId,
        [
          {
            id: `${message.id}:${newStatus}`,
            type: 'message.status_changed',
            data: { message_id: message.id, channel: message.channel, status: newStatus, step: message.step_id },
          },
        ],
        now,
      );
    }
    return 'applied';
  });
}
