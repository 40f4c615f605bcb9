import type { Db } from '../../db/database.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';
import { disputeQuery, type DisputeRow, type DisputeView } from './dispute-view.ts';
import { instantIdCursor, isoInstant } from './support.ts';

/** Disputes in the order they were opened, optionally by status. */
export async function listDisputes(db: Db, organisationId: string, filters: { status?: DisputeRow['status'] }, page: PageRequest): Promise<Page<DisputeView>> {
  let query = disputeQuery(db, organisationId);
  if (filters.status) query = query.where('d.status', '=', filters.status);
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  if (after) query = query.where((eb) => eb(eb.refTuple('d.opened_at', 'd.id'), '>', eb.tuple(after.at, after.id)));
  const rows = await query.orderBy('d.opened_at').orderBy('d.id').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (d) => [isoInstant(d.opened_at), d.id]);
}
