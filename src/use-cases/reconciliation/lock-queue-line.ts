import type { Tx } from '../../db/database.ts';
import type { StatementFormat } from '../../payments/bank-files/statement.ts';
import { ConflictError } from '../errors.ts';
import { isUuid, RecordNotFoundError } from '../record-ref.ts';
import type { BankLine } from './review-queue.ts';

/** A line of the review queue, locked for a decision, with its statement's format; 409 once decided. */
export async function lockQueueLine(trx: Tx, organisationId: string, lineId: string): Promise<BankLine & { format: StatementFormat }> {
  if (!isUuid(lineId)) throw new RecordNotFoundError('bank_line', { id: lineId });
  const line = await trx
    .selectFrom('bank_statement_lines as l')
    .innerJoin('bank_statements as s', (join) => join.onRef('s.organisation_id', '=', 'l.organisation_id').onRef('s.id', '=', 'l.statement_id'))
    .selectAll('l')
    .select('s.format')
    .where('l.organisation_id', '=', organisationId)
    .where('l.id', '=', lineId)
    .forUpdate()
    .executeTakeFirst();
  if (!line) throw new RecordNotFoundError('bank_line', { id: lineId });
  if (line.status !== 'suggested' && line.status !== 'unmatched') {
    throw new ConflictError(`bank line ${lineId} is ${line.status}, not waiting in the review queue`, 'line_not_in_queue', { status: line.status, payment_id: line.payment_id });
  }
  return line;
}
