import type { Db } from '../../db/database.ts';
import { customerPromises } from '../../stores/promises.ts';
import { toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import type { OrgContext } from '../org-context.ts';
import { promiseViews, type PromiseRow, type PromiseView } from './promise-view.ts';
import { customerByRef, instantIdCursor, isoInstant } from './support.ts';

/** A customer's promises, newest first. */
export async function listPromises(
  db: Db,
  ctx: OrgContext,
  customerRef: RecordRef,
  filters: { status?: PromiseRow['status'] },
  page: PageRequest,
): Promise<Page<PromiseView>> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(db, organisationId, customerRef);
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  const rows = await customerPromises(db, organisationId, customer.id, { ...filters, ...(after ? { before: after } : {}) }, page.limit + 1);
  const views = await promiseViews(db, organisationId, rows);
  return toPage(views, page.limit, (p) => [isoInstant(p.created_at), p.id]);
}
