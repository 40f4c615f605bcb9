import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Where the data lives, for messages: a directory or a server URL without password. */
  readonly location: string;
  close(): Promise<void>;
}

// bigint and numeric come back as JS numbers (money is integer minor units well inside
// 2^53), dates as ISO strings: one shape on both engines.
function toSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} is beyond the safe range`);
  return value;
}
const parseDate = (text: string) => text;

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  // Each driver is loaded by the engine that uses it, not when a command starts.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === 20 || oid === 1700) return toSafeNumber;
        if (oid === 1082) return parseDate;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (error) => process.stderr.write(`regua: PostgreSQL connection lost: ${error.message}\n`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', location: redact(url), close: () => db.destroy() };
}

// PostgreSQL type oids: int8, numeric, date.
const pgliteParsers = { 20: toSafeNumber, 1700: toSafeNumber, 1082: parseDate };

/**
 * Opens the embedded engine persisted in dataDir. One process at a time may own the
 * directory: a lock file names the owner so a second process fails with a clear message.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    const pglite = await (await import('@electric-sql/pglite')).PGlite.create(join(dataDir, 'pgdata'), { parsers: pgliteParsers });
    const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      location: dataDir,
      close: async () => {
        await db.destroy();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** An in-memory embedded database, optionally restored from a dump (tests and benchmarks). */
export async function openPgliteMemory(dump?: Blob): Promise<Database & { pglite: PGlite }> {
  const pglite = await (await import('@electric-sql/pglite')).PGlite.create({ parsers: pgliteParsers, ...(dump ? { loadDataDir: dump } : {}) });
  const db = new Kysely<DB>({ dialect: pgliteDialect(pglite) });
  return { db, pglite, engine: 'pglite', location: 'memory', close: () => db.destroy() };
}

/** Whether dataDir holds an embedded database. */
export function hasPgliteDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
}

/**
 * The embedded database in dataDir as one gzipped tarball (PGlite's dumpDataDir), taken under
 * the directory's lock: a running `regua serve` must be stopped first.
 */
export async function dumpPgliteDataDir(dataDir: string): Promise<Blob> {
  const releaseLock = lockDataDir(dataDir);
  try {
    const pglite = await (await import('@electric-sql/pglite')).PGlite.create(join(dataDir, 'pgdata'));
    try {
      return await pglite.dumpDataDir('gzip');
    } finally {
      await pglite.close();
    }
  } finally {
    releaseLock();
  }
}

/**
 * Creates the embedded database in dataDir from a dump of dumpPgliteDataDir. A database already
 * there is kept aside in pgdata.before-restore-<time>, never deleted.
 */
export async function loadPgliteDataDir(dataDir: string, dump: Blob, at: Date): Promise<{ keptAside: string | undefined }> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    const target = join(dataDir, 'pgdata');
    let keptAside: string | undefined;
    if (existsSync(target)) {
      keptAside = `${target}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, keptAside);
    }
    const pglite = await (await import('@electric-sql/pglite')).PGlite.create(target, { loadDataDir: dump });
    await pglite.close();
    return { keptAside };
  } finally {
    releaseLock();
  }
}

class DataDirInUseError extends Error {}

function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'regua.pid');
  try {
    writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(lockFile, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new DataDirInUseError(
        `the embedded database in ${dataDir} is in use by process ${owner} (regua serve?); ` +
          'stop it first, or set DATABASE_URL to share a PostgreSQL server between processes',
      );
    }
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
