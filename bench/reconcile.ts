// Reconciliation benchmark (issue 9):
//
//   node --import tsx bench/reconcile.ts [--lines 100000] [--invoices 1000000] [--no-append] [--reuse]
//
// --reuse keeps the portfolio of an earlier run (same sizes) and undoes its reconciliation
// instead of loading a million invoices again.
// Creates regua_bench_reconcile on the benchmark PostgreSQL server (dropped first), loads the
// open invoices with INSERT … SELECT generate_series (5 per customer; 40 % carry a nosso
// número, 30 % a Pix txid; valid CPFs), writes a CSV statement whose truth is known — Pix
// with the txid, transfers naming the invoice number, Pix with the payer's CPF and the exact
// amount, Pix with the payer's name only — plus noise: wrong amounts, references left out,
// lines repeated by the bank, unrelated deposits. Times importStatement (parse, load the
// open items in batches, match, write lines, payments, allocations, contact record) and
// scores the automatic matches against the truth: precision = right / matched, recall =
// right / lines that truly pay one invoice. Writes (or replaces) "## Reconciliation" in bench/RESULTS.md.
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { importStatement } from '../src/use-cases/reconciliation/import-statement.ts';
import type { Db } from '../src/db/database.ts';
import { createFreshTarget, openTarget, postgresServerUrl } from './lib/bench-database.ts';
import { cpuContention, machineFacts, serverVersion } from './lib/machine.ts';
import { benchArgs } from './lib/args.ts';
import { benchDataPath, smokeMode } from './lib/data-dir.ts';
import { markdownTable, writeSection } from './lib/results-file.ts';
import { grouped } from './lib/stats.ts';

const usage = 'usage: node --import tsx bench/reconcile.ts [--lines 100000] [--invoices 1000000] [--no-append] [--reuse] [--smoke]';
// --smoke: 100 lines against 1,000 invoices (PostgreSQL database regua_bench_reconcile_smoke), bench/RESULTS.md untouched.
const smoke = smokeMode();
const args = benchArgs(usage, {
  lines: { type: 'string', default: smoke ? '100' : '100000' },
  invoices: { type: 'string', default: smoke ? '1000' : '1000000' },
  'no-append': { type: 'boolean', default: false },
  reuse: { type: 'boolean', default: false },
  smoke: { type: 'boolean', default: false },
});
const LINES = Number(args.lines);
const INVOICES = Number(args.invoices);
const PER_CUSTOMER = 5;
const CUSTOMERS = Math.ceil(INVOICES / PER_CUSTOMER);
const TARGET_SECONDS = 30;

// ------------------------------------------------ the portfolio, as formulas shared by SQL and JS
const FIRST = [
  'ALFA',
  'BETA',
  'CASA',
  'DELTA',
  'ESTRELA',
  'FAROL',
  'GRANJA',
  'HORIZONTE',
  'IPE',
  'JATOBA',
  'LUAR',
  'MONTE',
  'NOVA',
  'OASIS',
  'PRATA',
  'QUINTA',
  'RIO',
  'SOL',
  'TERRA',
  'URCA',
];
const SECOND = [
  'COMERCIO',
  'PADARIA',
  'OFICINA',
  'MERCADO',
  'FARMACIA',
  'PAPELARIA',
  'TRANSPORTES',
  'CONSTRUCOES',
  'ALIMENTOS',
  'SERVICOS',
  'DISTRIBUIDORA',
  'TEXTIL',
  'AUTOPECAS',
  'MOVEIS',
  'ELETRICA',
  'VIDROS',
];
const customerName = (m: number) => `${FIRST[m % FIRST.length]} ${SECOND[Math.floor(m / FIRST.length) % SECOND.length]} ${m} LTDA`;
const cpfBase = (m: number) => String(100_000_000 + m * 37).slice(-9);
function cpf(m: number): string {
  const d = cpfBase(m).split('').map(Number);
  for (const len of [9, 10]) {
    const sum = d.slice(0, len).reduce((s, digit, i) => s + digit * (len + 1 - i), 0);
    const r = (sum * 10) % 11;
    d.push(r === 10 ? 0 : r);
  }
  return d.join('');
}
const customerOf = (n: number) => Math.floor((n - 1) / PER_CUSTOMER) + 1;
const amountOf = (n: number) => 1000 + ((n * 7919) % 499_000);
const numberOf = (n: number) => `NF-${String(n).padStart(7, '0')}`;
const hasTxid = (n: number) => n % 10 < 3;
const txidOf = (n: number) => `RG${String(n).padStart(10, '0')}X`;

