import type { Command } from 'commander';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { agingReport, agingToJson, type AgingReport } from '../../use-cases/aging-report.ts';
import { UserError } from '../../use-cases/errors.ts';
import { cliContext, type GlobalOptions, withContext } from '../context.ts';
import { csvRow } from '../../domain/csv.ts';
import { textTable } from '../output.ts';

export function registerAging(program: Command, globals: () => GlobalOptions): void {
  program
    .command('aging')
    .description('open receivables by days overdue, per customer and currency, as of a date')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--format <format>', 'table | json | csv', 'table')
    .option('--buckets <bounds>', 'bucket upper bounds in days, e.g. 30,60,90 (default: organisation setting or 30,60,90)')
    .action(async (options: { asOf?: string; format: string; buckets?: string }) => {
      if (options.asOf && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      if (!['table', 'json', 'csv'].includes(options.format)) throw new UserError(`--format must be table, json or csv (got "${options.format}")`);
      const bounds = options.buckets ? parseBounds(options.buckets) : undefined;
      const report = await withContext(globals(), ({ database, org }) =>
        agingReport(database.db, cliContext(org), options.asOf ?? dateInZone(new Date(), org.timezone), bounds ?? org.settings.aging_buckets),
      );
      process.stdout.write(`${render(report, options.format)}\n`);
    });
}

function parseBounds(text: string): number[] {
  const bounds = text.split(',').map((s) => Number(s.trim()));
  if (bounds.some((b) => !Number.isInteger(b) || b < 1) || bounds.some((b, i) => i > 0 && b <= bounds[i - 1]!)) {
    throw new UserError(`--buckets "${text}" must be ascending whole numbers of days, e.g. 30,60,90`);
  }
  return bounds;
}

function render(report: AgingReport, format: string): string {
  if (format === 'json') return JSON.stringify(agingToJson(report), null, 2);
  const labels = report.buckets.labels;
  if (format === 'csv') {
    return [
      csvRow(['external_id', 'name', 'currency', ...labels, 'total', 'oldest_days_overdue']),
      ...report.lines.map((l) =>
        csvRow([
          l.externalId,
          l.name,
          l.currency,
          ...l.byBucket.map((a) => formatAmount(a, l.currency)),
          formatAmount(l.total, l.currency),
          Math.max(0, l.oldestDaysOverdue),
        ]),
      ),
    ].join('\n');
  }
  const rows = report.lines.map((l) => [
    l.externalId,
    truncate(l.name, 32),
    l.currency,
    ...l.byBucket.map((a) => formatAmount(a, l.currency)),
    formatAmount(l.total, l.currency),
    String(Math.max(0, l.oldestDaysOverdue)),
  ]);
  const totals = report.totals.map((t) => [
    'TOTAL',
    '',
    t.currency,
    ...t.byBucket.map((a) => formatAmount(a, t.currency)),
    formatAmount(t.total, t.currency),
    '',
  ]);
  const header = ['customer', 'name', 'cur', ...labels, 'total', 'days'];
  return `Aging as of ${report.asOf}\n${textTable(header, [...rows, ...totals], (i) => i >= 3)}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
