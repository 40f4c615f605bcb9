import { sql } from 'kysely';
import { bulkInsert } from '../../db/bulk-insert.ts';
import type { Tx } from '../../db/database.ts';

/**
 * A temporary table for one import, filled in batches with one unnest() insert per batch
 * (bulk-insert.ts), which is fast on both PostgreSQL and PGlite. It disappears at commit or
 * rollback.
 */
export interface StagingColumn {
  name: string;
  type: 'int' | 'text' | 'date' | 'bigint';
}

export async function createStaging(trx: Tx, table: string, columns: readonly StagingColumn[]): Promise<void> {
  const definition = columns.map((c) => `${c.name} ${c.type}`).join(', ');
  await sql.raw(`create temporary table ${table} (${definition}) on commit drop`).execute(trx);
}

export async function insertStaging(trx: Tx, table: string, columns: readonly StagingColumn[], rows: readonly Record<string, unknown>[]): Promise<void> {
  await bulkInsert(trx, table, columns, rows);
}
