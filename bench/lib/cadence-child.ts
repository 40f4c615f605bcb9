// Child process of bench/cadence.ts: one measured step per process, so that its peak memory
// (process.resourceUsage().maxRSS) is that step's, and so that the parent can stop a step that
// runs too long and still report how far it got. Started with fork(); reports with IPC
// messages: { type: 'progress', … } while it works, then { type: 'result', … }.
//
//   load    ENGINE CUSTOMERS INVOICES_PER_CUSTOMER AS_OF
//   run     ENGINE ORGANISATION_ID AS_OF NOW BATCH_SIZE
//   deliver ENGINE ORGANISATION_ID NOW MESSAGES WORKERS SMTP_URL
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db, Engine } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import { runCadence, type RunSummary } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue, type DeliverySummary } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { QueryProfile, type StatementTime } from './cadence-profile.ts';
import { loadPortfolio, openCadenceDatabase, portfolioCounts, recreateCadenceDatabase, type PortfolioCounts } from './cadence-portfolio.ts';
import { megabytes, secondsSince } from './stats.ts';

export interface Resources {
  /** CPU seconds (user + system) of this Node process during the step. */
  nodeCpuSeconds: number;
  /** CPU seconds of the PostgreSQL backends serving it (server on this machine; null for PGlite, which runs inside Node). */
  serverCpuSeconds: number | null;
  /** RSS with the database open, before the step (for PGlite that includes the WASM engine). */
  baselineRssMb: number;
  peakRssMb: number;
}

export interface LoadResult extends Resources {
  step: 'load';
  organisationId: string;
  seconds: number;
  counts: PortfolioCounts;
}

/** Rows of the tables the run writes. */
export type WrittenRows = Record<'stepExecutions' | 'outboxMessages' | 'tasks' | 'interactions' | 'webhookDeliveries', number> & {
  outboxByChannel: Record<string, number>;
};

export interface RunResult extends Resources {
  step: 'run';
  seconds: number;
  summary: RunSummary;
  /** Rows added by the run, table by table. */
  written: WrittenRows;
  profile: StatementTime[];
}

export interface DeliverResult extends Resources {
  step: 'deliver';
  workers: number;
  /** deliverDue with limit 0: only moves messages of channels without a transport to 'held'. */
  holdSeconds: number;
  held: number;
  seconds: number;
  summary: DeliverySummary;
  profile: StatementTime[];
}

/** A step stopped after the time limit: how far it got (customers evaluated, or messages received) and when. */
export interface Stopped {
  step: 'stopped';
  limitSeconds: number;
  done: number;
  seconds: number;
  /** Peak RSS at the last progress report (runs only). */
  peakRssMb: number | null;
}

export type ChildResult = LoadResult | RunResult | DeliverResult;
export type ChildMessage = { type: 'progress'; done: number; seconds: number; peakRssMb: number } | { type: 'result'; result: ChildResult };

/**
 * Runs one step in a fresh Node process, killed after `limitSeconds`. Progress comes from the
 * child's reports, or from `poll` (called every 5 s) for a step that cannot report it.
 */
