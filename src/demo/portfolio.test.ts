import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, daysBetween, isIsoDate } from '../domain/dates.ts';
import { parseAmount } from '../domain/money.ts';
import { validateTaxId } from '../domain/tax-id.ts';
import { allocatePortfolio } from './allocate.ts';
import { generatePortfolio } from './portfolio.ts';
import type { Archetype, InvoiceRow } from './rows.ts';

const asOf = '2026-11-22';
const portfolio = generatePortfolio({ seed: 7, customers: 300, asOf });
const minor = (amount: string, currency: string): number => {
  const parsed = parseAmount(amount, currency);
  assert.ok(parsed.ok, amount);
  return parsed.minor;
};

describe('generatePortfolio', () => {
  it('is deterministic per seed, and another seed gives another portfolio', () => {
    assert.deepEqual(generatePortfolio({ seed: 7, customers: 300, asOf }), portfolio);
    const other = generatePortfolio({ seed: 8, customers: 300, asOf });
    assert.notDeepEqual(
      other.customers.map((c) => c.name),
      portfolio.customers.map((c) => c.name),
    );
  });

  it('keeps each customer the same however many are generated', () => {
    const small = generatePortfolio({ seed: 7, customers: 40, asOf });
    assert.deepEqual(small.customers, portfolio.customers.slice(0, 40));
    assert.deepEqual(small.invoices, portfolio.invoices.slice(0, small.invoices.length));
  });

  it('issues nothing and receives nothing after asOf, within a year of history', () => {
    const firstDay = addDays(asOf, -365);
    const issued = new Map(portfolio.invoices.map((i) => [i.external_id, i]));
    for (const invoice of portfolio.invoices) {
      assert.ok(isIsoDate(invoice.issue_date) && isIsoDate(invoice.due_date));
      assert.ok(invoice.issue_date <= asOf && invoice.issue_date >= firstDay, invoice.issue_date);
      assert.ok(invoice.due_date >= invoice.issue_date);
    }
    for (const payment of portfolio.payments) {
      assert.ok(isIsoDate(payment.date) && payment.date <= asOf, payment.date);
      const invoice = issued.get(payment.invoice_external_id);
      if (invoice) assert.ok(payment.date >= invoice.issue_date, `${payment.external_id} paid before ${invoice.external_id} was issued`);
    }
    // Something is still to come: invoices not yet due on asOf.
    assert.ok(portfolio.invoices.some((i) => i.due_date > asOf));
  });

  it('uses unique ids and points only at its own customers and invoices', () => {
    const ids = (rows: { external_id: string }[]) => new Set(rows.map((r) => r.external_id)).size === rows.length;
    assert.ok(ids(portfolio.customers) && ids(portfolio.invoices) && ids(portfolio.payments));
    const invoices = new Map(portfolio.invoices.map((i) => [i.external_id, i]));
    const customers = new Set(portfolio.customers.map((c) => c.external_id));
    for (const invoice of portfolio.invoices) assert.ok(customers.has(invoice.customer_external_id));
    for (const payment of portfolio.payments) {
      if (payment.invoice_external_id === '') continue;
      const invoice = invoices.get(payment.invoice_external_id);
      assert.equal(invoice?.customer_external_id, payment.customer_external_id);
      assert.equal(invoice.currency, payment.currency);
    }
  });

  it('has customers with valid tax ids, the four countries and every segment', () => {
    for (const customer of portfolio.customers) assert.ok(validateTaxId(customer.country, customer.tax_id).ok, customer.tax_id);
    assert.deepEqual(new Set(portfolio.customers.map((c) => c.country)), new Set(['BR', 'MX', 'ES', 'US']));
    assert.deepEqual(new Set(portfolio.customers.map((c) => c.segment)), new Set(['retail', 'wholesale', 'services', 'industry']));
    const brazil = portfolio.customers.filter((c) => c.country === 'BR').length;
    assert.ok(brazil > 300 * 0.4, `Brazil first: ${brazil} of 300`);
    for (const customer of portfolio.customers.filter((c) => c.credit_limit !== '')) assert.match(customer.credit_limit, /^[1-9]\d*\.00$/);
  });

  it('never collects more than an invoice is worth, and every payment lands where the payer meant it', () => {
    const paid = new Map<string, number>();
    for (const p of portfolio.payments.filter((p) => p.invoice_external_id !== '')) {
      paid.set(p.invoice_external_id, (paid.get(p.invoice_external_id) ?? 0) + minor(p.amount, p.currency));
    }
    for (const invoice of portfolio.invoices) assert.ok((paid.get(invoice.external_id) ?? 0) <= minor(invoice.amount, invoice.currency));
    // Oldest-first allocation of the payments that name no invoice leaves nothing over.
    const allocated = allocatePortfolio(portfolio.invoices, portfolio.payments);
    for (const payment of portfolio.payments)
      assert.equal(allocated.allocatedMinor.get(payment.external_id), minor(payment.amount, payment.currency), payment.external_id);
    const unreferenced = portfolio.payments.filter((p) => p.invoice_external_id === '').length;
    assert.ok(unreferenced > portfolio.payments.length * 0.03, `${unreferenced} payments without an invoice`);
  });

  it('looks like a real ledger: most paid on time, some late or partly, a tail long overdue', () => {
    const allocated = allocatePortfolio(portfolio.invoices, portfolio.payments);
    const settledOn = new Map<string, string>();
    const paymentDate = new Map(portfolio.payments.map((p) => [p.external_id, p.date]));
    for (const a of allocated.allocations) {
      const date = paymentDate.get(a.paymentExternalId)!;
      if ((settledOn.get(a.invoiceExternalId) ?? '') < date) settledOn.set(a.invoiceExternalId, date);
    }
    const isPaid = (i: InvoiceRow) => allocated.paidMinor.get(i.external_id) === minor(i.amount, i.currency);
    const paid = portfolio.invoices.filter(isPaid);
    const onTime = paid.filter((i) => settledOn.get(i.external_id)! <= i.due_date);
    assert.ok(onTime.length > paid.length * 0.55, `${onTime.length} of ${paid.length} paid on time`);
    assert.ok(onTime.length < paid.length * 0.9, 'and a real share paid late');

    const partly = portfolio.invoices.filter((i) => !isPaid(i) && (allocated.paidMinor.get(i.external_id) ?? 0) > 0);
    assert.ok(partly.length > 10, `${partly.length} partly paid`);
    const overdue = portfolio.invoices.filter((i) => !isPaid(i)).map((i) => daysBetween(i.due_date, asOf));
    for (const [from, to] of [
      [1, 30],
      [31, 90],
      [91, 180],
      [181, 400],
    ] as const) {
      assert.ok(overdue.filter((d) => d >= from && d <= to).length > 5, `open invoices ${from}-${to} days overdue`);
    }

    // Archetypes show in the numbers: late share rises from punctual to chronic late payers.
    const lateShare = (archetype: Archetype) => {
      const theirs = paid.filter((i) => portfolio.archetypes[i.customer_external_id] === archetype);
      return theirs.filter((i) => settledOn.get(i.external_id)! > i.due_date).length / theirs.length;
    };
    assert.ok(lateShare('punctual') < lateShare('slightly_late') && lateShare('slightly_late') < lateShare('chronic_late'));
    const unpaidShare = (archetype: Archetype) => {
      const due = portfolio.invoices.filter((i) => portfolio.archetypes[i.customer_external_id] === archetype && daysBetween(i.due_date, asOf) > 60);
      return due.filter((i) => !isPaid(i)).length / due.length;
    };
    assert.ok(unpaidShare('defaulted') > 0.3 && unpaidShare('punctual') < 0.02, `defaulted ${unpaidShare('defaulted')}, punctual ${unpaidShare('punctual')}`);
  });

  it('spreads amounts log-normally: big and small invoices, services in round fees', () => {
    const amounts = portfolio.invoices
      .filter((i) => i.currency === 'BRL')
      .map((i) => minor(i.amount, 'BRL'))
      .sort((a, b) => a - b);
    const median = amounts[Math.floor(amounts.length / 2)]!;
    const p95 = amounts[Math.floor(amounts.length * 0.95)]!;
    assert.ok(p95 > median * 4, `p95 ${p95} vs median ${median}`);
    assert.ok(amounts[0]! >= 100);

    // A monthly fee: every invoice of the customer the same round amount (multiple of 10 units).
    const byCustomer = new Map<string, number[]>();
    for (const i of portfolio.invoices)
      byCustomer.set(i.customer_external_id, [...(byCustomer.get(i.customer_external_id) ?? []), minor(i.amount, i.currency)]);
    const feePayers = portfolio.customers.filter((c) => {
      const theirs = byCustomer.get(c.external_id) ?? [];
      return c.segment === 'services' && theirs.length >= 3 && theirs.every((a) => a === theirs[0] && a % 1_000 === 0);
    });
    assert.ok(feePayers.length >= 5, `${feePayers.length} customers on a fixed fee`);
  });

  it('respects invoicesPerCustomer and countries', () => {
    const small = generatePortfolio({ seed: 3, customers: 50, asOf, invoicesPerCustomer: [2, 4], countries: ['ES'] });
    assert.ok(small.customers.every((c) => c.country === 'ES' && c.language === 'es'));
    assert.ok(small.invoices.every((i) => i.currency === 'EUR'));
    const counts = new Map<string, number>();
    for (const i of small.invoices) counts.set(i.customer_external_id, (counts.get(i.customer_external_id) ?? 0) + 1);
    for (const c of small.customers) {
      const n = counts.get(c.external_id) ?? 0;
      assert.ok(n >= 2 && n <= 4, `${c.external_id}: ${n}`);
    }
  });

  it('refuses nonsense options', () => {
    assert.throws(() => generatePortfolio({ seed: 1, customers: 1, asOf: '2026-02-30' }), /asOf/);
    assert.throws(() => generatePortfolio({ seed: 1, customers: -1, asOf }), /customers/);
    assert.throws(() => generatePortfolio({ seed: 1, customers: 1, asOf, invoicesPerCustomer: [5, 2] }), /invoicesPerCustomer/);
  });
});
