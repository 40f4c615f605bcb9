// Writes a large demo portfolio as the three contract CSV files, for import and run benchmarks:
//
//   node --import tsx bench/generate.ts --customers 100000 --invoices 1000000 --seed 42 --out bench/data/1m [--as-of 2026-11-22]
//
// Customers are generated and written one at a time (the files are streamed with backpressure),
// so memory stays flat whatever the size. The invoice total is exact: each customer gets a
// share of what is left, with some spread. Same generators as `regua demo`.
import { benchArgs, failWithUsage } from './lib/args.ts';
import { isIsoDate } from '../src/domain/dates.ts';
import { generateCustomer } from '../src/demo/customer.ts';
import { openPortfolioCsv } from '../src/demo/csv-writer.ts';
import { generateHistory, type IdCounters } from '../src/demo/history.ts';
import { createRandom, mixSeed } from '../src/demo/random.ts';

const usage = 'usage: node --import tsx bench/generate.ts --customers N --invoices N [--seed N] [--as-of YYYY-MM-DD] --out DIR';

function fail(message: string): never {
  return failWithUsage(usage, message);
}

function wholeNumber(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) fail(`--${name} is required`);
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) fail(`--${name} must be a whole number (got "${text}")`);
  return value;
}

const args = benchArgs(usage, {
  customers: { type: 'string' },
  invoices: { type: 'string' },
  seed: { type: 'string' },
  'as-of': { type: 'string' },
  out: { type: 'string' },
});

const customers = wholeNumber('customers', args.customers);
const invoices = wholeNumber('invoices', args.invoices);
const seed = wholeNumber('seed', args.seed, 42);
// Default: today (UTC). Pass --as-of for files that do not change from one day to the next.
const asOf = args['as-of'] ?? new Date().toISOString().slice(0, 10);
if (!isIsoDate(asOf)) fail(`--as-of must be a date YYYY-MM-DD (got "${asOf}")`);
const out = args.out ?? fail('--out is required');
if (customers === 0 && invoices > 0) fail('invoices need at least one customer');

const started = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
const files = await openPortfolioCsv(out);
const ids: IdCounters = { invoice: 0, payment: 0 };
const interactive = process.stderr.isTTY;
let lastReport = 0;

function report(done: number, final = false): void {
  const line = `${Math.floor((100 * done) / Math.max(customers, 1))} %  customers ${done}/${customers}  invoices ${ids.invoice}  payments ${ids.payment}  ${elapsed().toFixed(1)} s`;
  if (interactive) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}

for (let index = 0; index < customers; index++) {
  const customer = generateCustomer(seed, index, asOf);
  // This customer's share of the invoices still to make: 0.3 to 1.7 times the average of
  // what is left, which keeps the total exact and the spread realistic.
  const left = customers - index;
  const remaining = invoices - ids.invoice;
  const spread = 0.3 + 1.4 * createRandom(mixSeed(seed, index, 3)).next();
  const count = left === 1 ? remaining : Math.min(remaining, Math.round((remaining / left) * spread));
  const history = generateHistory(customer, count, asOf, ids);
  await files.customers.write([customer.row]);
  await files.invoices.write(history.invoices);
  await files.payments.write(history.payments);

  const now = elapsed();
  if (now - lastReport >= (interactive ? 0.25 : 5)) {
    lastReport = now;
    report(index + 1);
  }
}
await Promise.all([files.customers.close(), files.invoices.close(), files.payments.close()]);
report(customers, true);

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
console.log(`as of ${asOf}, seed ${seed}: wrote in ${elapsed().toFixed(1)} s`);
for (const file of [files.customers, files.invoices, files.payments]) {
  console.log(`  ${file.path}  ${file.rows} rows  ${mb(file.bytesWritten)}`);
}
