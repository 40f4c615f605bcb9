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
  const pglitePackage = JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    node: process.version,
    pgliteVersion: pglitePackage.version,
  };
}

/** "PostgreSQL 15.20" from select version(). */
export async function serverVersion(db: Db): Promise<string> {
  const row = await sql<{ version: string }>`select version()`.execute(db);
  return /^PostgreSQL [\d.]+/.exec(row.rows[0]?.version ?? '')?.[0] ?? 'unknown';
}

/**
 * How contended the CPUs are right now: the load average and, where the kernel reports it,
 * the share of the last minute in which some runnable task waited for a CPU (PSI). Figures
 * taken while other work runs on a small machine are slower than on an idle one.
 */
export function cpuContention(): string {
  const load = `load ${loadavg()[0]!.toFixed(1)}`;
  const reference = `reference loop ${referenceLoopMs()} ms`;
  try {
    const some = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1];
    return some === undefined ? `${load}, ${reference}` : `${load}, CPU pressure ${Math.round(Number(some))} %, ${reference}`;
  } catch {
    return `${load}, ${reference}`;
  }
}

/**
 * Milliseconds for a fixed, single-threaded integer workload (best of three): the same on
 * every run of one machine when it is idle, so a larger figure shows how much of a core the
 * benchmark actually got.
 */
function referenceLoopMs(): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = process.hrtime.bigint();
    let x = 1;
    for (let i = 0; i < 100_000_000; i++) x = (Math.imul(x, 1_664_525) + 1_013_904_223) | 0;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (x === 0.5) throw new Error('unreachable: keeps the loop from being optimised away');
    best = Math.min(best, ms);
  }
  return Math.round(best);
}
