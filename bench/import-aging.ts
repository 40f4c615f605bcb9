// Import and aging benchmark (foundation issue targets):
//
//   node --import tsx bench/import-aging.ts [--sizes 100k,1m] [--engines postgres,pglite]
//        [--as-of 2026-11-22] [--import-timeout SECONDS] [--report-only]
//
// Per engine and size: generates the CSV files if missing (bench/generate.ts, seed 42, ten
// invoices per customer), creates a fresh database, imports customers, invoices and payments
// through importFile — each file in its own child process, so its peak memory is that
// file's — then times agingReport against a hand-written SQL floor (1 warm-up + 3 timed runs
// each, medians), right after the import and again after VACUUM ANALYZE, and checks that
// both agree cell by cell. Prints the tables and writes them to bench/RESULTS.md under
// "## Import and aging"; figures of earlier runs (other engines, sizes or server settings)
// are kept in bench/data/import-aging-results.json and shown too. --import-timeout stops a
// file that takes longer (aging then runs on what was imported); --report-only rewrites the
// section from the kept figures. REGUA_BENCH_POSTGRES_URL picks another PostgreSQL server
// (default postgres://postgres@127.0.0.1:5432/postgres); it creates regua_bench_<size> there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db, Engine } from '../src/db/database.ts';
import { isIsoDate } from '../src/domain/dates.ts';
import { formatAmount } from '../src/domain/money.ts';
import { agingReport } from '../src/use-cases/aging-report.ts';
import type { ImportKind } from '../src/use-cases/import/import-file.ts';
import { agingFloor, compareAging, type Agreement } from './lib/aging-floor.ts';
import { createFreshTarget, openTarget, postgresServerUrl } from './lib/bench-database.ts';
import { importInChild, type ImportMeasurement, type ImportTimeout } from './lib/import-child.ts';
import { cpuContention, machineFacts, serverVersion, type MachineFacts } from './lib/machine.ts';
import { benchArgs, failWithUsage } from './lib/args.ts';
import { benchDataPath, smokeMode } from './lib/data-dir.ts';
import { markdownTable, writeSection } from './lib/results-file.ts';
import { grouped, median, timed } from './lib/stats.ts';

const usage =
  'usage: node --import tsx bench/import-aging.ts [--sizes 100k,1m] [--engines postgres,pglite] [--as-of YYYY-MM-DD] [--import-timeout SECONDS] [--report-only] [--smoke]';
// --smoke: 1k invoices on PGlite, results in a temporary folder, bench/RESULTS.md untouched.
const smoke = smokeMode();
const seed = 42;
const invoicesPerCustomer = 10;
const timedRuns = 3;
const targets = { invoicesPerSecond: 50_000, agingRatio: 1.5, peakRssMb: 500 } as const;
const kinds: ImportKind[] = ['customers', 'invoices', 'payments'];

interface SizeMeasurement {
  engine: Engine;
  size: string;
  invoices: number;
  customers: number;
  measuredAt: string;
  engineVersion: string;
  /** The memory and WAL settings that matter for bulk loads, e.g. "shared_buffers 128MB, work_mem 4MB, max_wal_size 1GB". */
  settings: string;
  /** CPU contention when the import started, and when aging was timed. */
  contention: { import: string; aging: string };
  /** In file order; a file stopped at the time limit ends the list (later files depend on it). */
  imports: (ImportMeasurement | ImportTimeout)[];
  /** Right after the import (tables never analysed on PGlite, maybe not yet on PostgreSQL), and after VACUUM ANALYZE. */
  aging: { asImported: AgingMeasurement; analysed: AgingMeasurement };
}

interface AgingMeasurement {
  reportMs: number[];
  floorMs: number[];
  reportMedianMs: number;
  floorMedianMs: number;
  ratio: number;
  agreement: Agreement;
}

