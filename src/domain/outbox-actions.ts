/**
 * What a person may do to a message in the outbox. A message that left (sent, delivered,
 * queued for print) can be neither retried nor cancelled; a failed or bounced one may be sent
 * again; one still waiting (pending or held for a transport) may be cancelled.
 */
type OutboxAction = 'retry' | 'cancel';
type OutboxStatus = 'pending' | 'held' | 'sent' | 'queued_for_print' | 'delivered' | 'failed' | 'bounced' | 'cancelled';

const left: readonly OutboxStatus[] = ['sent', 'delivered', 'queued_for_print'];
const allowed: Record<OutboxAction, readonly OutboxStatus[]> = {
  retry: ['failed', 'bounced'],
  cancel: ['pending', 'held'],
};

/** Why `action` is refused for a message in `status`, or null when it is allowed. */
export function outboxActionRefusal(action: OutboxAction, status: OutboxStatus): string | null {
  if (allowed[action].includes(status)) return null;
  if (left.includes(status))
    return `the message was already ${status === 'queued_for_print' ? 'queued for print' : status}: it can no longer be ${action === 'retry' ? 'retried' : 'cancelled'}`;
  if (action === 'retry')
    return status === 'cancelled' ? 'the message was cancelled: it is not sent again' : `the message is ${status}: it is still waiting to be sent`;
  return status === 'cancelled'
    ? 'the message is already cancelled'
    : `the message ${status === 'failed' ? 'failed' : 'bounced'}: there is nothing left to cancel`;
}
