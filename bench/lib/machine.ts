import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';

/** What a benchmark figure depends on: printed beside every result. */
export interface MachineFacts {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: string;
  node: string;
  pgliteVersion: string;
}

export function machineFacts(): MachineFacts {
  const pglitePackage = JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
    node: process.version,
    pgliteVersion: pglitePackage.version,
  };
}

/** "PostgreSQL 15.20" from select version(). */
export async function serverVersion(db: Db): Promise<string> {
  const row = await sql<{ version: string }>`select version()`.execute(db);
  return /^PostgreSQL [\d.]+/.exec(row.rows[0]?.version ?? '')?.[0] ?? 'unknown';
}
