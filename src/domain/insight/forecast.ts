import { addDays, daysBetween, type IsoDate } from '../dates.ts';
import type { BehaviourAllocation, BehaviourInvoice } from './behaviour.ts';

/**
 * Cash forecast: expected receipts per week for the next 13 weeks per currency, from the
 * invoices open on the forecast date and each customer's own lateness (plain data; no I/O, no
 * clock; only what was known on the forecast date counts).
 *
 * - Lateness of a paid invoice = the day it was fully paid − its due date (negative: early; at
 *   least −60); paid more than 180 days late, written off, or still unpaid 180 days after its
 *   due date counts as never paid.
 * - A customer's distribution is its last 12 paid (or written-off) invoices, blended with the
 *   whole portfolio's with weight n ÷ (n + 3) for n of its own (a new customer pays like the
 *   portfolio until it shows its own habit).
 * - An open invoice is expected on due date + lateness, given that it has not been paid by the
 *   forecast date (only the lateness values that fall after it count); it contributes its open
 *   amount × the probability of each week. Plan instalments are invoices like the others; the
 *   invoices a plan covers give way to them.
 * - The band: expected ± 1.645 standard deviations of the week's sum (each invoice paid in the
 *   week or not, independently), the low end at least 0: about a 90 % interval.
 */
export interface ForecastHistory {
  readonly invoices: readonly (BehaviourInvoice & { readonly customerId: string })[];
  readonly allocations: readonly BehaviourAllocation[];
}

export interface ForecastWeek {
  readonly week: number;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly expectedMinor: number;
  readonly lowMinor: number;
  readonly highMinor: number;
}

export interface CurrencyForecast {
  readonly currency: string;
  /** Open on the forecast date … */
  readonly openMinor: number;
  /** … and expected within the 13 weeks. */
  readonly expectedMinor: number;
  readonly weeks: readonly ForecastWeek[];
}

const forecastWeeks = 13;
const minLateness = -60;
const maxLateness = 180;
const customerSamples = 12;
const priorWeight = 3;
const z90 = 1.645;

interface InvoiceState {
  readonly invoice: ForecastHistory['invoices'][number];
  readonly openMinor: number;
  /** The day it was fully paid, if it was by the date. */
  readonly paidOn: IsoDate | null;
}

/** Each invoice as it stood on `asOf`: open amount and the day it was fully paid (voided and not yet issued ones left out). */
function statesOn(history: ForecastHistory, asOf: IsoDate): InvoiceState[] {
  const paidBy = new Map<string, BehaviourAllocation[]>();
  for (const a of history.allocations) {
    if (a.allocatedOn > asOf || (a.reversedOn !== null && a.reversedOn <= asOf)) continue;
    paidBy.set(a.invoiceId, [...(paidBy.get(a.invoiceId) ?? []), a]);
  }
  const states: InvoiceState[] = [];
  for (const invoice of history.invoices) {
    if (invoice.issueDate > asOf || (invoice.voidedOn !== null && invoice.voidedOn <= asOf)) continue;
    const allocations = (paidBy.get(invoice.id) ?? []).sort((a, b) => (a.allocatedOn < b.allocatedOn ? -1 : a.allocatedOn > b.allocatedOn ? 1 : 0));
    let cumulative = 0;
    let paidOn: IsoDate | null = null;
    for (const a of allocations) {
      cumulative += a.amountMinor;
      if (cumulative >= invoice.amountMinor) {
        paidOn = a.allocatedOn;
        break;
      }
    }
    states.push({ invoice, openMinor: paidOn === null ? Math.max(0, invoice.amountMinor - cumulative) : 0, paidOn });
  }
  return states;
}

type Lateness = number | 'never';

/** What each customer's lateness was, as known on `asOf`, most recent last; and the portfolio's. */
function latenessOn(states: readonly InvoiceState[], asOf: IsoDate): { byCustomer: Map<string, Lateness[]>; portfolio: Lateness[] } {
  const dated: { customerId: string; on: IsoDate; lateness: Lateness }[] = [];
  for (const { invoice, paidOn } of states) {
    if (paidOn !== null) {
      const late = daysBetween(invoice.dueDate, paidOn);
      dated.push({ customerId: invoice.customerId, on: paidOn, lateness: late > maxLateness ? 'never' : Math.max(minLateness, late) });
    } else if (invoice.writtenOffOn !== null && invoice.writtenOffOn <= asOf) {
      dated.push({ customerId: invoice.customerId, on: invoice.writtenOffOn, lateness: 'never' });
    } else if (daysBetween(invoice.dueDate, asOf) > maxLateness) {
      // Still unpaid more than 180 days after its due date: as good as never, for the habit.
      dated.push({ customerId: invoice.customerId, on: addDays(invoice.dueDate, maxLateness + 1), lateness: 'never' });
    }
  }
  dated.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const byCustomer = new Map<string, Lateness[]>();
  for (const d of dated) byCustomer.set(d.customerId, [...(byCustomer.get(d.customerId) ?? []), d.lateness]);
  for (const [id, list] of byCustomer) byCustomer.set(id, list.slice(-customerSamples));
  return { byCustomer, portfolio: dated.map((d) => d.lateness) };
}

