import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../dates.ts';
import { backtestDates, backtestForecast, cashForecast, naiveForecast, type ForecastHistory } from './forecast.ts';

type Invoice = ForecastHistory['invoices'][number];
const invoice = (id: string, customerId: string, issueDate: string, dueDate: string, amountMinor: number, extra: Partial<Invoice> = {}): Invoice => ({
  id,
  customerId,
  currency: 'BRL',
  issueDate,
  dueDate,
  amountMinor,
  voidedOn: null,
  writtenOffOn: null,
  instalment: false,
  coveredByPlan: [],
  ...extra,
});

/**
 * A generated portfolio whose customers keep their habits: 40 customers, one invoice every 2
 * weeks for 18 months, each customer paying a steady number of days after the due date
 * (0, 8, 20, 35 or 60, ± up to 3 days; deterministic).
 */
function steadyPayers(): ForecastHistory {
  const invoices: Invoice[] = [];
  const allocations: ForecastHistory['allocations'][number][] = [];
  for (let c = 0; c < 40; c++) {
    const habit = [0, 8, 20, 35, 60][c % 5]!;
    for (let n = 0; n < 39; n++) {
      const issue = addDays('2025-01-01', 14 * n + (c % 7));
      const due = addDays(issue, 30);
      const amount = 50_000 + ((c * 7919 + n * 104_729) % 200_000);
      const id = `c${c}-${n}`;
      invoices.push(invoice(id, `c${c}`, issue, due, amount));
      allocations.push({ invoiceId: id, amountMinor: amount, allocatedOn: addDays(due, habit + ((c + n) % 7) - 3), reversedOn: null });
    }
  }
  return { invoices, allocations };
}

describe('cash forecast', () => {
  it('puts an open invoice in the weeks its customer usually pays, with a band around it', () => {
    const history: ForecastHistory = {
      invoices: [
        invoice('p1', 'late', '2026-01-01', '2026-01-31', 10_000),
        invoice('p2', 'late', '2026-02-01', '2026-03-03', 10_000),
        invoice('open', 'late', '2026-03-01', '2026-03-31', 70_000),
      ],
      allocations: [
        { invoiceId: 'p1', amountMinor: 10_000, allocatedOn: '2026-02-20', reversedOn: null }, // 20 days late
        { invoiceId: 'p2', amountMinor: 10_000, allocatedOn: '2026-03-23', reversedOn: null }, // 20 days late
      ],
    };
    const [brl] = cashForecast(history, '2026-03-31');
    assert.equal(brl!.openMinor, 70_000);
    // Its own habit and the portfolio's (the same here): 20 days after Mar 31 → Apr 20, week 3 (Apr 15–21).
    assert.deepEqual(
      brl!.weeks.map((w) => w.expectedMinor),
      [0, 0, 70_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    assert.deepEqual([brl!.weeks[2]!.from, brl!.weeks[2]!.to, brl!.weeks[2]!.lowMinor, brl!.weeks[2]!.highMinor], ['2026-04-15', '2026-04-21', 70_000, 70_000]);
    // The naive forecast expects it on its due date, in the first week.
    assert.deepEqual(naiveForecast(history, '2026-03-31').get('BRL')?.[0], 70_000);
    // Once past the usual day unpaid, only "never" (none known here) or later remains: nothing expected.
    assert.deepEqual(cashForecast(history, '2026-04-25')[0]!.expectedMinor, 0);
  });

  it('a customer without history pays like the portfolio; the band widens with the uncertainty', () => {
    const history: ForecastHistory = {
      invoices: [
        invoice('a1', 'A', '2026-01-01', '2026-01-31', 10_000),
        invoice('b1', 'B', '2026-01-01', '2026-01-31', 10_000),
        invoice('new', 'N', '2026-03-01', '2026-04-10', 40_000),
      ],
      allocations: [
        { invoiceId: 'a1', amountMinor: 10_000, allocatedOn: '2026-01-31', reversedOn: null }, // on time
        { invoiceId: 'b1', amountMinor: 10_000, allocatedOn: '2026-02-14', reversedOn: null }, // 14 days late
      ],
    };
    const weeks = cashForecast(history, '2026-03-31')[0]!.weeks;
    // Apr 10 (week 2) or Apr 24 (week 4), half each.
    assert.deepEqual([weeks[1]!.expectedMinor, weeks[3]!.expectedMinor], [20_000, 20_000]);
    assert.ok(weeks[1]!.lowMinor === 0 && weeks[1]!.highMinor > 40_000 * 0.9);
  });

  it('backtest on customers with steady habits: the forecast beats the naive one by more than 25 %', () => {
    const history = steadyPayers();
    const asOf = '2026-06-30';
    const result = backtestForecast(history, backtestDates(asOf), asOf);
    assert.equal(result.dates.length, 6);
    assert.ok(result.dates.every((d) => addDays(d, 91) <= asOf));
    assert.ok(result.wape !== null && result.naiveWape !== null);
    assert.ok(result.improvement! >= 0.25, `forecast WAPE ${result.wape} vs naive ${result.naiveWape}`);
    console.log(`steady payers: forecast WAPE ${(result.wape! * 100).toFixed(1)} %, naive ${(result.naiveWape! * 100).toFixed(1)} %`);
  });
});
