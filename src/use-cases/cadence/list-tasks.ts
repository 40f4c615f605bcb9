import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaskTable } from '../../db/schema.ts';
import { taskRows, type TaskListRow as TaskRow } from '../../stores/tasks.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';

export type { TaskListRow as TaskRow } from '../../stores/tasks.ts';

/** Tasks by due date (the worklist ranks them; this is the plain list). */
export async function listTasks(
  db: Db,
  organisationId: string,
  filters: { kind?: string; status?: Selectable<TaskTable>['status'] },
  page: PageRequest,
): Promise<Page<TaskRow>> {
  const rows = await taskRows(db, organisationId, filters, page.after, page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.due_on, r.dedupe_key]);
}