/** A weighted lateness distribution as a histogram over [min, max] plus "never". */
class Distribution {
  readonly weights = new Float64Array(maxLateness - minLateness + 2);
  add(lateness: Lateness, weight: number): void {
    this.weights[lateness === 'never' ? this.weights.length - 1 : lateness - minLateness]! += weight;
  }
}

/** Expected receipts per week for the 13 weeks after `asOf`, per currency. */
export function cashForecast(history: ForecastHistory, asOf: IsoDate): CurrencyForecast[] {
  const states = statesOn(history, asOf);
  const { byCustomer, portfolio } = latenessOn(states, asOf);
  const prior = new Distribution();
  for (const l of portfolio) prior.add(l, 1 / portfolio.length);
  // Without any history at all: paid on the due date.
  if (portfolio.length === 0) prior.add(0, 1);
  const distributionOf = new Map<string, Distribution>();
  const customerDistribution = (customerId: string): Distribution => {
    let d = distributionOf.get(customerId);
    if (d) return d;
    const own = byCustomer.get(customerId) ?? [];
    d = new Distribution();
    const w = own.length / (own.length + priorWeight);
    for (let i = 0; i < prior.weights.length; i++) d.weights[i] = (1 - w) * prior.weights[i]!;
    for (const l of own) d.add(l, w / own.length);
    distributionOf.set(customerId, d);
    return d;
  };

  const totals = new Map<string, { open: number; mean: Float64Array; variance: Float64Array }>();
  for (const { invoice, openMinor } of states) {
    if (openMinor <= 0 || (invoice.writtenOffOn !== null && invoice.writtenOffOn <= asOf)) continue;
    if (invoice.coveredByPlan.some((p) => p.from <= asOf && (p.until === null || p.until > asOf))) continue;
    let total = totals.get(invoice.currency);
    if (!total) totals.set(invoice.currency, (total = { open: 0, mean: new Float64Array(forecastWeeks), variance: new Float64Array(forecastWeeks) }));
    total.open += openMinor;
    const distribution = customerDistribution(invoice.customerId).weights;
    // Days from asOf to the due date: lateness l lands on day (dueIn + l) after asOf; only days ≥ 1 remain possible.
    const dueIn = daysBetween(asOf, invoice.dueDate);
    let remaining = distribution[distribution.length - 1]!; // "never" stays possible
    const byWeek = new Float64Array(forecastWeeks);
    for (let i = 0; i < distribution.length - 1; i++) {
      const weight = distribution[i]!;
      if (weight === 0) continue;
      const day = dueIn + i + minLateness;
      if (day < 1) continue;
      remaining += weight;
      const week = Math.floor((day - 1) / 7);
      if (week < forecastWeeks) byWeek[week]! += weight;
    }
    if (remaining <= 0) continue;
    for (let k = 0; k < forecastWeeks; k++) {
      const p = byWeek[k]! / remaining;
      total.mean[k]! += openMinor * p;
      total.variance[k]! += openMinor * openMinor * p * (1 - p);
    }
  }

  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, t]) => {
      const weeks = Array.from({ length: forecastWeeks }, (_, k) => {
        const sd = Math.sqrt(t.variance[k]!);
        return {
          week: k + 1,
          from: addDays(asOf, 7 * k + 1),
          to: addDays(asOf, 7 * k + 7),
          expectedMinor: Math.round(t.mean[k]!),
          lowMinor: Math.max(0, Math.round(t.mean[k]! - z90 * sd)),
          highMinor: Math.round(t.mean[k]! + z90 * sd),
        };
      });
      return { currency, openMinor: t.open, expectedMinor: weeks.reduce((sum, w) => sum + w.expectedMinor, 0), weeks };
    });
}

