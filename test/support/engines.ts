import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openPgliteMemory, openPostgres, type Database, type Engine } from '../../src/db/database.ts';

/**
 * Integration tests run once per engine: the embedded PGlite and a real PostgreSQL server.
 * scripts/test.js migrates a template once; every test file gets its own copy of it
 * (a restored PGlite dump, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export const testEngines: Engine[] = (process.env.REGUA_TEST_ENGINES ?? 'pglite')
  .split(',')
  .filter((e): e is Engine => e === 'pglite' || e === 'postgres');

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
