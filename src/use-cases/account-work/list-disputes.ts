import type { Db } from '../../db/database.ts';
import { disputeViewsInOrder } from '../../stores/disputes.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';
import type { DisputeRow, DisputeView } from './dispute-view.ts';
import { instantIdCursor, isoInstant } from './support.ts';
import type { OrgContext } from '../org-context.ts';

/** Disputes in the order they were opened, optionally by status. */
export async function listDisputes(db: Db, ctx: OrgContext, filters: { status?: DisputeRow['status'] }, page: PageRequest): Promise<Page<DisputeView>> {
  const organisationId = ctx.org.id;
  const after = instantIdCursor(page.after);
  if (after === 'invalid') return { items: [], next: null };
  const rows = await disputeViewsInOrder(db, organisationId, { ...filters, ...(after ? { after } : {}) }, page.limit + 1);
  return toPage(rows, page.limit, (d) => [isoInstant(d.opened_at), d.id]);
}
