import type { Db } from '../../db/database.ts';
import type { OutboxMessageTable, OutboxStatus } from '../../db/schema.ts';
import { documentIdByKey } from '../../stores/documents.ts';
import { outboxRowById, outboxRows, type OutboxRow } from '../../stores/outbox.ts';
import { isUuid, toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import { NotFoundError } from '../errors.ts';
import { keysetAfter } from './list-keyset.ts';

export type { OutboxRow } from '../../stores/outbox.ts';

export interface OutboxFilters {
  status?: OutboxStatus;
  channel?: OutboxMessageTable['channel'];
  customer?: RecordRef;
}

class OutboxMessageNotFoundError extends NotFoundError {
  override readonly code = 'message_not_found';
}

/** Every message the cadence wrote, newest first: held, failed and cancelled ones included. */
export async function listOutbox(db: Db, organisationId: string, filters: OutboxFilters, page: PageRequest): Promise<Page<OutboxRow>> {
  const customer = filters.customer;
  if (customer && 'id' in customer && !isUuid(customer.id)) return { items: [], next: null };
  const rows = await outboxRows(db, organisationId, filters, keysetAfter(page), page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.cursor_at, r.id]);
}

/** A message with what was sent (once sent) and, for a letter, the id of its PDF document. */
export async function getOutboxMessage(db: Db, organisationId: string, id: string): Promise<OutboxRow & { document_id: string | null }> {
  if (!isUuid(id)) throw new OutboxMessageNotFoundError('message', id);
  const row = await outboxRowById(db, organisationId, id);
  if (!row) throw new OutboxMessageNotFoundError('message', id);
  // The letter transport stores the PDF under the key it reports as the provider message id.
  const documentId = row.channel === 'letter' && row.provider_message_id ? await documentIdByKey(db, organisationId, row.provider_message_id) : null;
  return { ...row, document_id: documentId };
}
