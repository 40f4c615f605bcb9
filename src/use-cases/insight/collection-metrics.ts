import type { Db } from '../../db/database.ts';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates.ts';
import { collectionMetrics, type CollectionMetrics, type PeriodFigures } from '../../domain/insight/metrics.ts';
import { monthWindowsBack } from '../../domain/insight/periods.ts';
import { formatAmount } from '../../domain/money.ts';
import { ValidationError } from '../errors.ts';
import { agingReport } from '../aging-report.ts';
import type { OrgContext } from '../org-context.ts';
import { recovery, recoveryWindows, type Recovery, type RecoveryLine } from '../../domain/insight/recovery.ts';
import { invoicesWithAllocations, messagesSentOnInvoices, salesByIssueDate } from '../../stores/insight.ts';
import { decidedPromiseCountsByDeadline } from '../../stores/promises.ts';

/** How far back countback DSO counts: receivables older than a year of sales count a year. */
const countbackMonths = 12;

export interface MetricsPeriod {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
}

export interface CurrencyMetrics {
  currency: string;
  figures: PeriodFigures;
  metrics: CollectionMetrics;
}

export interface MetricsReport extends MetricsPeriod {
  days: number;
  currencies: CurrencyMetrics[];
  recovery: Recovery;
}

/** The period the options name: `to` defaults to `asOf`, `from` to the 90 days ending on `to`. */
export function metricsPeriod(asOf: IsoDate, from?: IsoDate, to?: IsoDate): MetricsPeriod {
  const end = to ?? asOf;
  const start = from ?? addDays(end, -89);
  if (start > end) throw new ValidationError([{ field: 'from', reason: `${start} is after the period's end ${end}` }]);
  if (end > asOf) throw new ValidationError([{ field: 'to', reason: `${end} is after as_of ${asOf}: the figures of a day not yet lived are unknown` }]);
  return { from: start, to: end, asOf };
}

/**
 * Collection metrics per currency for a period: load the figures (balances from the aging
 * report, so the open-balance rule exists once; sales and promises by date), then the pure
 * collectionMetrics decides. Dated history only, so a past period always gives the same figures.
 */
export async function collectionMetricsReport(db: Db, ctx: OrgContext, period: MetricsPeriod): Promise<MetricsReport> {
  const organisationId = ctx.org.id;
  const { from, to, asOf } = period;
  // Bounds [90]: buckets current, 1-90, 90+.
  const [beginning, ending] = await Promise.all([agingReport(db, ctx, addDays(from, -1), [90]), agingReport(db, ctx, to, [90])]);
  const windows = monthWindowsBack(to, countbackMonths);
  const earliest = windows.at(-1)!.from < from ? windows.at(-1)!.from : from;
  const sales = await salesByIssueDate(db, organisationId, earliest, to);
  // A promise counts in the period its deadline (promised date + grace days) ends in, once decided (the day after).
  const promises = await decidedPromiseCountsByDeadline(db, organisationId, from, to, asOf);

  const currencies = new Set<string>([...beginning.totals, ...ending.totals, ...sales, ...promises].map((r) => r.currency));
  const report: CurrencyMetrics[] = [...currencies].sort().map((currency) => {
    const begin = beginning.totals.find((t) => t.currency === currency);
    const end = ending.totals.find((t) => t.currency === currency);
    const salesIn = (first: IsoDate, last: IsoDate) =>
      sales.filter((r) => r.currency === currency && r.issue_date >= first && r.issue_date <= last).reduce((sum, r) => sum + Number(r.amount), 0);
    const count = (status: string) => promises.find((r) => r.currency === currency && r.status === status)?.n ?? 0;
    const figures: PeriodFigures = {
      days: daysBetween(from, to) + 1,
      beginningMinor: begin?.total ?? 0,
      creditSalesMinor: salesIn(from, to),
      endingMinor: end?.total ?? 0,
      endingCurrentMinor: end?.byBucket[0] ?? 0,
      ending90PlusMinor: end?.byBucket[2] ?? 0,
      monthlySales: windows.map((w) => ({ salesMinor: salesIn(w.from, w.to), days: w.days })),
      promisesKept: count('kept'),
      promisesBroken: count('broken'),
    };
    return { currency, figures, metrics: collectionMetrics(figures) };
  });
  return { ...period, days: daysBetween(from, to) + 1, currencies: report, recovery: await recoveryOfPeriod(db, ctx, period) };
}

