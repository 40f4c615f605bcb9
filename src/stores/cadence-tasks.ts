import { sql, type Selectable } from 'kysely';
import { anyOf } from '../db/any-of.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';
import type { TaskTable } from '../db/schema.ts';

/**
 * The tasks the cadence writes (calls, reviews, escalation markers) and the call tasks its
 * contact caps count. (To fold into stores/tasks.ts, the tasks aggregate's store, at merge.)
 */

export type NewCadenceTask = Pick<TaskTable, 'customer_id' | 'kind' | 'dedupe_key' | 'step_id' | 'currency' | 'amount_minor' | 'due_on' | 'instructions'> & {
  receivable_ids: string[];
  not_before: string | null;
};

/** The tasks a run decided; a dedupe key already on file adds nothing. */
export async function insertCadenceTasks(trx: Tx, organisationId: string, rows: readonly NewCadenceTask[]): Promise<void> {
  await bulkInsert(trx, 'tasks', taskColumns, rows, { constants: { organisation_id: organisationId }, onConflictDoNothing: true });
}

const taskColumns = [
  { name: 'customer_id', type: 'uuid' },
  { name: 'kind', type: 'text' },
  { name: 'dedupe_key', type: 'text' },
  { name: 'step_id', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'receivable_ids', type: 'uuid[]' },
  { name: 'amount_minor', type: 'bigint' },
  { name: 'due_on', type: 'date' },
  { name: 'not_before', type: 'timestamptz' },
  { name: 'instructions', type: 'text' },
];

/** Call tasks of these customers not cancelled, at their close, planned or creation time, from `since` on. */
export function recentCallTasks(trx: Tx, organisationId: string, customerIds: readonly string[], since: Date) {
  return trx
    .selectFrom('tasks')
    .select(['customer_id', sql<Date>`coalesce(closed_at, not_before, created_at)`.as('at')])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', anyOf(customerIds))
    .where('kind', '=', 'call')
    .where('status', '!=', 'cancelled')
    .where(sql<boolean>`coalesce(closed_at, not_before, created_at) >= ${since}`)
    .execute();
}

export type TaskRow = Selectable<TaskTable> & { customer_external_id: string };

/** Tasks by due date, then dedupe key, `limit` of them after that key. */
export function taskRows(
  db: Db,
  organisationId: string,
  filters: { kind?: string | undefined; status?: Selectable<TaskTable>['status'] | undefined },
  after: readonly string[] | null,
  limit: number,
): Promise<TaskRow[]> {
  let query = db
    .selectFrom('tasks as t')
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .selectAll('t')
    .select('c.external_id as customer_external_id')
    .where('t.organisation_id', '=', organisationId);
  if (filters.kind) query = query.where('t.kind', '=', filters.kind);
  if (filters.status) query = query.where('t.status', '=', filters.status);
  if (after) query = query.where((eb) => eb(eb.refTuple('t.due_on', 't.dedupe_key'), '>', eb.tuple(after[0]!, after[1]!)));
  return query.orderBy('t.due_on').orderBy('t.dedupe_key').limit(limit).execute();
}