export function inChild(
  args: string[],
  options: { limitSeconds: number; onProgress?: (done: number, seconds: number) => void; poll?: () => Promise<number> },
): Promise<ChildResult | Stopped> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = fork(new URL(import.meta.url).pathname, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildResult | undefined;
    let last: Omit<Stopped, 'step' | 'limitSeconds'> = { done: 0, seconds: 0, peakRssMb: null };
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      child.kill('SIGKILL');
    }, options.limitSeconds * 1000);
    const poller =
      options.poll &&
      setInterval(() => {
        void options.poll!().then((done) => {
          last = { done, seconds: secondsSince(started), peakRssMb: null };
          options.onProgress?.(last.done, last.seconds);
        });
      }, 5000);
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'progress') {
        last = { done: message.done, seconds: message.seconds, peakRssMb: message.peakRssMb };
        options.onProgress?.(message.done, message.seconds);
      } else {
        result = message.result;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (poller) clearInterval(poller);
      if (stopped) resolve({ step: 'stopped', limitSeconds: options.limitSeconds, ...last });
      else if (code === 0 && result) resolve(result);
      else reject(new Error(`child ${args[0]} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

async function main(argv: string[]): Promise<void> {
  const [step, engine] = argv as [string, Engine];
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
  if (step === 'load') {
    const [, , customers, perCustomer, asOf] = argv as [string, Engine, string, string, string];
    await recreateCadenceDatabase(engine);
    await measured(
      engine,
      1,
      async (db) => {
        const start = process.hrtime.bigint();
        const org = await loadPortfolio(db, { customers: Number(customers), invoicesPerCustomer: Number(perCustomer) }, asOf, (line) =>
          process.stderr.write(`${line}\n`),
        );
        const seconds = secondsSince(start);
        return { step: 'load', organisationId: org.id, seconds, counts: await portfolioCounts(db, org.id, asOf) };
      },
      send,
    );
  } else if (step === 'run') {
    const [, , organisationId, asOf, now, batchSize] = argv as [string, Engine, string, string, string, string];
    // As `regua run`: on PostgreSQL two batches decide at once, each on its own connection.
    const concurrency = engine === 'postgres' ? 2 : 1;
    await measured(
      engine,
      concurrency,
      async (db, org) => {
        const before = await writtenRows(db, organisationId);
        const profile = new QueryProfile();
        const start = process.hrtime.bigint();
        let lastReport = start;
        const summary = await runCadence(db.withPlugin(profile), org!, {
          asOf,
          now: new Date(now),
          batchSize: Number(batchSize),
          concurrency,
          trigger: 'bench',
          onProgress: (done) => {
            if (secondsSince(lastReport) < 5) return;
            lastReport = process.hrtime.bigint();
            void send({ type: 'progress', done, seconds: secondsSince(start), peakRssMb: process.resourceUsage().maxRSS / 1024 });
          },
        });
        const seconds = secondsSince(start);
        const after = await writtenRows(db, organisationId);
        return { step: 'run', seconds, summary, written: difference(after, before), profile: profile.totals() };
      },
      send,
      organisationId,
    );
  } else if (step === 'deliver') {
    const [, , organisationId, now, messages, workers, smtpUrl] = argv as [string, Engine, string, string, string, string, string];
    const count = Number(workers);
    await measured(
      engine,
      count,
      async (db, org) => {
        const transport = smtpTransport(smtpUrl, 'Cobranças Benchmark <cobranca@benchmark.example.com>');
        const deps = deliveryDeps({ publicUrl: 'https://regua.example.com' }, { email: transport });
        try {
          const at = new Date(now);
          const holdStart = process.hrtime.bigint();
          const hold = await deliverDue(db, org!, at, deps, 0);
          const holdSeconds = secondsSince(holdStart);
          const profile = new QueryProfile();
          const profiled = count === 1 ? db.withPlugin(profile) : db;
          const share = Math.ceil(Number(messages) / count);
          const start = process.hrtime.bigint();
          const summaries = await Promise.all(Array.from({ length: count }, () => deliverDue(profiled, org!, at, deps, share)));
          const seconds = secondsSince(start);
          const summary: DeliverySummary = { sent: 0, retried: 0, failed: 0, deferred: 0, held: 0, cancelled: 0 };
          for (const s of summaries) for (const key of Object.keys(summary) as (keyof DeliverySummary)[]) summary[key] += s[key];
          return { step: 'deliver', workers: count, holdSeconds, held: hold.held, seconds, summary, profile: profile.totals() };
        } finally {
          await transport.close?.();
        }
      },
      send,
      organisationId,
    );
  } else {
    throw new Error(`unknown step "${step}"`);
  }
}

/** Opens the database, measures the step's CPU and memory, sends the result and closes. */
async function measured(
  engine: Engine,
  connections: number,
  body: (db: Db, org: Organisation | undefined) => Promise<Omit<ChildResult, keyof Resources>>,
  send: (message: ChildMessage) => Promise<void>,
  organisationId?: string,
): Promise<void> {
  const database = await openCadenceDatabase(engine, connections);
  try {
    const org = organisationId
      ? await database.db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow()
      : undefined;
    const serverCpu = engine === 'postgres' ? await backendsCpu(database.db, connections) : null;
    const baselineRssMb = megabytes(process.memoryUsage().rss);
    const serverBefore = serverCpu?.();
    const cpuBefore = process.cpuUsage();
    const partial = await body(database.db, org);
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = serverCpu?.();
    const resources: Resources = {
      nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
      serverCpuSeconds: serverBefore != null && serverAfter != null ? serverAfter - serverBefore : null,
      baselineRssMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    await send({ type: 'result', result: { ...partial, ...resources } as ChildResult });
  } finally {
    await database.close();
  }
}

/**
 * A reader of the CPU seconds used so far by the server processes behind this pool's
 * connections (all opened now, by as many concurrent queries), from /proc; null when the
 * server is not on this machine.
 */
async function backendsCpu(db: Db, connections: number): Promise<() => number | null> {
  const rows = await Promise.all(Array.from({ length: connections }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db)));
  const pids = [...new Set(rows.map((r) => r.rows[0]!.pid))];
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
  return () => {
    let total = 0;
    for (const pid of pids) {
      const statFile = `/proc/${pid}/stat`;
      if (!existsSync(statFile)) return null;
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(statFile, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    }
    return total;
  };
}

async function writtenRows(db: Db, organisationId: string): Promise<WrittenRows> {
  const count = async (table: 'step_executions' | 'outbox_messages' | 'tasks' | 'interactions' | 'webhook_deliveries') =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where organisation_id = ${organisationId}`.execute(db)).rows[0]!.n;
  const byChannel = await sql<{
    channel: string;
    n: number;
  }>`select channel, count(*)::int as n from outbox_messages where organisation_id = ${organisationId} group by channel order by channel`.execute(db);
  return {
    stepExecutions: await count('step_executions'),
    outboxMessages: await count('outbox_messages'),
    tasks: await count('tasks'),
    interactions: await count('interactions'),
    webhookDeliveries: await count('webhook_deliveries'),
    outboxByChannel: Object.fromEntries(byChannel.rows.map((r) => [r.channel, r.n])),
  };
}

function difference(after: WrittenRows, before: WrittenRows): WrittenRows {
  const channels = new Set([...Object.keys(after.outboxByChannel), ...Object.keys(before.outboxByChannel)]);
  return {
    stepExecutions: after.stepExecutions - before.stepExecutions,
    outboxMessages: after.outboxMessages - before.outboxMessages,
    tasks: after.tasks - before.tasks,
    interactions: after.interactions - before.interactions,
    webhookDeliveries: after.webhookDeliveries - before.webhookDeliveries,
    outboxByChannel: Object.fromEntries([...channels].sort().map((c) => [c, (after.outboxByChannel[c] ?? 0) - (before.outboxByChannel[c] ?? 0)])),
  };
}

if (process.send && process.argv[1] === new URL(import.meta.url).pathname) {
  await main(process.argv.slice(2));
}