/**
 * Recovery by step and template of the messages sent in the period: the messages sent until 30
 * days after it too (a later step takes the credit of the payments after it), the invoices
 * they chased and the allocations to them; the pure recovery() decides.
 */
async function recoveryOfPeriod(db: Db, ctx: OrgContext, period: MetricsPeriod): Promise<Recovery> {
  const horizon = addDays(period.to, Math.max(...recoveryWindows));
  const sent = await messagesSentOnInvoices(db, ctx.org.id, ctx.org.timezone, period.from, horizon < period.asOf ? horizon : period.asOf);
  const { invoices, allocations } = await invoicesWithAllocations(db, ctx.org.id, [...new Set(sent.map((m) => m.invoice_id))]);
  return recovery(
    sent.map((m) => ({ messageId: m.message_id, step: `${m.policy_name}/${m.step_id}`, template: m.template, invoiceId: m.invoice_id, sentOn: m.sent_on })),
    invoices.map((i) => ({ id: i.id, currency: i.currency, amountMinor: i.amount_minor })),
    allocations.map((a) => ({ invoiceId: a.invoice_id, amountMinor: a.amount_minor, allocatedOn: a.allocated_on, reversedOn: a.reversed_on })),
    period,
  );
}

function recoveryLineJson(line: RecoveryLine) {
  return {
    currency: line.currency,
    messages: line.messages,
    invoices: line.invoices,
    amount_chased: formatAmount(line.chasedMinor, line.currency),
    within: line.windows.map((w) => ({
      days: w.days,
      invoices: w.touches,
      amount_chased: formatAmount(w.chasedMinor, line.currency),
      amount_paid: formatAmount(w.paidMinor, line.currency),
      invoices_paid: w.invoicesPaid,
      share_paid: rounded(w.share, 4),
    })),
  };
}

/** The JSON of `regua metrics --json` and GET /api/v1/metrics (money as decimal strings, DESIGN.md §4). */
export function metricsToJson(report: MetricsReport) {
  return {
    from: report.from,
    to: report.to,
    as_of: report.asOf,
    days: report.days,
    currencies: report.currencies.map(({ currency, figures: f, metrics: m }) => ({
      currency,
      credit_sales: formatAmount(f.creditSalesMinor, currency),
      receivables_beginning: formatAmount(f.beginningMinor, currency),
      receivables_ending: formatAmount(f.endingMinor, currency),
      receivables_ending_current: formatAmount(f.endingCurrentMinor, currency),
      receivables_ending_90_plus: formatAmount(f.ending90PlusMinor, currency),
      dso: rounded(m.dso, 1),
      countback_dso: rounded(m.countbackDso, 1),
      best_possible_dso: rounded(m.bestPossibleDso, 1),
      average_days_delinquent: rounded(m.averageDaysDelinquent, 1),
      cei: rounded(m.cei, 1),
      share_90_plus: rounded(m.share90Plus, 4),
      promises_kept: f.promisesKept,
      promises_broken: f.promisesBroken,
      promise_kept_rate: m.promiseKeptRate,
    })),
    recovery_by_step: report.recovery.byStep.map((line) => ({ step: line.key, ...recoveryLineJson(line) })),
    recovery_by_template: report.recovery.byTemplate.map((line) => ({ template: line.key, ...recoveryLineJson(line) })),
  };
}

export type MetricsJson = ReturnType<typeof metricsToJson>;

function rounded(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
