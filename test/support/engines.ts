import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openPglite, openPgliteMemory, openPostgres, type Database, type Engine } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Integration tests run once per engine: the embedded PGlite and a real PostgreSQL server.
 * scripts/test.js migrates a template once; every test file gets its own copy of it
 * (a restored PGlite dump, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export const testEngines: Engine[] = (process.env.REGUA_TEST_ENGINES ?? 'pglite').split(',').filter((e): e is Engine => e === 'pglite' || e === 'postgres');

export const postgresAdminUrl = process.env.REGUA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// One template per test run, so concurrent runs on the same server never drop each other's.
export const templateDatabase = process.env.REGUA_TEST_TEMPLATE ?? 'regua_template';
export const pgliteTemplateFile = new URL(`../../.test-cache/pglite-template-${templateDatabase}.tar.gz`, import.meta.url);

let databaseCounter = 0;

export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const dump = new Blob([await readFile(pgliteTemplateFile)]);
    return openPgliteMemory(dump);
  }
  const name = `regua_t_${process.pid}_${++databaseCounter}`;
  await adminQuery(`create database ${name} template ${templateDatabase}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { max: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery(statement: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: postgresAdminUrl });
    await client.connect();
    try {
      await client.query(statement);
      return;
    } catch (error) {
      // Two files copying the template at once: PostgreSQL refuses the second; wait and retry.
      if (attempt < 20 && /being accessed by other users/.test(String(error))) {
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    } finally {
      await client.end();
    }
  }
}

/**
 * A fresh migrated database that child processes (the real `regua` binary) open too: a
 * PostgreSQL database of its own, or a PGlite data directory. `env` points the CLI at it;
 * close `database` before a child opens PGlite (one process at a time owns it).
 */
export async function openDatabaseForCli(engine: Engine, label: string): Promise<{ database: Database; env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  if (engine === 'postgres') {
    const name = `regua_${label}_${process.pid}`;
    await adminQuery(`drop database if exists ${name} with (force)`);
    await adminQuery(`create database ${name}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString(), { max: 2 });
    await migrate(database.db);
    return { database, env: { DATABASE_URL: url.toString() }, drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `regua-${label}-`));
  const database = await openPglite(dataDir);
  await migrate(database.db);
  return { database, env: { REGUA_DATA_DIR: dataDir }, drop: async () => {} };
}

/** Declares the same suite once per engine, with a fresh database for it. */
export function describeEachEngine(title: string, body: (database: () => Database, engine: Engine) => void): void {
  for (const engine of testEngines) {
    describe(`${title} [${engine}]`, () => {
      let database: Database | undefined;
      before(async () => {
        database = await openTestDatabase(engine);
      });
      after(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('database not open yet');
        return database;
      }, engine);
    });
  }
}