const args = benchArgs(usage, {
  sizes: { type: 'string', default: smoke ? '1k' : '100k,1m' },
  engines: { type: 'string', default: smoke ? 'pglite' : 'postgres,pglite' },
  'as-of': { type: 'string', default: '2026-11-22' },
  'import-timeout': { type: 'string' },
  'report-only': { type: 'boolean', default: false },
  smoke: { type: 'boolean', default: false },
});
const asOf = args['as-of'];
const sizes = args.sizes.split(',').map((s) => s.trim().toLowerCase());
const engines = args.engines.split(',').map((e) => e.trim());
for (const size of sizes) if (!/^\d+[km]$/.test(size)) fail(`size "${size}" must look like 100k or 1m`);
for (const engine of engines) if (engine !== 'postgres' && engine !== 'pglite') fail(`engine "${engine}" must be postgres or pglite`);
if (!isIsoDate(asOf)) fail(`--as-of must be a date YYYY-MM-DD (got "${asOf}")`);
// A file whose import takes longer is stopped (and rolled back); aging then runs on what was imported.
const importTimeout = args['import-timeout'] === undefined ? Infinity : Number(args['import-timeout']);
if (!(importTimeout > 0)) fail(`--import-timeout must be a number of seconds (got "${args['import-timeout']}")`);

const storeFile = benchDataPath('import-aging-results.json');
const resultsFile = new URL('./RESULTS.md', import.meta.url).pathname;
const facts = machineFacts();
console.log(
  `${facts.date}  ${facts.cpus} CPUs (${facts.cpuModel}), ${facts.memoryGb} GB, Node ${facts.node}, PGlite ${facts.pgliteVersion}, load ${facts.loadAverage}`,
);

const store = loadStore();
for (const size of args['report-only'] ? [] : sizes) {
  for (const engine of engines as Engine[]) {
    const measurement = await measure(engine, size);
    store[storeKey(measurement)] = measurement;
    writeFileSync(storeFile, JSON.stringify(store, null, 2));
  }
}
const postgresVersion = smoke ? 'not measured' : await versionOf('postgres');
const body = renderSection(Object.values(store), facts, postgresVersion);
console.log(`\n${body}`);
if (!smoke) {
  writeSection(resultsFile, '## Import and aging', body, '# Benchmark results');
  console.log(`\nwritten to ${resultsFile}`);
}

async function measure(engine: Engine, size: string): Promise<SizeMeasurement> {
  const invoices = invoiceCount(size);
  const customers = invoices / invoicesPerCustomer;
  const dataDir = ensureData(size, customers, invoices);
  console.log(`\n== ${engine}, ${size}: ${grouped(invoices)} invoices, ${grouped(customers)} customers`);
  const target = await createFreshTarget(engine, size);
  const importContention = cpuContention();
  console.log(`  (${importContention})`);

  const imports: (ImportMeasurement | ImportTimeout)[] = [];
  for (const kind of kinds) {
    const result = await importInChild(target, kind, `${dataDir}/${kind}.csv`, importTimeout);
    imports.push(result);
    if ('timedOut' in result) {
      console.log(
        `  import ${kind.padEnd(9)} STOPPED after ${result.seconds.toFixed(0)} s in ${result.step} (${grouped(result.rowsStaged)} rows staged); nothing of it committed`,
      );
      break;
    }
    if (result.errorCount > 0) throw new Error(`${kind}.csv was rejected (${result.errorCount} errors):\n  ${result.firstErrors.join('\n  ')}`);
    console.log(
      `  import ${kind.padEnd(9)} ${grouped(result.rows).padStart(9)} rows  ${result.seconds.toFixed(1).padStart(6)} s  ${grouped(result.rows / result.seconds).padStart(7)} rows/s  ` +
        `CPU node ${result.nodeCpuSeconds.toFixed(1)} s${result.serverCpuSeconds === null ? '' : ` + server ${result.serverCpuSeconds.toFixed(1)} s`}  ` +
        `peak RSS ${grouped(result.peakRssMb)} MB (${grouped(result.baselineRssMb)} MB before)  ` +
        `[stage ${result.phases.stage.toFixed(1)} s, check ${result.phases.check.toFixed(1)} s, merge ${result.phases.merge.toFixed(1)} s]`,
    );
  }

  const database = await openTarget(engine, target.location);
  try {
    const engineVersion = await serverVersion(database.db);
    const settings = await serverSettings(database.db);
    if (imports.some((i) => 'timedOut' in i)) console.log('  (aging on what was imported before the stop)');
    const agingContention = cpuContention();
    console.log(`  aging right after the import (${agingContention})`);
    const asImported = await measureAging(database.db, target.organisationId);
    // PGlite has no autovacuum: without this its planner works from no statistics at all.
    await sql`vacuum analyze`.execute(database.db);
    console.log('  aging after VACUUM ANALYZE');
    const analysed = await measureAging(database.db, target.organisationId);
    return {
      engine,
      size,
      invoices,
      customers,
      measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      engineVersion,
      settings,
      contention: { import: importContention, aging: agingContention },
      imports,
      aging: { asImported, analysed },
    };
  } finally {
    await database.close();
  }
}

