import { sql, type RawBuilder } from 'kysely';
import { isUuid, type PageRequest } from '../record-ref.ts';
import { UserError } from '../errors.ts';

/**
 * Newest-first keyset pages over (timestamp, id). The timestamp travels in the cursor as text
 * with microseconds: a JS Date keeps only milliseconds, and rows written in the same
 * millisecond would otherwise be skipped between pages.
 */
export function timestampKey(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The condition "older than the last row seen", or undefined on the first page. */
export function olderThan(page: PageRequest, timestampColumn: string, idColumn: string): RawBuilder<boolean> | undefined {
  if (!page.after) return undefined;
  const [at, id] = page.after;
  if (!at || !id || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) || !isUuid(id)) {
    throw new UserError('cursor is not one this list returned', 'invalid_cursor', [{ field: 'query.cursor', reason: 'is not a cursor of this list' }]);
  }
  return sql<boolean>`(${sql.ref(timestampColumn)}, ${sql.ref(idColumn)}) < (${at}::timestamptz, ${id}::uuid)`;
}
