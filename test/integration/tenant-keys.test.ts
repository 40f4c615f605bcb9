import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { describeEachEngine } from '../support/engines.ts';

/**
 * The Citus path (README, "Running in production"): tenant tables are distributed by
 * organisation_id, which PostgreSQL/Citus can only do when every primary key and unique key
 * includes it and every foreign key joins on it. These are the exceptions, each with its reason;
 * a new table or key outside the rule fails here until it is fixed or listed with a reason.
 */
const globalTables: Record<string, string> = {
  organisations: 'the tenants themselves: their id is the distribution key (a Citus reference table)',
  users: 'a person signs in once and may belong to several organisations (reference table)',
  login_attempts: 'throttling of sign-in by address and e-mail, before any organisation is known',
  schema_migrations: 'the schema version of the whole database',
};
const exceptions: Record<string, string> = {
  'account_emails.account_emails_pkey': 'account e-mails (invitations, resets) are delivered per user across organisations',
  'account_emails.account_emails_user_id_fkey': 'refers to users, a reference table',
  'memberships.memberships_user_id_fkey': 'refers to users, a reference table',
  'one_time_tokens.one_time_tokens_pkey': 'looked up by token before the organisation is known',
  'one_time_tokens.one_time_tokens_token_hash_key': 'a token is found by its hash alone, before the organisation is known',
  'one_time_tokens.one_time_tokens_user_id_fkey': 'refers to users, a reference table',
  'sessions.sessions_pkey': 'a session cookie is found before the organisation is known',
  'sessions.sessions_token_hash_key': 'a session cookie is found by its hash alone, before the organisation is known',
  'sessions.sessions_user_id_fkey': 'refers to users, a reference table',
};

interface Key {
  table: string;
  name: string;
  kind: string;
  columns: string;
  has_org: boolean;
  table_has_org: boolean;
}

describeEachEngine('organisation_id in every key (the Citus path)', (database) => {
  let db: Db;
  let keys: Key[];
  before(async () => {
    db = database().db;
    // Primary keys, unique constraints, foreign keys and unique indexes of the public schema.
    const { rows } = await sql<Key>`
      with keyed as (
        select c.conrelid as rel, c.conname::text as name, c.contype::text as kind, c.conkey as cols from pg_constraint c
        where c.connamespace = 'public'::regnamespace and c.contype in ('p', 'u', 'f')
        union all
        select i.indrelid, ci.relname::text, 'unique index', i.indkey::int2[] from pg_index i join pg_class ci on ci.oid = i.indexrelid
        where i.indisunique and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
          and ci.relnamespace = 'public'::regnamespace
      )
      select k.rel::regclass::text as table, k.name, k.kind,
        (select string_agg(a.attname, ',') from pg_attribute a where a.attrelid = k.rel and a.attnum = any(k.cols)) as columns,
        coalesce((select bool_or(a.attname = 'organisation_id') from pg_attribute a where a.attrelid = k.rel and a.attnum = any(k.cols)), false) as has_org,
        exists (select 1 from pg_attribute a where a.attrelid = k.rel and a.attname = 'organisation_id' and not a.attisdropped) as table_has_org
      from keyed k order by 1, 2`.execute(db);
    keys = rows;
  });

  it('every table but the listed global ones has organisation_id, and every key includes it or is a listed exception', () => {
    assert.ok(keys.length > 100, `only ${keys.length} keys found`);
    const tables = new Set(keys.map((k) => k.table));
    for (const table of Object.keys(globalTables)) assert.ok(tables.has(table), `global table ${table} is gone: take it off the list`);
    const tenantKeys = keys.filter((k) => !(k.table in globalTables));
    assert.deepEqual(
      tenantKeys.filter((k) => !k.table_has_org).map((k) => k.table),
      [],
      'tables without organisation_id (add it, or list the table as global with a reason)',
    );
    const offending = tenantKeys
      .filter((k) => !k.has_org && !(`${k.table}.${k.name}` in exceptions))
      .map((k) => `${k.table}.${k.name} (${k.kind}: ${k.columns})`);
    assert.deepEqual(offending, [], 'keys without organisation_id');
    const stale = Object.keys(exceptions).filter((name) => !tenantKeys.some((k) => `${k.table}.${k.name}` === name && !k.has_org));
    assert.deepEqual(stale, [], 'listed exceptions that no longer exist or now include organisation_id');
  });
});
