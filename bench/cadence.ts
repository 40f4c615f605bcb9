// Cadence run and delivery benchmark (cadence issue targets):
//
//   node --import tsx bench/cadence.ts [--engines postgres,pglite] [--customers 100000]
//     [--messages 2000] [--workers 1] [--smtp plain,pool] [--skip-load] [--skip-next-day] [--write-results]
//
// Per engine: loads the portfolio of bench/lib/cadence-portfolio.ts with SQL into a fresh
// database (PostgreSQL regua_bench_cadence, or bench/data/pglite-cadence), then, each step in
// its own child process (peak RSS = that step's): the cold run of the cadence for --as-of
// (decisions + outbox, no delivery), a warm second run of the same date (must add nothing),
// and delivery of --messages pending e-mails at --now to an SMTP server running in another
// process, once per --smtp mode (plain: a connection per message, as SMTP_URL without
// options; pool: nodemailer's pooled connections, SMTP_URL with ?pool=true) and --workers
// count (concurrent deliverDue calls sharing the queue, PostgreSQL only), and last the run of
// the following day (the daily steady state, after delivery). A step that runs
// longer than --limit-seconds (a delivery: --delivery-limit-seconds) is stopped and reported with how far it got. Figures are kept
// in bench/data/cadence-results.json; the section is printed, saved to
// bench/data/cadence-section.md and, with --write-results, written to bench/RESULTS.md (replacing
// the section "## Cadence run and delivery" of an earlier run).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Engine } from '../src/db/database.ts';
import { addDays, isIsoDate } from '../src/domain/dates.ts';
import { inChild, type DeliverResult, type LoadResult, type RunResult, type Stopped } from './lib/cadence-child.ts';
import { cadenceDatabaseName, openCadenceDatabase } from './lib/cadence-portfolio.ts';
import { startSmtpSink, type SinkCount } from './lib/cadence-smtp-sink.ts';
import { cpuContention, machineFacts, serverVersion, type MachineFacts } from './lib/machine.ts';
import { openTarget, postgresServerUrl } from './lib/bench-database.ts';
import { benchArgs, failWithUsage } from './lib/args.ts';
import { benchDataPath, smokeMode } from './lib/data-dir.ts';
import { markdownTable, writeSection } from './lib/results-file.ts';
import { grouped } from './lib/stats.ts';

const usage =
  'usage: node --import tsx bench/cadence.ts [--engines postgres,pglite] [--customers N] [--invoices-per-customer 10] [--as-of YYYY-MM-DD] ' +
  '[--now ISO-8601] [--batch-size 1000] [--messages 2000] [--workers 1,4] [--smtp plain,pool] [--limit-seconds 600] [--delivery-limit-seconds 300] [--skip-load] [--skip-next-day] [--write-results] [--smoke]';
// --smoke: 40 customers × 2 invoices (cold and warm run, no next day) and 20 messages on PGlite, results in a temporary folder.
const smoke = smokeMode();
const targets = { postgresRunSeconds: 10, pgliteRunSeconds: 30, peakRssMb: 1024, messagesPerSecond: 200 } as const;

interface DeliveryMeasurement {
  smtp: 'plain' | 'pool';
  workers: number;
  result: DeliverResult | Stopped;
  received: number;
  contention: string;
}

interface EngineMeasurement {
  engine: Engine;
  engineVersion: string;
  measuredAt: string;
  asOf: string;
  now: string;
  batchSize: number;
  load: LoadResult;
  cold: { result: RunResult | Stopped; contention: string };
  warm?: { result: RunResult | Stopped; contention: string };
  /** The run of the following day on the state the cold and warm runs left: the daily steady state. */
  nextDay?: { result: RunResult | Stopped; contention: string };
  deliveries: DeliveryMeasurement[];
}

