import { sql, type RawBuilder } from 'kysely';
import type { Tx } from './database.ts';

/** A column of a bulk insert with its PostgreSQL type; an array type (`uuid[]`) takes JS arrays. */
export interface BulkColumn {
  name: string;
  type: string;
}

const CHUNK = 5000;
const FEW = 20;

/**
 * Inserts many rows with one array parameter per column (`insert … select from unnest(…)`)
 * rather than a VALUES list with a placeholder per cell: a thousand rows of twenty columns
 * are twenty parameters to send, parse and bind instead of twenty thousand. `constants` are
 * the same for every row (the organisation). Rows conflicting with a unique key are skipped
 * when `onConflictDoNothing` is set.
 */
export async function bulkInsert(
  trx: Tx,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly Record<string, unknown>[],
  options: { constants?: Record<string, unknown>; onConflictDoNothing?: boolean } = {},
): Promise<void> {
  const constants = Object.entries(options.constants ?? {});
  const names = [...constants.map(([name]) => name), ...columns.map((c) => c.name)];
  const conflict = options.onConflictDoNothing ? sql`on conflict do nothing` : sql``;
  if (rows.length < FEW) {
    // A message's own contact-record entry or webhook row: a plain VALUES list plans faster.
    if (rows.length === 0) return;
    const values = rows.map(
      (r) =>
        sql`(${sql.join([...constants.map(([, value]) => sql`${value}`), ...columns.map((c) => sql`${(r[c.name] ?? null) as unknown}::${sql.raw(c.type)}`)])})`,
    );
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))}) values ${sql.join(values)} ${conflict}`.execute(trx);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // unnest() flattens arrays of arrays, so an array column travels as text and is cast per row.
    const arrays: RawBuilder<unknown>[] = columns.map((c) =>
      c.type.endsWith('[]')
        ? sql`${chunk.map((r) => arrayLiteral(r[c.name] as readonly unknown[] | null | undefined))}::text[]`
        : sql`${chunk.map((r) => r[c.name] ?? null)}::${sql.raw(c.type)}[]`,
    );
    const selected = [
      ...constants.map(([, value]) => sql`${value}`),
      ...columns.map((c, k) => (c.type.endsWith('[]') ? sql`${sql.ref(`u.c${k}`)}::${sql.raw(c.type)}` : sql.ref(`u.c${k}`))),
    ];
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as u(${sql.join(columns.map((_, k) => sql.ref(`c${k}`)))})
      ${conflict}`.execute(trx);
  }
}

/** A PostgreSQL array literal, every element quoted: {"a","b"}. */
function arrayLiteral(values: readonly unknown[] | null | undefined): string | null {
  if (values === null || values === undefined) return null;
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}