/** The CPF check digits in SQL, the same computation as cpf() above. */
function cpfSql(base: string): string {
  const digit = (i: number) => `substr(${base}, ${i}, 1)::int`;
  const d1 = `((( ${Array.from({ length: 9 }, (_, i) => `${digit(i + 1)} * ${10 - i}`).join(' + ')} ) * 10) % 11 % 10)`;
  const d2 = `((( ${Array.from({ length: 9 }, (_, i) => `${digit(i + 1)} * ${11 - i}`).join(' + ')} + ${d1} * 2 ) * 10) % 11 % 10)`;
  return `${base} || ${d1}::text || ${d2}::text`;
}

// ------------------------------------------------ a seeded generator (mulberry32)
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Noise = 'clean' | 'wrong_amount' | 'no_reference' | 'repeated' | 'unrelated';
interface Truth {
  invoice: number | null;
  noise: Noise;
  style: string;
}

function statementCsv(): { csv: string; truth: Truth[] } {
  const rand = random(42);
  const used = new Set<number>();
  const rows: string[] = ['date,amount,description,reference,payer_name,payer_tax_id'];
  const truth: Truth[] = [];
  const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  while (rows.length - 1 < LINES) {
    const r = rand();
    if (r < 0.02 && rows.length > 1) {
      // the bank repeats a line it already sent: not a second payment
      const index = 1 + Math.floor(rand() * (rows.length - 1));
      rows.push(rows[index]!);
      truth.push({ invoice: null, noise: 'repeated', style: truth[index - 1]!.style });
      continue;
    }
    if (r < 0.05) {
      rows.push(`2026-03-05,${money(500 + Math.floor(rand() * 900_000))},DEPOSITO EM DINHEIRO,D${rows.length},,`);
      truth.push({ invoice: null, noise: 'unrelated', style: 'deposit' });
      continue;
    }
    let n: number;
    do n = 1 + Math.floor(rand() * INVOICES);
    while (used.has(n));
    used.add(n);
    const m = customerOf(n);
    const noise: Noise = rand() < 0.05 ? 'wrong_amount' : rand() < 0.08 ? 'no_reference' : 'clean';
    const amount = noise === 'wrong_amount' ? Math.max(100, amountOf(n) - 100 - Math.floor(rand() * amountOf(n) * 0.2)) : amountOf(n);
    const name = customerName(m);
    const s = rand();
    const style = hasTxid(n) && s < 0.9 ? 'pix_txid' : s < 0.45 ? 'memo' : s < 0.9 ? 'tax_id' : 'name';
    let description: string;
    let taxId = '';
    if (noise === 'no_reference') description = style === 'memo' ? 'TED RECEBIDA' : 'PIX RECEBIDO';
    else if (style === 'pix_txid') description = `PIX RECEBIDO TXID ${txidOf(n)}`;
    else if (style === 'memo') description = `TED RECEBIDA REF ${numberOf(n)}`;
    else description = 'PIX RECEBIDO';
    if (style === 'tax_id' && noise !== 'no_reference') taxId = cpf(m);
    rows.push(`2026-03-05,${money(amount)},${description},E${rows.length},${name},${taxId}`);
    truth.push({ invoice: n, noise, style });
  }
  return { csv: `${rows.join('\n')}\n`, truth };
}

// ------------------------------------------------ run
const facts = machineFacts();
console.log(`reconcile: ${grouped(LINES)} lines against ${grouped(INVOICES)} open invoices (${grouped(CUSTOMERS)} customers) on PostgreSQL`);
const benchLabel = smoke ? 'reconcile_smoke' : 'reconcile';
const benchUrl = (() => {
  const url = new URL(postgresServerUrl);
  url.pathname = `/regua_bench_${benchLabel}`;
  return url.toString();
})();
let database = args.reuse ? await openTarget('postgres', benchUrl, { connections: 2 }).catch(() => undefined) : undefined;
let org =
  database &&
  (await database.db
    .selectFrom('organisations')
    .selectAll()
    .where('slug', '=', 'bench')
    .executeTakeFirst()
    .catch(() => undefined));
