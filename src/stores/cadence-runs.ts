import type { Db, Tx } from '../db/database.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { StepExecutionTable } from '../db/schema.ts';
import type { IsoDate } from '../domain/dates.ts';
import { olderThanKey, timestampKey } from './keyset.ts';
import { sql } from 'kysely';

/** Cadence runs, the step executions they record, and the cadence policies (versioned) they follow. */

// ── Runs ──

export async function insertRun(db: Db, organisationId: string, asOf: IsoDate, trigger: string): Promise<{ id: string }> {
  return db
    .insertInto('cadence_runs')
    .values({ organisation_id: organisationId, as_of: asOf, trigger, summary: null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function finishRun(db: Db, organisationId: string, runId: string, finishedAt: Date, summary: unknown): Promise<void> {
  await db
    .updateTable('cadence_runs')
    .set({ finished_at: finishedAt, summary: JSON.stringify(summary), status: 'finished' })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', runId)
    .execute();
}

/** The run stopped on an error: what it decided before stays (each batch committed), the error is kept. */
export async function failRun(db: Db, organisationId: string, runId: string, finishedAt: Date, error: string): Promise<void> {
  await db
    .updateTable('cadence_runs')
    .set({ finished_at: finishedAt, status: 'failed', error: error.slice(0, 2000) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', runId)
    .where('finished_at', 'is', null)
    .execute();
}

/** Runs still "running" that started before `staleBefore` died with their process: closed as abandoned. */
export async function abandonStaleRuns(db: Db, organisationId: string, staleBefore: Date, now: Date): Promise<number> {
  const result = await db
    .updateTable('cadence_runs')
    .set({ finished_at: now, status: 'abandoned' })
    .where('organisation_id', '=', organisationId)
    .where('finished_at', 'is', null)
    .where('started_at', '<', staleBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Runs newest first (by start, then id), `limit` of them after the keyset `after`. */
export function runRows(db: Db, organisationId: string, after: readonly [string, string] | undefined, limit: number) {
  let query = db
    .selectFrom('cadence_runs')
    .select(['id', 'as_of', 'trigger', 'started_at', 'finished_at', 'status', 'error', 'summary', timestampKey('started_at').as('cursor_at')])
    .where('organisation_id', '=', organisationId);
  if (after) query = query.where(olderThanKey('started_at', 'id', after));
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

// ── Step executions ──

export type NewStepExecution = Pick<StepExecutionTable, 'receivable_id' | 'policy_name' | 'step_id' | 'customer_id' | 'executed_on' | 'outcome'>;

/** Records executed (or skipped) steps; one already on file for the receivable is left as it is. */
export async function insertStepExecutions(trx: Tx, organisationId: string, rows: readonly NewStepExecution[]): Promise<void> {
  await bulkInsert(trx, 'step_executions', executionColumns, rows, { constants: { organisation_id: organisationId }, onConflictDoNothing: true });
}

const executionColumns = [
  { name: 'receivable_id', type: 'uuid' },
  { name: 'policy_name', type: 'text' },
  { name: 'step_id', type: 'text' },
  { name: 'customer_id', type: 'uuid' },
  { name: 'executed_on', type: 'date' },
  { name: 'outcome', type: 'text' },
];

/** Withdraws the executions of one step on one date for these receivables, so the step can come due again. */
export async function deleteStepExecutions(
  trx: Tx,
  organisationId: string,
  step: { customerId: string; policyName: string; stepId: string; executedOn: IsoDate },
  receivableIds: readonly string[],
): Promise<void> {
  if (receivableIds.length === 0) return;
  await trx
    .deleteFrom('step_executions')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', step.customerId)
    .where('policy_name', '=', step.policyName)
    .where('step_id', '=', step.stepId)
    .where('executed_on', '=', step.executedOn)
    .where('receivable_id', 'in', [...receivableIds])
    .execute();
}

// ── Policies ──

const policyColumns = ['name', 'version', 'segments', 'is_default', 'definition', 'created_at'] as const;

/** Every stored version of every policy, by name, newest version first. */
export function allPolicyVersions(db: Db, organisationId: string) {
  return db
    .selectFrom('cadence_policies')
    .select(policyColumns)
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
}

/** The latest version of each policy, by name. */
export function latestPolicyVersions(db: Db, organisationId: string) {
  return db
    .selectFrom('cadence_policies')
    .select(policyColumns)
    .distinctOn('name')
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
}

/** The versions of one policy, newest first (`limit` of them when given). */
export function policyVersions(db: Db, organisationId: string, name: string, limit?: number) {
  return db
    .selectFrom('cadence_policies')
    .select(policyColumns)
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .orderBy('version', 'desc')
    .$if(limit !== undefined, (qb) => qb.limit(limit!))
    .execute();
}

export function policyVersion(db: Db, organisationId: string, name: string, version: number) {
  return db
    .selectFrom('cadence_policies')
    .select(policyColumns)
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function hasStoredPolicy(db: Db, organisationId: string, name: string): Promise<boolean> {
  const row = await db.selectFrom('cadence_policies').select('id').where('organisation_id', '=', organisationId).where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

export async function latestPolicyVersionNumber(trx: Tx, organisationId: string, name: string): Promise<number> {
  const latest = await trx
    .selectFrom('cadence_policies')
    .select(({ fn }) => fn.max('version').as('version'))
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirst();
  return latest?.version ?? 0;
}

/** Stores a policy version; marking it default takes the mark from every other policy. */
export async function insertPolicyVersion(
  trx: Tx,
  organisationId: string,
  row: { name: string; version: number; segments: string[]; isDefault: boolean; definition: unknown },
): Promise<void> {
  if (row.isDefault) {
    await trx.updateTable('cadence_policies').set({ is_default: false }).where('organisation_id', '=', organisationId).where('name', '<>', row.name).execute();
  }
  await trx
    .insertInto('cadence_policies')
    .values({
      organisation_id: organisationId,
      name: row.name,
      version: row.version,
      segments: row.segments,
      is_default: row.isDefault,
      definition: JSON.stringify(row.definition),
    })
    .execute();
}

/** The (template key, channel) pairs the organisation has edited texts for. */
export function editedTemplateChannels(db: Db, organisationId: string): Promise<{ key: string; channel: string }[]> {
  return db.selectFrom('template_overrides').select(['key', 'channel']).distinct().where('organisation_id', '=', organisationId).execute();
}

/**
 * Claims the scheduler's run of one business date: the partial unique index on scheduled runs
 * lets exactly one process insert it; a claim that started before `staleBefore` without
 * finishing died with its process and is taken over. Undefined: another process has it.
 */
export async function claimScheduledRun(db: Db, organisationId: string, asOf: string, now: Date, staleBefore: Date): Promise<{ id: string } | undefined> {
  return db
    .insertInto('cadence_runs')
    .values({ organisation_id: organisationId, as_of: asOf, trigger: 'scheduler', summary: null })
    .onConflict((oc) =>
      oc
        .expression(sql`organisation_id, as_of`)
        .where('trigger', '=', 'scheduler')
        .doUpdateSet({ started_at: now, status: 'running' })
        .where('cadence_runs.finished_at', 'is', null)
        .where('cadence_runs.started_at', '<', staleBefore),
    )
    .returning('id')
    .executeTakeFirst();
}
