import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from './database.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);

/** The migrations of this release the database has not applied yet (empty: the schema is current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const files = readdirSync(migrationsDir).filter((name) => name.endsWith('.sql'));
  const applied = await sql<{ name: string }>`select name from schema_migrations`.execute(db).then(
    (result) => new Set(result.rows.map((r) => r.name)),
    () => new Set<string>(),
  );
  return files.filter((name) => !applied.has(name)).sort();
}

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the forward-only SQL migrations in src/db/migrations in name order, each in its
 * own transaction. An advisory lock lets several processes start at once safely.
 */
export async function migrate(db: Db): Promise<MigrationResult> {
  const files = readdirSync(migrationsDir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  await sql`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`.execute(db);
  const applied: string[] = [];
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(7401)`.execute(connection);
    try {
      const done = new Set((await connection.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
      for (const name of files) {
        if (done.has(name)) continue;
        const script = readFileSync(new URL(name, migrationsDir), 'utf8');
        await connection.transaction().execute(async (trx) => {
          await sql.raw(script).execute(trx);
          await trx.insertInto('schema_migrations').values({ name }).execute();
        });
        applied.push(name);
      }
    } finally {
      await sql`select pg_advisory_unlock(7401)`.execute(connection);
    }
  });
  return { applied };
}