const existing =
  org && database
    ? Number((await sql<{ n: string }>`select count(*) as n from invoices where organisation_id = ${org.id}`.execute(database.db)).rows[0]!.n)
    : 0;
let loadSeconds = 0;
if (database && org && existing === INVOICES) {
  // Undo the previous run: its statement lines, payments and allocations, and the contact record.
  const db = database.db;
  // The benchmark database holds this one organisation: truncating is the quick way back.
  await sql`truncate bank_statement_lines, bank_statements, allocations, payments, interactions, interaction_chain_heads cascade`.execute(db);
  await sql`update invoices set paid_minor = 0, status = 'open' where organisation_id = ${org.id} and (status <> 'open' or paid_minor <> 0)`.execute(db);
  await sql`vacuum analyze`.execute(db);
  console.log('reusing the portfolio of the previous run');
} else {
  await database?.close();
  const target = await createFreshTarget('postgres', benchLabel);
  database = await openTarget('postgres', target.location, { connections: 2 });
  org = await database.db.selectFrom('organisations').selectAll().where('id', '=', target.organisationId).executeTakeFirstOrThrow();
  const t = Date.now();
  await loadPortfolio(database.db, org.id);
  loadSeconds = (Date.now() - t) / 1000;
  console.log(`loaded in ${loadSeconds.toFixed(1)} s (not timed below)`);
}
const db = database.db;
const orgId = org!.id;
const version = await serverVersion(db);
const probe = Math.min(4242, CUSTOMERS);
const check = await db
  .selectFrom('customers')
  .select(['name', 'tax_id'])
  .where('organisation_id', '=', orgId)
  .where('external_id', '=', `C${probe}`)
  .executeTakeFirstOrThrow();
if (check.name !== customerName(probe) || check.tax_id !== cpf(probe))
  throw new Error(`SQL and JS portfolios differ: ${JSON.stringify(check)} vs ${customerName(probe)} ${cpf(probe)}`);