const args = benchArgs(usage, {
  engines: { type: 'string', default: smoke ? 'pglite' : 'postgres,pglite' },
  customers: { type: 'string', default: smoke ? '40' : '100000' },
  'invoices-per-customer': { type: 'string', default: smoke ? '2' : '10' },
  'as-of': { type: 'string', default: '2026-11-24' },
  // 10:00 in São Paulo on a Tuesday that is no holiday: nothing is deferred.
  now: { type: 'string', default: '2026-11-24T13:00:00Z' },
  'batch-size': { type: 'string', default: '1000' },
  messages: { type: 'string', default: smoke ? '20' : '2000' },
  workers: { type: 'string', default: '1' },
  smtp: { type: 'string', default: smoke ? 'pool' : 'plain,pool' },
  'limit-seconds': { type: 'string', default: '600' },
  'delivery-limit-seconds': { type: 'string', default: '300' },
  'skip-next-day': { type: 'boolean', default: smoke },
  'skip-load': { type: 'boolean', default: false },
  'write-results': { type: 'boolean', default: false },
  smoke: { type: 'boolean', default: false },
});
const engines = list(args.engines) as Engine[];
for (const engine of engines) if (engine !== 'postgres' && engine !== 'pglite') fail(`engine "${engine}" must be postgres or pglite`);
const customers = positive('customers');
const perCustomer = positive('invoices-per-customer');
const batchSize = positive('batch-size');
const messages = positive('messages');
const limitSeconds = positive('limit-seconds');
const deliveryLimitSeconds = positive('delivery-limit-seconds');
const workerCounts = list(args.workers).map(Number);
const smtpModes = list(args.smtp) as ('plain' | 'pool')[];
const asOf = args['as-of'];
const now = args.now;
if (!isIsoDate(asOf)) fail(`--as-of must be a date YYYY-MM-DD (got "${asOf}")`);
if (Number.isNaN(new Date(now).getTime())) fail(`--now must be an ISO-8601 instant (got "${now}")`);
if (workerCounts.some((w) => !Number.isSafeInteger(w) || w < 1)) fail('--workers must be a list of positive integers');
if (smtpModes.some((m) => m !== 'plain' && m !== 'pool')) fail('--smtp must be a list of plain and pool');
const nextAsOf = addDays(asOf, 1);
const nextNow = new Date(new Date(now).getTime() + 86_400_000).toISOString().replace('.000Z', 'Z');

const storeFile = benchDataPath('cadence-results.json');
const sectionFile = benchDataPath('cadence-section.md');
const resultsFile = new URL('./RESULTS.md', import.meta.url).pathname;
const facts = machineFacts();
console.log(
  `${facts.date}  ${facts.cpus} CPUs (${facts.cpuModel}), ${facts.memoryGb} GB, Node ${facts.node}, PGlite ${facts.pgliteVersion}, load ${facts.loadAverage}`,
);

const store: Partial<Record<Engine, EngineMeasurement>> = existsSync(storeFile) ? JSON.parse(readFileSync(storeFile, 'utf8')) : {};
for (const engine of engines) {
  store[engine] = await measure(engine, store[engine]);
  writeFileSync(storeFile, JSON.stringify(store, null, 2));
}
const body = renderSection(store, facts);
writeFileSync(sectionFile, `## Cadence run and delivery\n\n${body}\n`);
console.log(`\n${body}\n\nsaved to ${sectionFile}`);
if (args['write-results'] && !smoke) {
  // Other benchmarks own the other sections of this file: only this one is replaced.
  writeSection(resultsFile, '## Cadence run and delivery', body, '# Benchmark results');
  console.log(`written to ${resultsFile}`);
}

