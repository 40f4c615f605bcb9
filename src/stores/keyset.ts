import { sql, type RawBuilder } from 'kysely';

/**
 * Newest-first keyset pages over (timestamp, id). The timestamp travels in the cursor as text
 * with microseconds: a JS Date keeps only milliseconds, and rows written in the same
 * millisecond would otherwise be skipped between pages.
 */
export function timestampKey(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The condition "older than the last row seen" (a cursor already validated: timestampKey text and a uuid). */
export function olderThanKey(timestampColumn: string, idColumn: string, after: readonly [string, string]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(timestampColumn)}, ${sql.ref(idColumn)}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`;
}
