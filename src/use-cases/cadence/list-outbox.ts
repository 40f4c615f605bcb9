import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { OutboxMessageTable, OutboxStatus } from '../../db/schema.ts';
import { isUuid, toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import { NotFoundError } from '../errors.ts';
import { olderThan, timestampKey } from './list-keyset.ts';

export type OutboxRow = Selectable<OutboxMessageTable> & { customer_external_id: string; cursor_at: string };

export interface OutboxFilters {
  status?: OutboxStatus;
  channel?: OutboxMessageTable['channel'];
  customer?: RecordRef;
}

export class OutboxMessageNotFoundError extends NotFoundError {
  override readonly code = 'message_not_found';
}

function outboxQuery(db: Db, organisationId: string) {
  return db
    .selectFrom('outbox_messages as o')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'o.organisation_id').onRef('c.id', '=', 'o.customer_id'))
    .selectAll('o')
    .select(['c.external_id as customer_external_id', timestampKey('o.created_at').as('cursor_at')])
    .where('o.organisation_id', '=', organisationId);
}

/** Every message the cadence wrote, newest first: held, failed and cancelled ones included. */
export async function listOutbox(db: Db, organisationId: string, filters: OutboxFilters, page: PageRequest): Promise<Page<OutboxRow>> {
  let query = outboxQuery(db, organisationId);
  const customer = filters.customer;
  if (customer && 'id' in customer && !isUuid(customer.id)) return { items: [], next: null };
  if (customer) query = 'id' in customer ? query.where('o.customer_id', '=', customer.id) : query.where('c.external_id', '=', customer.externalId);
  if (filters.status) query = query.where('o.status', '=', filters.status);
  if (filters.channel) query = query.where('o.channel', '=', filters.channel);
  const older = olderThan(page, 'o.created_at', 'o.id');
  if (older) query = query.where(older);
  const rows = await query.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.cursor_at, r.id]);
}

/** A message with what was sent (once sent) and, for a letter, the id of its PDF document. */
export async function getOutboxMessage(db: Db, organisationId: string, id: string): Promise<OutboxRow & { document_id: string | null }> {
  if (!isUuid(id)) throw new OutboxMessageNotFoundError('message', id);
  const row = await outboxQuery(db, organisationId).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw new OutboxMessageNotFoundError('message', id);
  // The letter transport stores the PDF under the key it reports as the provider message id.
  const document = row.channel === 'letter' && row.provider_message_id
    ? await db.selectFrom('documents').select('id').where('organisation_id', '=', organisationId).where('key', '=', row.provider_message_id).executeTakeFirst()
    : undefined;
  return { ...row, document_id: document?.id ?? null };
}
