import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.ts';

/**
 * A temporary table for one import, filled in batches with one unnest() insert per batch
 * (one parameter per column), which is fast on both PostgreSQL and PGlite. It disappears
 * at commit or rollback.
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
  if (rows.length === 0) return;
  const arrays: RawBuilder<unknown>[] = columns.map((c) => sql`${rows.map((r) => r[c.name] ?? null)}::${sql.raw(c.type)}[]`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
    select * from unnest(${sql.join(arrays)})`.execute(trx);
}
