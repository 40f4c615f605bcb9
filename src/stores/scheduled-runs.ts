import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

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
        .doUpdateSet({ started_at: now })
        .where('cadence_runs.finished_at', 'is', null)
        .where('cadence_runs.started_at', '<', staleBefore),
    )
    .returning('id')
    .executeTakeFirst();
}