async function measureAging(db: Db, organisationId: string): Promise<AgingMeasurement> {
  const reportMs: number[] = [];
  const floorMs: number[] = [];
  let agreement: Agreement | undefined;
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
  const ctx = { org, actor: 'bench', now: new Date() };
  // Alternate the two so that a busy moment on a shared machine hits both alike.
  for (let run = 0; run <= timedRuns; run++) {
    const report = await timed(() => agingReport(db, ctx, asOf));
    const floor = await timed(() => agingFloor(db, organisationId, asOf));
    if (run === 0) {
      agreement = compareAging(report.value, floor.value);
    } else {
      reportMs.push(report.ms);
      floorMs.push(floor.ms);
    }
    console.log(`    ${run === 0 ? 'warm-up' : `run ${run}  `}  report ${grouped(report.ms).padStart(6)} ms   floor ${grouped(floor.ms).padStart(6)} ms`);
  }
  const reportMedianMs = median(reportMs);
  const floorMedianMs = median(floorMs);
  const ratio = reportMedianMs / floorMedianMs;
  console.log(
    `    median  report ${grouped(reportMedianMs)} ms, floor ${grouped(floorMedianMs)} ms, ratio ${ratio.toFixed(2)}; ` +
      `${agreement!.lines} lines, ${agreement!.agree ? 'results agree' : `RESULTS DIFFER: ${agreement!.mismatches.join('; ')}`}`,
  );
  return { reportMs, floorMs, reportMedianMs, floorMedianMs, ratio, agreement: agreement! };
}

/** One entry per engine, size and server settings, so a tuned server's figures sit beside the stock ones. */
function storeKey(m: SizeMeasurement): string {
  return `${m.engine}/${m.size}/${m.settings}`;
}

/** "postgres" or "postgres, shared_buffers 4GB" when the server is not at the stock 128MB. */
function engineLabel(m: SizeMeasurement): string {
  const sharedBuffers = /shared_buffers (\S+?),/.exec(m.settings)?.[1];
  return m.engine === 'postgres' && sharedBuffers && sharedBuffers !== '128MB' ? `postgres, shared_buffers ${sharedBuffers}` : m.engine;
}

async function serverSettings(db: Db): Promise<string> {
  const names = ['shared_buffers', 'work_mem', 'max_wal_size'];
  const rows = await sql<{ name: string; setting: string }>`select name, current_setting(name) as setting from unnest(${names}::text[]) as name`.execute(db);
  return rows.rows.map((r) => `${r.name} ${r.setting}`).join(', ');
}

function invoiceCount(size: string): number {
  const value = Number(size.slice(0, -1)) * (size.endsWith('m') ? 1_000_000 : 1_000);
  if (value % invoicesPerCustomer !== 0) fail(`size ${size} must be a multiple of ${invoicesPerCustomer} invoices`);
  return value;
}

/** bench/data/<size>/ (or REGUA_BENCH_DATA/<size>/){customers,invoices,payments}.csv, generated when missing. */
function ensureData(size: string, customers: number, invoices: number): string {
  const dir = benchDataPath(size);
  if (kinds.every((kind) => existsSync(`${dir}/${kind}.csv`))) return dir;
  console.log(`generating ${dir} …`);
  const generator = new URL('./generate.ts', import.meta.url).pathname;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', generator, '--customers', String(customers), '--invoices', String(invoices), '--seed', String(seed), '--as-of', asOf, '--out', dir],
    {
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) throw new Error(`bench/generate.ts failed (exit ${run.status})`);
  return dir;
}

