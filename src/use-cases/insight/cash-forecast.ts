import type { Db } from '../../db/database.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { backtestDates, backtestForecast, cashForecast, type Backtest, type CurrencyForecast, type ForecastHistory } from '../../domain/insight/forecast.ts';
import { formatAmount } from '../../domain/money.ts';
import { organisationInvoiceHistory } from '../../stores/insight.ts';
import { businessDateOf, type OrgContext } from '../org-context.ts';
import { behaviourInvoices } from './customer-behaviour.ts';

/** The organisation's invoices, allocations and plan coverage as the pure forecast reads them. */
async function loadForecastHistory(db: Db, organisationId: string): Promise<ForecastHistory> {
  const { invoices, allocations, coverage } = await organisationInvoiceHistory(db, organisationId);
  const asHistory = behaviourInvoices(coverage);
  return {
    invoices: invoices.map((i) => ({ ...asHistory(i), customerId: i.customer_id })),
    allocations: allocations.map((a) => ({ invoiceId: a.invoice_id, amountMinor: a.amount_minor, allocatedOn: a.allocated_on, reversedOn: a.reversed_on })),
  };
}

export interface ForecastReport {
  asOf: IsoDate;
  currencies: CurrencyForecast[];
}

/** Expected receipts per week for the next 13 weeks per currency, as of a date (default today). */
export async function forecastReport(db: Db, ctx: OrgContext, asOf?: IsoDate): Promise<ForecastReport> {
  const date = asOf ?? businessDateOf(ctx);
  return { asOf: date, currencies: cashForecast(await loadForecastHistory(db, ctx.org.id), date) };
}

/** The forecasts made on 6 past dates (every 4 weeks, the latest 13 weeks before asOf) against what was received. */
export async function forecastBacktestReport(db: Db, ctx: OrgContext, asOf?: IsoDate): Promise<Backtest & { asOf: IsoDate }> {
  const date = asOf ?? businessDateOf(ctx);
  return { asOf: date, ...backtestForecast(await loadForecastHistory(db, ctx.org.id), backtestDates(date), date) };
}

/** The JSON of `regua forecast --json` and GET /api/v1/forecast (money as decimal strings). */
export function forecastToJson(report: ForecastReport) {
  return {
    as_of: report.asOf,
    currencies: report.currencies.map((c) => ({
      currency: c.currency,
      open: formatAmount(c.openMinor, c.currency),
      expected: formatAmount(c.expectedMinor, c.currency),
      weeks: c.weeks.map((w) => ({
        week: w.week,
        from: w.from,
        to: w.to,
        expected: formatAmount(w.expectedMinor, c.currency),
        low: formatAmount(w.lowMinor, c.currency),
        high: formatAmount(w.highMinor, c.currency),
      })),
    })),
  };
}

export type ForecastJson = ReturnType<typeof forecastToJson>;

/** The JSON of `regua forecast backtest --json` and GET /api/v1/forecast/backtest. */
export function backtestToJson(b: Backtest & { asOf: IsoDate }) {
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
  const byCurrency = new Map<string, { forecast: number; naive: number; actual: number; error: number; naiveError: number }>();
  for (const p of b.points) {
    const t = byCurrency.get(p.currency) ?? { forecast: 0, naive: 0, actual: 0, error: 0, naiveError: 0 };
    t.forecast += p.forecastMinor;
    t.naive += p.naiveMinor;
    t.actual += p.actualMinor;
    t.error += Math.abs(p.forecastMinor - p.actualMinor);
    t.naiveError += Math.abs(p.naiveMinor - p.actualMinor);
    byCurrency.set(p.currency, t);
  }
  return {
    as_of: b.asOf,
    dates: [...b.dates],
    wape_percent: percent(b.wape),
    naive_wape_percent: percent(b.naiveWape),
    improvement_percent: percent(b.improvement),
    currencies: [...byCurrency.entries()].map(([currency, t]) => ({
      currency,
      forecast: formatAmount(Math.round(t.forecast), currency),
      naive: formatAmount(t.naive, currency),
      received: formatAmount(t.actual, currency),
      wape_percent: t.actual === 0 ? null : Math.round((t.error / t.actual) * 10_000) / 100,
      naive_wape_percent: t.actual === 0 ? null : Math.round((t.naiveError / t.actual) * 10_000) / 100,
    })),
  };
}

export type BacktestJson = ReturnType<typeof backtestToJson>;
