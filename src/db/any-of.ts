import { sql, type RawBuilder } from 'kysely';

/**
 * `column = any($1::uuid[])` for `.where(column, '=', anyOf(ids))`: one array parameter
 * instead of the thousand placeholders of `in (…)`, which PostgreSQL (and PGlite, on the
 * JavaScript thread) would parse and plan again for every batch of a run.
 */
export function anyOf(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${ids}::uuid[])`;
}