async function versionOf(engine: Engine): Promise<string> {
  const found = Object.values(store).find((m) => m.engine === engine);
  if (found) return found.engineVersion;
  if (engine !== 'postgres') return 'not measured';
  const database = await openTarget('postgres', postgresServerUrl);
  try {
    return await serverVersion(database.db);
  } finally {
    await database.close();
  }
}

function renderSection(all: SizeMeasurement[], machine: MachineFacts, postgres: string): string {
  const order = (m: SizeMeasurement) => `${m.engine === 'postgres' ? 0 : 1}${String(m.invoices).padStart(12, '0')}`;
  const measured = [...all].sort((a, b) => order(a).localeCompare(order(b)));
  const pgliteEngine = measured.find((m) => m.engine === 'pglite')?.engineVersion ?? 'PostgreSQL';
  const seconds = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} s`);
  const agingRows = measured.flatMap((m) =>
    (['asImported', 'analysed'] as const).map((state) => {
      const a = m.aging[state];
      return [
        engineLabel(m),
        m.size,
        `${state === 'asImported' ? 'as imported' : 'analysed'}${m.imports.some((i) => 'timedOut' in i) ? ` (without ${m.imports.at(-1)!.kind})` : ''}`,
        grouped(a.agreement.lines),
        `${grouped(a.reportMedianMs)} ms`,
        `${grouped(a.floorMedianMs)} ms`,
        `${a.ratio.toFixed(2)}×`,
        a.agreement.agree ? 'yes' : 'NO',
        a.reportMs.map((v) => grouped(v)).join(' / '),
        a.floorMs.map((v) => grouped(v)).join(' / '),
      ];
    }),
  );
  return [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB RAM; Node ${machine.node}; ` +
      `PostgreSQL server ${postgres.replace('PostgreSQL ', '')} on the same machine (fsync on; memory settings per row below); ` +
      `PGlite ${machine.pgliteVersion} (${pgliteEngine} in WASM). Section written ${machine.date}.`,
    '',
    'The machine was shared with other work while these figures were taken; the CPU contention at each measurement is listed ' +
      'below (load average; CPU pressure = share of the last minute in which a runnable task waited for a CPU). ' +
      'Wall times under contention are upper bounds; the CPU seconds are closer to what an idle machine would show.',
    '',
    `Data: \`bench/generate.ts\`, seed ${seed}, ${invoicesPerCustomer} invoices per customer, about 0.9 payments per invoice; aging as of ${asOf}. ` +
      'Reproduce: `node --import tsx bench/import-aging.ts --sizes 100k,1m --engines postgres,pglite`.',
    '',
    '### Import (`importFile`, one child process per file)',
    '',
    'Time is `importFile` alone: stream + validate + stage ("stage"), the spec\'s `check`, its `merge` (which includes payment allocation), commit. ' +
      'CPU: user + system seconds of the Node child, and of the PostgreSQL backend serving it (from /proc). ' +
      'Peak RSS is the child\'s `process.resourceUsage().maxRSS`; "before" is its RSS with the database open and nothing imported ' +
      '(for PGlite that includes the WASM engine).',
    '',
    markdownTable(
      ['engine', 'size', 'file', 'rows', 'time', 'rows/s', 'stage', 'check', 'merge', 'CPU node', 'CPU server', 'peak RSS', 'before'],
      measured.flatMap((m) =>
        m.imports.map((i) =>
          'timedOut' in i
            ? [
                engineLabel(m),
                m.size,
                i.kind,
                `${grouped(i.rowsStaged)} staged`,
                `> ${i.seconds.toFixed(0)} s`,
                `stopped in ${i.step}`,
                '—',
                '—',
                '—',
                '—',
                '—',
                '—',
                '—',
              ]
            : [
                engineLabel(m),
                m.size,
                i.kind,
                grouped(i.rows),
                seconds(i.seconds),
                grouped(i.rows / i.seconds),
                seconds(i.phases.stage),
                seconds(i.phases.check),
                seconds(i.phases.merge),
                seconds(i.nodeCpuSeconds),
                seconds(i.serverCpuSeconds),
                `${grouped(i.peakRssMb)} MB`,
                `${grouped(i.baselineRssMb)} MB`,
              ],
        ),
      ),
    ),
    '',
    '### Aging (`agingReport` vs a hand-written SQL floor)',
    '',
    `Warm: 1 warm-up, then ${timedRuns} timed runs of each, alternating; medians. The floor (\`bench/lib/aging-floor.ts\`) is one query: invoices ` +
      'left-joined with the grouped sum of the allocations valid on the date, grouped by customer × currency × bucket, no names. ' +
      '"as imported" is right after the import (PGlite never gathers statistics by itself; PostgreSQL\'s autovacuum may not have run yet); ' +
      '"analysed" is after `VACUUM ANALYZE`. "agree" compares every customer × currency × bucket cell and the per-currency totals of the two.',
    '',
    markdownTable(['engine', 'size', 'state', 'lines', 'report', 'floor', 'ratio', 'agree', 'report runs (ms)', 'floor runs (ms)'], agingRows),
    '',
    '### Targets',
    '',
    markdownTable(['target', 'measured', 'met'], targetRows(measured)),
    '',
    '### When and how busy',
    '',
    markdownTable(
      ['engine', 'size', 'measured', 'server settings', 'during import', 'during aging', 'open balance (analysed)'],
      measured.map((m) => [
        engineLabel(m),
        m.size,
        m.measuredAt,
        m.settings,
        m.contention.import,
        m.contention.aging,
        Object.entries(m.aging.analysed.agreement.totals)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, minor]) => `${currency} ${formatAmount(minor, currency)}`)
          .join(', '),
      ]),
    ),
  ].join('\n');
}