async function loadPortfolio(db: Db, organisationId: string): Promise<void> {
  await sql`
    insert into customers (organisation_id, external_id, name, tax_id, tax_id_kind, party_type, country, language, timezone, updated_at)
    select ${organisationId}, 'C' || m, ${sql.raw(`(array[${FIRST.map((w) => `'${w}'`).join(',')}])[m % ${FIRST.length} + 1] || ' ' || (array[${SECOND.map((w) => `'${w}'`).join(',')}])[(m / ${FIRST.length}) % ${SECOND.length} + 1] || ' ' || m || ' LTDA'`)},
      ${sql.raw(cpfSql(`right((100000000 + m * 37)::text, 9)`))}, 'cpf', 'consumer', 'BR', 'pt-BR', 'America/Sao_Paulo', now()
    from generate_series(1, ${CUSTOMERS}) as m`.execute(db);
  await sql`
    insert into invoices (organisation_id, external_id, customer_id, number, issue_date, due_date, amount_minor, currency, nosso_numero, pix_txid, updated_at)
    select ${organisationId}, 'NF-' || lpad(n::text, 7, '0'), c.id, 'NF-' || lpad(n::text, 7, '0'), date '2026-01-01' + (n % 60), date '2026-02-01' + (n % 60),
      1000 + (n::bigint * 7919) % 499000, 'BRL',
      case when n % 10 >= 6 then '9' || lpad(n::text, 10, '0') end,
      case when n % 10 < 3 then 'RG' || lpad(n::text, 10, '0') || 'X' end, now()
    from generate_series(1, ${INVOICES}) as n
    join customers c on c.organisation_id = ${organisationId} and c.external_id = 'C' || ((n - 1) / ${PER_CUSTOMER} + 1)`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

const { csv, truth } = statementCsv();
const statementPath = benchDataPath('reconcile-statement.csv');
writeFileSync(statementPath, csv);

const contention = cpuContention();
const t = Date.now();
const phases: [string, number][] = [];
const result = await importStatement(
  db,
  org!,
  { path: statementPath },
  { now: new Date('2026-03-05T13:00:00Z'), actor: 'bench', onPhase: (name, ms) => phases.push([name, ms]) },
);
const importSeconds = (Date.now() - t) / 1000;
console.log(`imported in ${importSeconds.toFixed(1)} s: ${JSON.stringify(result.counts)}`);

// ------------------------------------------------ score against the truth
const outcome = await sql<{ line_no: number; status: string; rule: string | null; number: string | null }>`
  select l.line_no, l.status, l.rule, i.number
  from bank_statement_lines l
  left join payments p on p.organisation_id = l.organisation_id and p.id = l.payment_id
  left join invoices i on i.organisation_id = p.organisation_id and i.id = p.target_invoice_id
  where l.organisation_id = ${orgId}`.execute(db);
const byLine = new Map(outcome.rows.map((r) => [r.line_no, r]));
let matched = 0,
  right = 0,
  payable = 0,
  found = 0;
const perNoise = new Map<string, { lines: number; matched: number; right: number }>();
truth.forEach((tr, i) => {
  const row = byLine.get(i + 2); // CSV line numbers: header is line 1
  const isMatched = row?.status === 'matched';
  const isRight = isMatched && tr.invoice !== null && row.number === numberOf(tr.invoice);
  if (isMatched) matched += 1;
  if (isRight) right += 1;
  if (tr.invoice !== null) {
    payable += 1;
    if (isRight) found += 1;
  }
  const key = `${tr.noise}${tr.invoice === null ? '' : ` / ${tr.style}`}`;
  const s = perNoise.get(key) ?? { lines: 0, matched: 0, right: 0 };
  s.lines += 1;
  if (isMatched) s.matched += 1;
  if (isRight) s.right += 1;
  perNoise.set(key, s);
});
const precision = matched === 0 ? 1 : right / matched;
const recall = found / payable;
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
await database.close();

const summaryRows = [
  ['statement lines', grouped(LINES)],
  ['open invoices', grouped(INVOICES)],
  ['import time (PostgreSQL)', `${importSeconds.toFixed(1)} s`],
  [`target ≤ ${TARGET_SECONDS} s`, importSeconds <= TARGET_SECONDS ? 'met' : '**not met**'],
  [
    'matched / suggested / unmatched / ignored / duplicate',
    `${result.counts.matched} / ${result.counts.suggested} / ${result.counts.unmatched} / ${result.counts.ignored} / ${result.counts.duplicate}`,
  ],
  ['phases', phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')],
  ['precision (right / matched automatically)', `${pct(precision)} (${grouped(right)} / ${grouped(matched)})`],
  ['recall (right / lines truly paying an invoice)', `${pct(recall)} (${grouped(found)} / ${grouped(payable)})`],
];
const noiseRows = [...perNoise.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, s]) => [k, grouped(s.lines), grouped(s.matched), grouped(s.right)]);
const section = [
  `\`node --import tsx bench/reconcile.ts\` — ${facts.date}, ${version}, Node ${facts.node}, ${facts.cpus} CPUs (${facts.cpuModel}), ${facts.memoryGb} GB; ${contention} when the import started.`,
  `Portfolio loaded with INSERT … SELECT generate_series${loadSeconds > 0 ? ` in ${loadSeconds.toFixed(1)} s` : ' (by an earlier run)'}, not part of the timing. The statement is a CSV (seed 42); the timing covers`,
  'parsing, loading the open items in 50k batches, matching, and writing lines, payments, allocations and contact-record entries in one transaction.',
  '',
  markdownTable(['measure', 'value'], summaryRows),
  '',
  'Per kind of line (noise / how the payer identified the invoice):',
  '',
  markdownTable(['line kind', 'lines', 'matched', 'right'], noiseRows),
  '',
].join('\n');
console.log(`\n## Reconciliation\n\n${section}`);
if (!args['no-append'] && !smoke) writeSection(new URL('./RESULTS.md', import.meta.url).pathname, '## Reconciliation', section, '# Benchmark results');
