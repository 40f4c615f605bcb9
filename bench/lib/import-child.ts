// Child process of bench/import-aging.ts: imports one CSV file through importFile so that
// the parent can read this process's own peak memory. Started with fork(); answers with one
// ImportMeasurement message.
//
//   node --import tsx bench/lib/import-child.ts ENGINE LOCATION ORGANISATION_ID KIND FILE
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db, Engine } from '../../src/db/database.ts';
import { customersImport } from '../../src/use-cases/import/import-customers.ts';
import { importFile, type ImportKind, type ImportSpec } from '../../src/use-cases/import/import-file.ts';
import { invoicesImport } from '../../src/use-cases/import/import-invoices.ts';
import { paymentsImport } from '../../src/use-cases/import/import-payments.ts';
import { openTarget, type BenchTarget } from './bench-database.ts';
import { megabytes, secondsSince } from './stats.ts';

export interface ImportMeasurement {
  kind: ImportKind;
  rows: number;
  inserted: number;
  errorCount: number;
  firstErrors: string[];
  /** Wall time of importFile alone (not process start or opening the database). */
  seconds: number;
  /** Parts of it: reading + validating + staging, the spec's checks, the merge (with payment allocation). */
  phases: { stage: number; check: number; merge: number };
  /** CPU seconds (user + system) spent by this Node process during importFile. */
  nodeCpuSeconds: number;
  /** CPU seconds of the PostgreSQL backend serving the import (PostgreSQL on this machine only; null for PGlite, which runs inside Node). */
  serverCpuSeconds: number | null;
  /** Resident memory once the database was open, before the import (the engine's own share; PGlite's WASM heap lives here). */
  baselineRssMb: number;
  /** Peak resident memory of the whole child process (process.resourceUsage().maxRSS). */
  peakRssMb: number;
}

const specs: Record<ImportKind, ImportSpec<unknown>> = {
  customers: customersImport as ImportSpec<unknown>,
  invoices: invoicesImport as ImportSpec<unknown>,
  payments: paymentsImport as ImportSpec<unknown>,
};

/** An import stopped after the time limit: nothing of the file was committed. */
export interface ImportTimeout {
  kind: ImportKind;
  timedOut: true;
  seconds: number;
  /** Rows read, validated and staged when it was stopped (all of them if it was merging). */
  rowsStaged: number;
  /** Which step it was in: stage, or check/merge once every row was staged. */
  step: string;
}

type ChildMessage = ImportMeasurement | { progress: { rows: number; step: string } };

/**
 * Runs the import of one file in a fresh Node process and returns what it measured, or
 * stops it after `timeoutSeconds` (the transaction then rolls back).
 */
export function importInChild(target: BenchTarget, kind: ImportKind, file: string, timeoutSeconds = Infinity): Promise<ImportMeasurement | ImportTimeout> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url).pathname, [target.engine, target.location, target.organisationId, kind, file], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const start = process.hrtime.bigint();
    let measurement: ImportMeasurement | undefined;
    let progress = { rows: 0, step: 'stage' };
    let timedOut = false;
    const timer = Number.isFinite(timeoutSeconds)
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutSeconds * 1000)
      : undefined;
    child.on('message', (message: ChildMessage) => {
      if ('progress' in message) progress = message.progress;
      else measurement = message;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && measurement) resolve(measurement);
      else if (timedOut) resolve({ kind, timedOut: true, seconds: secondsSince(start), rowsStaged: progress.rows, step: progress.step });
      else reject(new Error(`import of ${kind} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

async function main(argv: string[]): Promise<void> {
  const [engine, location, organisationId, kind, file] = argv as [Engine, string, string, ImportKind, string];
  // One connection, so that the server's CPU for the import is that of one known backend.
  const database = await openTarget(engine, location, { connections: 1 });
  try {
    const backend = engine === 'postgres' ? await backendCpu(database.db) : null;
    const baselineRssMb = megabytes(process.memoryUsage().rss);
    const phases = { stage: 0, check: 0, merge: 0 };
    let rowsStaged = 0;
    const spec = specs[kind];
    // Time the spec's own steps; everything else inside importFile is stream, validate and stage.
    const timedSpec: ImportSpec<unknown> = {
      ...spec,
      check: async (trx, org) => {
        process.send!({ progress: { rows: rowsStaged, step: 'check' } });
        const start = process.hrtime.bigint();
        try {
          return await spec.check(trx, org);
        } finally {
          phases.check += secondsSince(start);
        }
      },
      merge: async (trx, org, context) => {
        process.send!({ progress: { rows: rowsStaged, step: 'merge' } });
        const start = process.hrtime.bigint();
        try {
          return await spec.merge(trx, org, context);
        } finally {
          phases.merge += secondsSince(start);
        }
      },
    };
    let lastReport = process.hrtime.bigint();
    const serverCpuBefore = backend?.();
    const cpuBefore = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = await importFile(database.db, organisationId, timedSpec, file, {
      actor: 'bench',
      onProgress: ({ rows }) => {
        rowsStaged = rows;
        process.send!({ progress: { rows, step: 'stage' } });
        if (secondsSince(lastReport) < 10) return;
        lastReport = process.hrtime.bigint();
        process.stderr.write(`    ${kind}: ${rows} rows staged, ${secondsSince(start).toFixed(0)} s\n`);
      },
    });
    const seconds = secondsSince(start);
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuAfter = backend?.();
    phases.stage = seconds - phases.check - phases.merge;
    const measurement: ImportMeasurement = {
      kind,
      rows: result.rows,
      inserted: result.inserted,
      errorCount: result.errorCount,
      firstErrors: result.errors.slice(0, 5).map((e) => `line ${e.line} ${e.column ?? ''}: ${e.reason}`),
      seconds,
      phases,
      nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
      serverCpuSeconds: serverCpuBefore != null && serverCpuAfter != null ? serverCpuAfter - serverCpuBefore : null,
      baselineRssMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    await new Promise<void>((resolve, reject) => process.send!(measurement, (error: Error | null) => (error ? reject(error) : resolve())));
  } finally {
    await database.close();
  }
}

/**
 * A reader of the CPU seconds used so far by the server process behind this (single)
 * connection, from /proc; null when the server is not on this machine.
 */
async function backendCpu(db: Db): Promise<() => number | null> {
  const row = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  const statFile = `/proc/${row.rows[0]!.pid}/stat`;
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
  return () => {
    if (!existsSync(statFile)) return null;
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(statFile, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  };
}

if (process.send && process.argv[1] === new URL(import.meta.url).pathname) {
  await main(process.argv.slice(2));
}
