import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { UserError } from '../../use-cases/errors.ts';
import {
  backtestToJson,
  forecastBacktestReport,
  forecastReport,
  forecastToJson,
  type BacktestJson,
  type ForecastJson,
} from '../../use-cases/insight/cash-forecast.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

export function registerForecast(program: Command, globals: () => GlobalOptions): void {
  const checkDate = (asOf: string | undefined) => {
    if (asOf !== undefined && !isIsoDate(asOf)) throw new UserError(`--as-of "${asOf}" is not a date in the form YYYY-MM-DD`);
  };
  const forecast = program
    .command('forecast')
    .description(
      "cash forecast: expected receipts per week for the next 13 weeks per currency, from the open invoices and each customer's lateness, with a low/high band",
    )
    .option('--as-of <date>', 'the forecast date, YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (o: { asOf?: string; json?: boolean }) => {
      checkDate(o.asOf);
      const json = await withContext(globals(), async (context) => forecastToJson(await forecastReport(context.database.db, orgContextOf(context), o.asOf)));
      process.stdout.write(`${o.json ? JSON.stringify(json, null, 2) : renderForecast(json)}\n`);
    });

  forecast
    .command('backtest')
    .description(
      'replays the past: the forecast made on 6 past dates against what was received, and the naive forecast (every invoice paid on its due date); weighted absolute percentage errors',
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: today); the latest replayed date is 13 weeks before it')
    .option('--json', 'print JSON')
    .action(async (o: { asOf?: string; json?: boolean }) => {
      checkDate(o.asOf);
      const json = await withContext(globals(), async (context) =>
        backtestToJson(await forecastBacktestReport(context.database.db, orgContextOf(context), o.asOf)),
      );
      process.stdout.write(`${o.json ? JSON.stringify(json, null, 2) : renderBacktest(json)}\n`);
    });
}

function renderForecast(report: ForecastJson): string {
  if (report.currencies.length === 0) return `Cash forecast as of ${report.as_of}: nothing open`;
  return report.currencies
    .map((c) => {
      const rows = c.weeks.map((w) => [String(w.week), `${w.from} – ${w.to}`, w.expected, w.low, w.high]);
      return `Cash forecast as of ${report.as_of}, ${c.currency}: ${c.expected} expected in 13 weeks of ${c.open} open\n${textTable(['week', 'days', 'expected', 'low', 'high'], rows, (i) => i >= 2)}`;
    })
    .join('\n\n');
}

function renderBacktest(b: BacktestJson): string {
  const show = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
  const rows = b.currencies.map((c) => [c.currency, c.received, c.forecast, c.naive, show(c.wape_percent), show(c.naive_wape_percent)]);
  return [
    `Forecast backtest as of ${b.as_of}: forecasts made on ${b.dates.join(', ')}, 13 weeks each`,
    `weighted absolute percentage error: forecast ${show(b.wape_percent)}, naive (paid on the due date) ${show(b.naive_wape_percent)}; improvement ${show(b.improvement_percent)}`,
    textTable(['cur', 'received', 'forecast', 'naive', 'WAPE', 'naive WAPE'], rows, (i) => i >= 1),
  ].join('\n');
}
