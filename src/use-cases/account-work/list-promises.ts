import type { Db } from '../../db/database.ts';
import { toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import { promiseViews, type PromiseRow, type PromiseView } from './promise-view.ts';
import { customerByRef, instantIdCursor, isoInstant } from './support.ts';

/** A customer's promises, newest first. */
export async function listPromises(db: Db, organisationId: string, customerRef: RecordRef, filters: { status?: PromiseRow['status'] }, page: PageRequest): Promise<Page<PromiseView>> {
  const customer = await customerByRef(db, organisationId, customerRef);
  let query = db.selectFrom('promises').selectAll().where('organisation_id', '=', organisationId).where('customer_id', '=', customer.id);
  if (filters.status) query = query.where('status', '=', filters.status);
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.at, after.id)));
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  const views = await promiseViews(db, organisationId, rows);
  return toPage(views, page.limit, (p) => [isoInstant(p.created_at), p.id]);
}