/** The naive forecast: every open invoice paid on its due date (already overdue: in the first week). */
export function naiveForecast(history: ForecastHistory, asOf: IsoDate): Map<string, number[]> {
  const result = new Map<string, number[]>();
  for (const { invoice, openMinor } of statesOn(history, asOf)) {
    if (openMinor <= 0 || (invoice.writtenOffOn !== null && invoice.writtenOffOn <= asOf)) continue;
    if (invoice.coveredByPlan.some((p) => p.from <= asOf && (p.until === null || p.until > asOf))) continue;
    const week = Math.floor((Math.max(1, daysBetween(asOf, invoice.dueDate)) - 1) / 7);
    if (week >= forecastWeeks) continue;
    const weeks = result.get(invoice.currency) ?? new Array<number>(forecastWeeks).fill(0);
    weeks[week]! += openMinor;
    result.set(invoice.currency, weeks);
  }
  return result;
}

export interface BacktestPoint {
  readonly madeOn: IsoDate;
  readonly currency: string;
  readonly week: number;
  readonly forecastMinor: number;
  readonly naiveMinor: number;
  readonly actualMinor: number;
}

export interface Backtest {
  readonly dates: readonly IsoDate[];
  readonly points: readonly BacktestPoint[];
  /** Σ |forecast − actual| ÷ Σ actual over every date, currency and week; null when nothing was received. */
  readonly wape: number | null;
  readonly naiveWape: number | null;
  /** 1 − wape ÷ naiveWape: how much smaller the error is than the naive one's. */
  readonly improvement: number | null;
}

/**
 * Replays the past: the forecast made on each of `dates` (each at least 13 weeks before
 * `asOf`) against what was actually received in each of its weeks on the invoices open on that
 * date (allocations by the day they were made, not reversed by `asOf`), beside the naive one.
 */
export function backtestForecast(history: ForecastHistory, dates: readonly IsoDate[], asOf: IsoDate): Backtest {
  const points: BacktestPoint[] = [];
  const invoiceOf = new Map(history.invoices.map((i) => [i.id, i]));
  for (const madeOn of dates) {
    const forecast = cashForecast(history, madeOn);
    const naive = naiveForecast(history, madeOn);
    const openOn = new Set(
      statesOn(history, madeOn)
        .filter((s) => s.openMinor > 0)
        .map((s) => s.invoice.id),
    );
    const actual = new Map<string, number[]>();
    for (const a of history.allocations) {
      if (!openOn.has(a.invoiceId) || a.allocatedOn <= madeOn || a.allocatedOn > asOf || (a.reversedOn !== null && a.reversedOn <= asOf)) continue;
      const week = Math.floor((daysBetween(madeOn, a.allocatedOn) - 1) / 7);
      if (week >= forecastWeeks) continue;
      const currency = invoiceOf.get(a.invoiceId)!.currency;
      const weeks = actual.get(currency) ?? new Array<number>(forecastWeeks).fill(0);
      weeks[week]! += a.amountMinor;
      actual.set(currency, weeks);
    }
    const currencies = new Set([...forecast.map((f) => f.currency), ...naive.keys(), ...actual.keys()]);
    for (const currency of [...currencies].sort()) {
      const f = forecast.find((c) => c.currency === currency);
      for (let k = 0; k < forecastWeeks; k++) {
        points.push({
          madeOn,
          currency,
          week: k + 1,
          forecastMinor: f?.weeks[k]?.expectedMinor ?? 0,
          naiveMinor: naive.get(currency)?.[k] ?? 0,
          actualMinor: actual.get(currency)?.[k] ?? 0,
        });
      }
    }
  }
  const received = points.reduce((sum, p) => sum + p.actualMinor, 0);
  const error = (pick: (p: BacktestPoint) => number) =>
    received === 0 ? null : points.reduce((sum, p) => sum + Math.abs(pick(p) - p.actualMinor), 0) / received;
  const wape = error((p) => p.forecastMinor);
  const naiveWape = error((p) => p.naiveMinor);
  return { dates, points, wape, naiveWape, improvement: wape === null || naiveWape === null || naiveWape === 0 ? null : 1 - wape / naiveWape };
}

/** The dates a backtest replays: every 4 weeks back from 13 weeks before `asOf`, `count` of them. */
export function backtestDates(asOf: IsoDate, count = 6): IsoDate[] {
  return Array.from({ length: count }, (_, j) => addDays(asOf, -7 * forecastWeeks - 28 * j)).reverse();
}
