import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { UserError } from '../../use-cases/errors.ts';
import { collectionMetricsReport, metricsPeriod, metricsToJson, type MetricsJson } from '../../use-cases/insight/collection-metrics.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

export function registerInsight(program: Command, globals: () => GlobalOptions): void {
  program
    .command('metrics')
    .description(
      'collection metrics per currency for a period: DSO (standard, countback, best possible), average days delinquent, CEI, 90+ share, promise-kept rate, recovery by cadence step and template',
    )
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (default: 89 days before --to)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (default: --as-of)')
    .option('--as-of <date>', 'the date the figures are known on, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print the JSON report')
    .action(async (options: { from?: string; to?: string; asOf?: string; json?: boolean }) => {
      for (const [flag, value] of [
        ['--from', options.from],
        ['--to', options.to],
        ['--as-of', options.asOf],
      ] as const) {
        if (value !== undefined && !isIsoDate(value)) throw new UserError(`${flag} "${value}" is not a date in the form YYYY-MM-DD`);
      }
      const json = await withContext(globals(), async (context) => {
        const ctx = orgContextOf(context);
        const period = metricsPeriod(options.asOf ?? businessDateOf(ctx), options.from, options.to);
        return metricsToJson(await collectionMetricsReport(context.database.db, ctx, period));
      });
      process.stdout.write(`${options.json ? JSON.stringify(json, null, 2) : renderMetrics(json)}\n`);
    });
}

function renderMetrics(report: MetricsJson): string {
  const show = (value: number | null, suffix = '') => (value === null ? '—' : `${value}${suffix}`);
  const rows = report.currencies.map((c) => [
    c.currency,
    c.credit_sales,
    c.receivables_ending,
    show(c.dso),
    show(c.countback_dso),
    show(c.best_possible_dso),
    show(c.average_days_delinquent),
    show(c.cei, '%'),
    c.share_90_plus === null ? '—' : `${(c.share_90_plus * 100).toFixed(1)}%`,
    c.promise_kept_rate === null ? '—' : `${c.promises_kept}/${c.promises_kept + c.promises_broken}`,
  ]);
  const header = ['cur', 'credit sales', 'receivables', 'DSO', 'countback', 'best DSO', 'ADD', 'CEI', '90+', 'promises kept'];
  const metrics = `Collection metrics ${report.from} to ${report.to} (${report.days} days), as of ${report.as_of}\n${textTable(header, rows, (i) => i >= 1)}`;
  return [metrics, renderRecovery('step', report.recovery_by_step), renderRecovery('template', report.recovery_by_template)].filter(Boolean).join('\n\n');
}

/** Recovery of the messages sent in the period: paid within 7 / 14 / 30 days ÷ chased, with the invoices paid and counted. */
function renderRecovery(by: 'step' | 'template', lines: MetricsJson['recovery_by_step'] | MetricsJson['recovery_by_template']): string {
  if (lines.length === 0) return '';
  const rows = lines.map((line) => [
    'step' in line ? line.step : line.template,
    line.currency,
    String(line.messages),
    line.amount_chased,
    ...line.within.map((w) => (w.share_paid === null ? '—' : `${(w.share_paid * 100).toFixed(1)}% (${w.invoices_paid}/${w.invoices})`)),
  ]);
  const header = [by, 'cur', 'messages', 'chased', ...(lines[0]?.within ?? []).map((w) => `paid ≤${w.days}d`)];
  return `Recovery by ${by} (messages sent in the period)\n${textTable(header, rows, (i) => i >= 2)}`;
}