async function measure(engine: Engine, previous: EngineMeasurement | undefined): Promise<EngineMeasurement> {
  console.log(`\n== ${engine}: ${grouped(customers)} customers × ${perCustomer} invoices, as of ${asOf}, now ${now}`);
  let load: LoadResult;
  if (args['skip-load']) {
    if (!previous) fail(`--skip-load: no earlier load of ${engine} in ${storeFile}`);
    load = previous.load;
    console.log(`  reusing the loaded database (organisation ${load.organisationId})`);
  } else {
    console.log(`  loading (${cpuContention()})`);
    load = (await step(['load', engine, String(customers), String(perCustomer), asOf], 'load')) as LoadResult;
    const c = load.counts;
    console.log(
      `  loaded in ${load.seconds.toFixed(1)} s: ${grouped(c.customers)} customers, ${grouped(c.contacts)} contacts, ${grouped(c.invoices)} invoices ` +
        `(${grouped(c.openInvoices)} open, ${grouped(c.overdueInvoices)} overdue = ${percent(c.overdueInvoices, c.invoices)}), ${grouped(c.disputes)} disputes, ${grouped(c.promises)} promises`,
    );
  }
  const measurement: EngineMeasurement = {
    engine,
    engineVersion: await versionOf(engine),
    measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    asOf,
    now,
    batchSize,
    load,
    cold: previous?.cold ?? { result: { step: 'stopped', limitSeconds, done: 0, seconds: 0, peakRssMb: null }, contention: '' },
    deliveries: [],
  };
  if (!args['skip-load'] || !previous) {
    measurement.cold = await runStep(engine, load.organisationId, 'cold run', asOf, now);
    // A stopped cold run committed its first batches: their messages are still there to deliver.
    if (measurement.cold.result.step !== 'stopped') {
      measurement.warm = await runStep(engine, load.organisationId, 'warm run (same date again)', asOf, now);
    }
  } else {
    measurement.warm = previous.warm;
    measurement.nextDay = previous.nextDay;
    measurement.deliveries = previous.deliveries.filter((d) => !(smtpModes.includes(d.smtp) && workerCounts.includes(d.workers)));
  }

  const sink = await startSmtpSink();
  try {
    for (const smtp of smtpModes) {
      for (const workers of workerCounts) {
        if (workers > 1 && engine === 'pglite') continue; // one connection: concurrent workers would only queue
        const contention = cpuContention();
        const url = smtp === 'pool' ? `${sink.url}?pool=true&maxConnections=${Math.max(5, workers)}` : sink.url;
        console.log(`  delivery of ${messages} e-mails, SMTP ${smtp}, ${workers} worker${workers > 1 ? 's' : ''} (${contention})`);
        const before = await sink.count();
        const received = async () => difference(await sink.count(), before);
        const result = (await inChild(['deliver', engine, load.organisationId, now, String(messages), String(workers), url], {
          limitSeconds: deliveryLimitSeconds,
          poll: received,
          onProgress: (done, seconds) => console.log(`    … ${grouped(done)} messages received, ${seconds.toFixed(0)} s`),
        })) as DeliverResult | Stopped;
        if (result.step === 'stopped') {
          console.log(
            `    STOPPED after ${deliveryLimitSeconds} s: the SMTP server had received ${grouped(result.done)} messages after ${result.seconds.toFixed(0)} s ` +
              `(${grouped(result.done / result.seconds)} messages/s, process start and hold step included)`,
          );
          measurement.deliveries.push({ smtp, workers, result, received: await received(), contention });
          continue;
        }
        const s = result.summary;
        console.log(
          `    ${s.sent} sent (${s.retried} retried, ${s.failed} failed, ${s.deferred} deferred) in ${result.seconds.toFixed(2)} s = ${grouped(s.sent / result.seconds)} messages/s; ` +
            `SMTP server received ${await received()}; hold step ${result.holdSeconds.toFixed(2)} s (${result.held} held); CPU node ${result.nodeCpuSeconds.toFixed(1)} s` +
            `${result.serverCpuSeconds === null ? '' : ` + server ${result.serverCpuSeconds.toFixed(1)} s`}; peak RSS ${grouped(result.peakRssMb)} MB`,
        );
        printProfile(result.profile, result.seconds);
        measurement.deliveries.push({ smtp, workers, result, received: await received(), contention });
      }
    }
  } finally {
    await sink.close();
  }
  if (!args['skip-next-day'] && !measurement.nextDay && measurement.cold.result.step !== 'stopped') {
    // After delivery, so that the day's contact caps see the messages already sent.
    measurement.nextDay = await runStep(engine, load.organisationId, 'next day (steady state)', nextAsOf, nextNow);
  }
  return measurement;
}

