import type { Db } from '../../db/database.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';
import type { RunSummary } from './run-cadence.ts';
import { olderThan, timestampKey } from './list-keyset.ts';

export interface RunRow {
  id: string;
  as_of: string;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  /** Null while running, or when the run died before finishing. */
  summary: RunSummary | null;
  cursor_at: string;
}

/** The cadence runs, newest first. */
export async function listRuns(db: Db, organisationId: string, page: PageRequest): Promise<Page<RunRow>> {
  let query = db
    .selectFrom('cadence_runs')
    .select(['id', 'as_of', 'trigger', 'started_at', 'finished_at', 'summary', timestampKey('started_at').as('cursor_at')])
    .where('organisation_id', '=', organisationId);
  const older = olderThan(page, 'started_at', 'id');
  if (older) query = query.where(older);
  const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
  return toPage(rows.map((r) => ({ ...r, summary: r.summary as RunSummary | null })), page.limit, (r) => [r.cursor_at, r.id]);
}
