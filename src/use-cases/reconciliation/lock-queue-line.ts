import type { Tx } from '../../db/database.ts';
import type { StatementFormat } from '../../payments/bank-files/statement.ts';
import { lockBankLine } from '../../stores/reconciliation.ts';
import { ConflictError } from '../errors.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import type { BankLine } from './review-queue.ts';

/** A line of the review queue, locked for a decision, with its statement's format; 409 once decided. */
export async function lockQueueLine(trx: Tx, organisationId: string, lineId: string): Promise<BankLine & { format: StatementFormat }> {
  if (!isUuid(lineId)) throw new RecordNotFoundError('bank_line', { id: lineId });
  const line = await lockBankLine(trx, organisationId, lineId);
  if (!line) throw new RecordNotFoundError('bank_line', { id: lineId });
  if (line.status !== 'suggested' && line.status !== 'unmatched') {
    throw new ConflictError(`bank line ${lineId} is ${line.status}, not waiting in the review queue`, 'line_not_in_queue', {
      status: line.status,
      payment_id: line.payment_id,
    });
  }
  return line;
}
