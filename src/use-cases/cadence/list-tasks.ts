import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaskTable } from '../../db/schema.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';

export type TaskRow = Selectable<TaskTable> & { customer_external_id: string };

/** Tasks by due date (the worklist ranks them; this is the plain list). */
export async function listTasks(db: Db, organisationId: string, filters: { kind?: string; status?: Selectable<TaskTable>['status'] }, page: PageRequest): Promise<Page<TaskRow>> {
  let query = db
    .selectFrom('tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .selectAll('t')
    .select('c.external_id as customer_external_id')
    .where('t.organisation_id', '=', organisationId);
  if (filters.kind) query = query.where('t.kind', '=', filters.kind);
  if (filters.status) query = query.where('t.status', '=', filters.status);
  const after = page.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('t.due_on', 't.dedupe_key'), '>', eb.tuple(after[0]!, after[1]!)));
  const rows = await query.orderBy('t.due_on').orderBy('t.dedupe_key').limit(page.limit + 1).execute();
  return toPage(rows, page.limit, (r) => [r.due_on, r.dedupe_key]);
}
