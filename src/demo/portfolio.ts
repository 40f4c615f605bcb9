import { daysBetween, isIsoDate, type IsoDate } from '../domain/dates.ts';
import { generateCustomer, historyDays } from './customer.ts';
import { generateHistory, type IdCounters } from './history.ts';
import type { Country } from './locales.ts';
import { createRandom, mixSeed } from './random.ts';
import type { Archetype, CustomerRow, InvoiceRow, PaymentRow, Portfolio } from './rows.ts';

export interface PortfolioOptions {
  readonly seed: number;
  readonly customers: number;
  /** Last day of the history: nothing is issued or paid after it. */
  readonly asOf: IsoDate;
  /** Invoices of a customer with a full year of history; newer customers get proportionally fewer. Default [3, 24]. */
  readonly invoicesPerCustomer?: readonly [number, number];
  /** Restrict the mix (default: Brazil, Mexico, Spain and the United States). */
  readonly countries?: readonly Country[];
}

const defaultInvoicesPerCustomer: readonly [number, number] = [3, 24];

/**
 * A realistic receivables portfolio: a year of invoices and payments up to asOf for customers
 * who pay on time, a little late, chronically late, or stopped paying. Pure and deterministic:
 * the same options always give the same rows.
 */
export function generatePortfolio(options: PortfolioOptions): Portfolio {
  const { seed, asOf } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isSafeInteger(options.customers) || options.customers < 0) throw new RangeError('customers must be a whole number');
  if (!isIsoDate(asOf)) throw new RangeError(`asOf "${asOf}" is not a date in the form YYYY-MM-DD`);
  const [min, max] = options.invoicesPerCustomer ?? defaultInvoicesPerCustomer;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
    throw new RangeError('invoicesPerCustomer must be [min, max] with 0 ≤ min ≤ max');
  }
  if (options.countries?.length === 0) throw new RangeError('countries must name at least one country');

  const customers: CustomerRow[] = [];
  const invoices: InvoiceRow[] = [];
  const payments: PaymentRow[] = [];
  const archetypes: Record<string, Archetype> = {};
  const ids: IdCounters = { invoice: 0, payment: 0 };
  for (let index = 0; index < options.customers; index++) {
    const customer = generateCustomer(seed, index, asOf, options.countries);
    const drawn = createRandom(mixSeed(seed, index, 3)).int(min, max);
    // A customer who has bought for three months has about a quarter of a year's invoices.
    const window = daysBetween(customer.since, customer.until) + 1;
    const count = Math.max(min, Math.round((drawn * Math.min(window, historyDays)) / historyDays));
    const history = generateHistory(customer, count, asOf, ids);
    customers.push(customer.row);
    archetypes[customer.row.external_id] = customer.archetype;
    invoices.push(...history.invoices);
    payments.push(...history.payments);
  }
  return { asOf, customers, invoices, payments, archetypes };
}
