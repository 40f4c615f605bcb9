import { rmSync } from 'node:fs';
import pg from 'pg';
import { openPglite, openPostgres, type Database, type Engine } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { benchDataPath } from './data-dir.ts';

/** The server benchmarks create their own databases on (never the test suite's ones). */
export const postgresServerUrl = process.env.REGUA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where one benchmark database lives: enough for a child process to open it again. */
export interface BenchTarget {
  engine: Engine;
  /** A PostgreSQL URL, or a PGlite data directory. */
  location: string;
  organisationId: string;
}

export function openTarget(engine: Engine, location: string, options: { connections?: number } = {}): Promise<Database> {
  return engine === 'postgres' ? openPostgres(location, { max: options.connections ?? 2 }) : openPglite(location);
}

/**
 * A fresh, migrated database with one organisation: PostgreSQL `regua_bench_<label>`
 * (dropped first if it exists), or the PGlite directory bench/data/pglite-<label> (emptied).
 */
export async function createFreshTarget(engine: Engine, label: string): Promise<BenchTarget> {
  if (!/^[a-z0-9_]+$/.test(label)) throw new RangeError(`bad benchmark label "${label}"`);
  let location: string;
  if (engine === 'postgres') {
    const name = `regua_bench_${label}`;
    await adminStatement(`drop database if exists ${name} with (force)`);
    await adminStatement(`create database ${name}`);
    const url = new URL(postgresServerUrl);
    url.pathname = `/${name}`;
    location = url.toString();
  } else {
    location = benchDataPath(`pglite-${label}`);
    rmSync(location, { recursive: true, force: true });
  }
  const database = await openTarget(engine, location);
  try {
    await migrate(database.db);
    const organisation = await createOrganisation(database.db, { slug: 'bench', name: 'Benchmark Ltda', defaultCurrency: 'BRL', country: 'BR' });
    return { engine, location, organisationId: organisation.id };
  } finally {
    await database.close();
  }
}

async function adminStatement(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServerUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
