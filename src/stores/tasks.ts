import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { TaskTable } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import { anyOf } from '../db/any-of.ts';
import { bulkInsert } from '../db/bulk-insert.ts';

/** Tasks: the human work on the worklist (calls, broken promises, dispute deadlines, escalation markers). */

export type TaskRow = Selectable<TaskTable>;
export type NewTask = Omit<Insertable<TaskTable>, 'organisation_id'>;

/** The task, locked for a change (undefined when there is none). */
export function lockTask(trx: Tx, organisationId: string, taskId: string): Promise<TaskRow | undefined> {
  return trx.selectFrom('tasks').selectAll().where('organisation_id', '=', organisationId).where('id', '=', taskId).forUpdate().executeTakeFirst();
}

export function setTaskAssignee(trx: Tx, organisationId: string, taskId: string, assignee: string | null): Promise<TaskRow> {
  return trx
    .updateTable('tasks')
    .set({ assigned_to: assignee })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', taskId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function closeTask(trx: Tx, organisationId: string, taskId: string, outcome: string, closedAt: Date): Promise<TaskRow> {
  return trx
    .updateTable('tasks')
    .set({ status: 'done', outcome, closed_at: closedAt })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', taskId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts tasks; one whose dedupe key is already on file is left alone. Returns how many were new. */
export async function insertTasks(trx: Tx, organisationId: string, tasks: readonly NewTask[]): Promise<number> {
  if (tasks.length === 0) return 0;
  const inserted = await trx
    .insertInto('tasks')
    .values(tasks.map((t) => ({ ...t, organisation_id: organisationId })))
    .onConflict((oc) => oc.columns(['organisation_id', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Cancels the open task with this dedupe key, if there is one. */
export async function cancelOpenTaskByKey(trx: Tx, organisationId: string, dedupeKey: string, outcome: string, closedAt: Date): Promise<void> {
  await trx
    .updateTable('tasks')
    .set({ status: 'cancelled', outcome, closed_at: closedAt })
    .where('organisation_id', '=', organisationId)
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'open')
    .execute();
}

/** Open tasks due on or before `asOf` (optionally one assignee's), with their customer's external id, name and risk score. */
export function openTasksDueBy(db: Db | Tx, organisationId: string, asOf: IsoDate, assignee?: string) {
  let query = db
    .selectFrom('tasks as t')
    .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 't.organisation_id').onRef('c.id', '=', 't.customer_id'))
    .select([
      't.id',
      't.kind',
      't.customer_id',
      'c.external_id',
      'c.name',
      't.due_on',
      't.not_before',
      't.assigned_to',
      't.instructions',
      't.currency',
      't.receivable_ids',
      't.amount_minor',
      't.created_at',
      'c.risk_probability',
    ])
    .where('t.organisation_id', '=', organisationId)
    .where('t.status', '=', 'open')
    .where('t.due_on', '<=', asOf);
  if (assignee !== undefined) query = query.where('t.assigned_to', '=', assignee);
  return query.execute();
}

/** The open invoices of some customers: what their worklist items are about. */
export function openInvoicesOfCustomers(db: Db | Tx, organisationId: string, customerIds: readonly string[]) {
  return db
    .selectFrom('invoices')
    .select(['id', 'customer_id', 'currency', 'due_date', 'amount_minor', 'paid_minor'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', 'in', [...customerIds])
    .where('status', '=', 'open')
    .execute();
}

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

export type TaskListRow = Selectable<TaskTable> & { customer_external_id: string };

/** Tasks by due date, then dedupe key, `limit` of them after that key. */
export function taskRows(
  db: Db,
  organisationId: string,
  filters: { kind?: string | undefined; status?: Selectable<TaskTable>['status'] | undefined },
  after: readonly string[] | null,
  limit: number,
): Promise<TaskListRow[]> {
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
