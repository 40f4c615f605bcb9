import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { formatAmount } from '../../domain/money.ts';
import { resolveBankLine } from '../../stores/reconciliation.ts';
import { appendInteraction } from '../contact-record.ts';
import { lockQueueLine } from './lock-queue-line.ts';
import { getLine, type QueueLine } from './review-queue.ts';
import type { OrgContext } from '../org-context.ts';

/** A person decides a queued line is not a customer payment (own transfer, refund …): it leaves the queue. */
export function ignoreLine(db: Db | Tx, ctx: OrgContext, lineId: string, input: { reason?: string }): Promise<QueueLine> {
  return inTransaction(db, (trx) => ignoreLineIn(trx, ctx, lineId, input));
}

async function ignoreLineIn(trx: Tx, ctx: OrgContext, lineId: string, input: { reason?: string }): Promise<QueueLine> {
  const organisationId = ctx.org.id;
  const line = await lockQueueLine(trx, organisationId, lineId);
  const reason = input.reason?.trim() || null;
  await resolveBankLine(trx, organisationId, line.id, { status: 'dismissed', note: reason }, ctx);
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: null,
    actor: ctx.actor,
    channel: 'bank',
    kind: 'bank_line_ignored',
    content: {
      line_id: line.id,
      statement_id: line.statement_id,
      line_no: line.line_no,
      date: line.entry_date,
      amount: formatAmount(line.amount_minor, line.currency),
      currency: line.currency,
      reason,
    },
  });
  return getLine(trx, ctx, line.id);
}
