import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { bulkInsert } from '../../src/db/bulk-insert.ts';
import { describeEachEngine } from '../support/engines.ts';

const columns = [
  { name: 'id', type: 'int' },
  { name: 'label', type: 'text' },
  { name: 'tags', type: 'text[]' },
  { name: 'refs', type: 'uuid[]' },
  { name: 'doc', type: 'jsonb' },
  { name: 'at', type: 'timestamptz' },
  { name: 'on_day', type: 'date' },
  { name: 'amount', type: 'bigint' },
];

// Awkward text on purpose: quotes, backslashes, commas, braces, NULL spelled out, non-ASCII.
const row = (id: number) => ({
  id,
  label: id % 7 === 0 ? null : `say "oi", {braces} \\ back\\slash NULL ção ${id}`,
  tags: id % 5 === 0 ? null : ['a,b', '"q"', '{x}', 'NULL', `t${id}`],
  refs: [`00000000-0000-7000-8000-${String(id).padStart(12, '0')}`],
  doc: JSON.stringify({ n: id, text: 'aspas "duplas" e \\ barra' }),
  at: new Date(Date.UTC(2026, 10, 22, 12, 0, id)).toISOString(),
  on_day: '2026-11-22',
  amount: 9_007_199_254_740_991 - id,
});

describeEachEngine('bulk insert (one array per column, or a VALUES list for a few rows)', (database) => {
  for (const count of [3, 60]) {
    it(`stores ${count} rows exactly as given, and skips conflicting ones when asked`, async () => {
      const db = database().db;
      await db.transaction().execute(async (trx) => {
        await sql`create temporary table bulk_probe (org text, id int primary key, label text, tags text[], refs uuid[], doc jsonb, at timestamptz, on_day date, amount bigint) on commit drop`.execute(
          trx,
        );
        const rows = Array.from({ length: count }, (_, i) => row(i + 1));
        await bulkInsert(trx, 'bulk_probe', columns, rows, { constants: { org: 'acme' } });
        await bulkInsert(trx, 'bulk_probe', columns, rows.slice(0, 2), { constants: { org: 'other' }, onConflictDoNothing: true });
        const stored = await sql<Record<string, unknown>>`
          select org, id, label, tags, refs, doc::text as doc, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, on_day, amount
          from bulk_probe order by id`.execute(trx);
        assert.equal(stored.rows.length, count);
        for (const [i, r] of stored.rows.entries()) {
          const expected = row(i + 1);
          assert.deepEqual({ ...r, doc: JSON.parse(r.doc as string) }, { ...expected, org: 'acme', doc: JSON.parse(expected.doc) });
        }
      });
    });
  }
});