function targetRows(measured: SizeMeasurement[]): string[][] {
  const rows: string[][] = [];
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  for (const m of measured.filter((x) => x.engine === 'postgres')) {
    const invoices = m.imports.find((i) => i.kind === 'invoices');
    if (!invoices || 'timedOut' in invoices) {
      rows.push([`import ≥ ${grouped(targets.invoicesPerSecond)} invoices/s on ${engineLabel(m)} (${m.size})`, 'not completed', yes(false)]);
      continue;
    }
    const rate = invoices.rows / invoices.seconds;
    rows.push([
      `import ≥ ${grouped(targets.invoicesPerSecond)} invoices/s on ${engineLabel(m)} (${m.size})`,
      `${grouped(rate)} invoices/s`,
      yes(rate >= targets.invoicesPerSecond),
    ]);
  }
  const atMillion = measured.filter((m) => m.invoices >= 1_000_000);
  for (const m of atMillion) {
    for (const state of ['asImported', 'analysed'] as const) {
      const ratio = m.aging[state].ratio;
      rows.push([
        `aging of ${m.size} within ${targets.agingRatio}× of the floor, ${engineLabel(m)}, ${state === 'analysed' ? 'analysed' : 'as imported'}`,
        `${ratio.toFixed(2)}×`,
        yes(ratio <= targets.agingRatio),
      ]);
    }
  }
  for (const m of atMillion) {
    const completed = m.imports.filter((i): i is ImportMeasurement => !('timedOut' in i));
    const stopped = m.imports.filter((i) => 'timedOut' in i).map((i) => `${i.kind} not completed`);
    if (completed.length === 0) continue;
    const peak = Math.max(...completed.map((i) => i.peakRssMb));
    const worst = completed.find((i) => i.peakRssMb === peak)!;
    rows.push([
      `import of a ${m.size}-row file, peak RSS ≤ ${targets.peakRssMb} MB, ${engineLabel(m)}`,
      [`${grouped(peak)} MB (${worst.kind})`, ...stopped].join('; '),
      yes(peak <= targets.peakRssMb),
    ]);
  }
  return rows;
}

function loadStore(): Record<string, SizeMeasurement> {
  if (!existsSync(storeFile)) return {};
  return JSON.parse(readFileSync(storeFile, 'utf8')) as Record<string, SizeMeasurement>;
}

function fail(message: string): never {
  return failWithUsage(usage, message);
}