async function runStep(
  engine: Engine,
  organisationId: string,
  label: string,
  day: string,
  at: string,
): Promise<{ result: RunResult | Stopped; contention: string }> {
  const contention = cpuContention();
  console.log(`  ${label}, as of ${day} (${contention})`);
  const result = await step(['run', engine, organisationId, day, at, String(batchSize)], 'run');
  if (result.step === 'stopped') {
    console.log(
      `    STOPPED after ${limitSeconds} s: ${grouped(result.done)} customers evaluated in ${result.seconds.toFixed(0)} s; peak RSS by then ${grouped(result.peakRssMb ?? 0)} MB`,
    );
    return { result, contention };
  }
  const r = result as RunResult;
  const w = r.written;
  console.log(
    `    ${r.seconds.toFixed(2)} s: ${grouped(r.summary.customers_evaluated)} customers, actions ${JSON.stringify(r.summary.actions)}, deferred ${r.summary.deferred}, suppressed ${JSON.stringify(r.summary.suppressed)}`,
  );
  console.log(
    `    wrote ${grouped(w.stepExecutions)} step executions, ${grouped(w.outboxMessages)} messages ${JSON.stringify(w.outboxByChannel)}, ${grouped(w.tasks)} tasks, ` +
      `${grouped(w.interactions)} contact-record entries, ${grouped(w.webhookDeliveries)} webhook deliveries`,
  );
  console.log(
    `    CPU node ${r.nodeCpuSeconds.toFixed(1)} s${r.serverCpuSeconds === null ? '' : ` + server ${r.serverCpuSeconds.toFixed(1)} s`}; peak RSS ${grouped(r.peakRssMb)} MB (${grouped(r.baselineRssMb)} MB before)`,
  );
  printProfile(r.profile, r.seconds);
  return { result: r, contention };
}

function step(childArgs: string[], label: string) {
  return inChild(childArgs, {
    limitSeconds,
    onProgress: (done, seconds) => console.log(`    … ${label}: ${grouped(done)} customers, ${seconds.toFixed(0)} s`),
  });
}

function printProfile(profile: RunResult['profile'], seconds: number): void {
  const inDb = profile.reduce((sum, p) => sum + p.seconds, 0);
  if (profile.length === 0) return;
  console.log(`    waiting for the database ${inDb.toFixed(2)} s of ${seconds.toFixed(2)} s; by statement:`);
  for (const p of profile.slice(0, 8))
    console.log(`      ${p.seconds.toFixed(2).padStart(7)} s  ${String(p.calls).padStart(7)} calls  ${grouped(p.rows).padStart(10)} rows  ${p.statement}`);
}

