import type { Db } from '../../db/database.ts';
import type { RunStatus } from '../../db/schema.ts';
import { runRows } from '../../stores/cadence-runs.ts';
import { toPage, type Page, type PageRequest } from '../record-ref.ts';
import type { RunSummary } from './run-cadence.ts';
import { keysetAfter } from './list-keyset.ts';

export interface RunRow {
  id: string;
  as_of: string;
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  status: RunStatus;
  error: string | null;
  /** Null while running, or when the run died before finishing. */
  summary: RunSummary | null;
  cursor_at: string;
}

/** The cadence runs, newest first. */
export async function listRuns(db: Db, organisationId: string, page: PageRequest): Promise<Page<RunRow>> {
  const rows = await runRows(db, organisationId, keysetAfter(page), page.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, summary: r.summary as RunSummary | null })),
    page.limit,
    (r) => [r.cursor_at, r.id],
  );
}