function renderSection(all: Partial<Record<Engine, EngineMeasurement>>, machine: MachineFacts): string {
  const measured = (['postgres', 'pglite'] as const).flatMap((e) => (all[e] ? [all[e]] : []));
  const first = measured[0];
  const postgres = all.postgres?.engineVersion ?? 'not measured';
  const pglite = all.pglite?.engineVersion ?? 'not measured';
  const s = (value: number | null | undefined, digits = 1) => (value == null ? '—' : `${value.toFixed(digits)} s`);
  const mb = (value: number) => `${grouped(value)} MB`;
  const runRows = measured.flatMap((m) =>
    (
      [
        ['cold', m.cold],
        ['warm', m.warm],
        ['next day', m.nextDay],
      ] as const
    ).flatMap(([label, entry]) => {
      if (!entry) return [];
      const r = entry.result;
      if (r.step === 'stopped') {
        return [
          [
            m.engine,
            label,
            `stopped at ${r.limitSeconds} s`,
            `${grouped(r.done)} in ${r.seconds.toFixed(0)} s`,
            '—',
            '—',
            '—',
            '—',
            '—',
            '—',
            '—',
            '—',
            '—',
            r.peakRssMb === null ? '—' : `≥ ${mb(r.peakRssMb)}`,
          ],
        ];
      }
      const a = r.summary.actions;
      return [
        [
          m.engine,
          label,
          s(r.seconds, 2),
          grouped(r.summary.customers_evaluated),
          grouped(Object.values(a).reduce((x, y) => x + y, 0)),
          `${grouped(a.email)} / ${grouped(a.whatsapp)} / ${grouped(a.sms)} / ${grouped(a.letter)} / ${grouped(a.call_task)} / ${grouped(a.other)}`,
          grouped(r.written.stepExecutions),
          grouped(r.written.outboxMessages),
          grouped(r.written.tasks),
          grouped(r.written.interactions),
          grouped(r.written.webhookDeliveries),
          s(r.nodeCpuSeconds),
          s(r.serverCpuSeconds),
          `${mb(r.peakRssMb)} (${mb(r.baselineRssMb)})`,
        ],
      ];
    }),
  );
  const profileRows = measured.flatMap((m) => {
    const r = m.cold.result;
    if (r.step === 'stopped') return [];
    const inDb = r.profile.reduce((sum, p) => sum + p.seconds, 0);
    // With two connections the statement times overlap each other and the JavaScript.
    const whole = Math.max(inDb, r.seconds);
    const rest = r.seconds - inDb;
    return [
      ...r.profile.slice(0, 6).map((p) => [m.engine, p.statement, grouped(p.calls), grouped(p.rows), s(p.seconds, 2), percent(p.seconds, whole)]),
      [
        m.engine,
        'everything else (JavaScript: evaluate, hashing, building rows; BEGIN/COMMIT)',
        '—',
        '—',
        rest > 0 ? s(rest, 2) : 'overlapped',
        rest > 0 ? percent(rest, whole) : '—',
      ],
    ];
  });
  const deliveryRows = measured.flatMap((m) =>
    m.deliveries.map((d) => {
      const r = d.result;
      const smtp = d.smtp === 'pool' ? 'pooled (?pool=true)' : 'connection per message';
      if (r.step === 'stopped') {
        // Wall time of the whole child here (start, hold step included): a lower bound of the rate.
        return [
          m.engine,
          smtp,
          String(d.workers),
          `stopped at ${r.limitSeconds} s`,
          grouped(d.received),
          s(r.seconds, 0),
          `≥ ${grouped(r.done / r.seconds, 1)}`,
          '—',
          '—',
          '—',
          '—',
        ];
      }
      return [
        m.engine,
        smtp,
        String(r.workers),
        grouped(r.summary.sent),
        grouped(d.received),
        s(r.seconds, 2),
        grouped(r.summary.sent / r.seconds, 1),
        s(r.holdSeconds, 2),
        s(r.nodeCpuSeconds),
        s(r.serverCpuSeconds),
        mb(r.peakRssMb),
      ];
    }),
  );
  const c = first?.load.counts;
  return [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB RAM; Node ${machine.node}; PostgreSQL server ${postgres.replace('PostgreSQL ', '')} ` +
      `on the same machine (stock settings, fsync on); PGlite ${machine.pgliteVersion} (${pglite} in WASM, data in a directory). Section written ${machine.date}.`,
    '',
    'The machine was shared with other work; the CPU contention at each measurement is in the last table. Wall times under contention are upper bounds.',
    '',
    `Data (\`bench/lib/cadence-portfolio.ts\`, loaded with \`insert … select … generate_series\`, then \`VACUUM ANALYZE\`): ` +
      (c
        ? `${grouped(c.customers)} customers, ${grouped(c.contacts)} contacts (every customer an e-mail, 40 % a phone, 30 % WhatsApp), ` +
          `${grouped(c.invoices)} invoices of which ${grouped(c.openInvoices)} open and ${grouped(c.overdueInvoices)} overdue (${percent(c.overdueInvoices, c.invoices)}), ` +
          `${grouped(c.disputes)} open disputes, ${grouped(c.promises)} pending promises, 1 % of customers paused, one webhook endpoint. `
        : '') +
      `Each customer's oldest overdue invoice sits in the window of one step of the default policy (D+1, D+5, D+10, D+20, D+30, D+45, D+60, in turn), ` +
      `so the cold run fires every step. As of ${first?.asOf ?? asOf}, now ${first?.now ?? now} (10:00 in São Paulo, a Tuesday), batches of ${first?.batchSize ?? batchSize} customers. ` +
      `PostgreSQL database \`${cadenceDatabaseName}\`; PGlite in \`bench/data/pglite-cadence\`. ` +
      'Reproduce: `node --import tsx bench/cadence.ts` (see the header of the file for the options).',
    '',
    '### Run (`runCadence`: decisions, outbox, tasks, contact record, webhook events; no delivery)',
    '',
    'One child process per run, as `regua run` does it: on PostgreSQL two batches decide at once, each on its own connection; PGlite has one. Time is `runCadence` alone. ' +
      '"cold" is the first run of the date on the loaded portfolio (every overdue invoice gets its due step, recorded once; the steps it missed are passed for good without a row); ' +
      '"warm" runs the same date again and must add nothing; "next day" runs the following date after delivery, the daily steady state. ' +
      'Actions: e-mail / WhatsApp / SMS / letter / call task / other (bureau listing). CPU: user + system seconds of the Node child and of the ' +
      'PostgreSQL backend serving it (from /proc; PGlite runs inside Node). Peak RSS: `process.resourceUsage().maxRSS` (RSS with the database open, before the run).',
    '',
    markdownTable(
      [
        'engine',
        'run',
        'time',
        'customers',
        'actions',
        'e-mail / WA / SMS / letter / call / other',
        'step executions',
        'messages',
        'tasks',
        'contact record',
        'webhook rows',
        'CPU node',
        'CPU server',
        'peak RSS (before)',
      ],
      runRows,
    ),
    '',
    "Where the cold run waits (a Kysely plugin times every statement the use case sends; on PostgreSQL the two connections' times add up, so shares are of their sum; the rest is JavaScript and BEGIN/COMMIT):",
    '',
    markdownTable(['engine', 'statement', 'calls', 'rows', 'time', 'share'], profileRows),
    '',
    '### Delivery (`deliverDue` to a local SMTP server)',
    '',
    `${grouped(messages)} pending e-mails at a time, taken from those the cold run queued, all due at the same \`now\` (${queueSizes(measured)}), delivered with \`deliveryDeps({ publicUrl }, { email: smtpTransport(url, from) })\`; ` +
      'the SMTP server (smtp-server, counting only) runs in its own process. Workers are concurrent `deliverDue` calls in the one process, sharing the queue through ' +
      'FOR UPDATE SKIP LOCKED (PostgreSQL only). "hold step" is the first `deliverDue` call (limit 0), which marks messages of channels without a transport (WhatsApp, SMS, letters) as held; it is not in the time. ' +
      `A delivery still running after ${deliveryLimitSeconds} s is stopped; its rate is then what the SMTP server had received divided by the time since the child process started (a lower bound). ` +
      'The SMTP server (smtp-server) waits 100 ms before its greeting on every new connection, which alone caps a connection per message at about 6 messages/s per worker (nodemailer sending to it with no Régua code: 158 ms a message).',
    '',
    markdownTable(['engine', 'SMTP', 'workers', 'sent', 'received', 'time', 'messages/s', 'hold step', 'CPU node', 'CPU server', 'peak RSS'], deliveryRows),
    '',
    '### Targets',
    '',
    markdownTable(['target', 'measured', 'met'], targetRows(measured)),
    '',
    '### When and how busy',
    '',
    markdownTable(
      ['engine', 'measured', 'cold run', 'warm run', 'delivery (first)', 'next day'],
      measured.map((m) => [
        m.engine,
        m.measuredAt,
        m.cold.contention,
        m.warm?.contention ?? '—',
        m.deliveries[0]?.contention ?? '—',
        m.nextDay?.contention ?? '—',
      ]),
    ),
  ].join('\n');
}

/** How many e-mails the cold run left in the queue, per engine. */
function queueSizes(measured: EngineMeasurement[]): string {
  return measured
    .map((m) => {
      const r = m.cold.result;
      return r.step === 'stopped'
        ? `${m.engine}: those of the ${grouped(r.done)} customers the stopped cold run reached`
        : `${m.engine}: ${grouped(r.written.outboxByChannel.email ?? 0)}`;
    })
    .join('; ');
}

function targetRows(measured: EngineMeasurement[]): string[][] {
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const rows: string[][] = [];
  for (const m of measured) {
    const limit = m.engine === 'postgres' ? targets.postgresRunSeconds : targets.pgliteRunSeconds;
    const r = m.cold.result;
    if (r.step === 'stopped') {
      rows.push([
        `cold run ≤ ${limit} s, ${m.engine}`,
        `stopped at ${r.limitSeconds} s with ${grouped(r.done)} of ${grouped(m.load.counts.customers)} customers done`,
        '**no**',
      ]);
      if (r.peakRssMb !== null)
        rows.push([`run peak RSS ≤ 1 GB, ${m.engine}`, `≥ ${grouped(r.peakRssMb)} MB when stopped`, r.peakRssMb > targets.peakRssMb ? '**no**' : 'so far']);
      continue;
    }
    rows.push([`cold run ≤ ${limit} s, ${m.engine}`, `${r.seconds.toFixed(1)} s`, yes(r.seconds <= limit)]);
    const peak = Math.max(r.peakRssMb, m.warm?.result.step === 'run' ? m.warm.result.peakRssMb : 0);
    rows.push([`run peak RSS ≤ 1 GB, ${m.engine}`, `${grouped(peak)} MB`, yes(peak <= targets.peakRssMb)]);
    if (m.warm?.result.step === 'run') {
      const w = m.warm.result;
      const added = w.written.stepExecutions + w.written.outboxMessages + w.written.tasks + w.written.interactions + w.written.webhookDeliveries;
      rows.push([
        `warm run of the same date adds nothing, ${m.engine}`,
        `${added} rows, ${Object.values(w.summary.actions).reduce((x, y) => x + y, 0)} actions, ${w.seconds.toFixed(1)} s`,
        yes(added === 0),
      ]);
    }
  }
  for (const m of measured) {
    for (const d of m.deliveries) {
      const r = d.result;
      const rate = r.step === 'stopped' ? r.done / r.seconds : r.summary.sent / r.seconds;
      const label = `delivery ≥ ${targets.messagesPerSecond} messages/s, ${m.engine}, SMTP ${d.smtp}, ${d.workers} worker${d.workers > 1 ? 's' : ''}`;
      rows.push([
        label,
        r.step === 'stopped' ? `${grouped(rate, 1)} messages/s (stopped at ${r.limitSeconds} s)` : `${grouped(rate, 1)} messages/s`,
        yes(rate >= targets.messagesPerSecond),
      ]);
    }
  }
  return rows;
}

async function versionOf(engine: Engine): Promise<string> {
  const database = engine === 'pglite' ? await openCadenceDatabase('pglite') : await openTarget('postgres', postgresServerUrl);
  try {
    return await serverVersion(database.db);
  } finally {
    await database.close();
  }
}

function difference(after: SinkCount, before: SinkCount): number {
  return after.messages - before.messages;
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function positive(name: 'customers' | 'invoices-per-customer' | 'batch-size' | 'messages' | 'limit-seconds' | 'delivery-limit-seconds'): number {
  const value = Number(args[name]);
  if (!Number.isSafeInteger(value) || value < 1) fail(`--${name} must be a positive integer (got "${args[name]}")`);
  return value;
}

function fail(message: string): never {
  return failWithUsage(usage, message);
}
