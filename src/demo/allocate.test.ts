import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocatePortfolio } from './allocate.ts';
import type { InvoiceRow, PaymentRow } from './rows.ts';

const invoice = (external_id: string, issue_date: string, due_date: string, amount: string, customer = 'C1'): InvoiceRow => ({
  external_id,
  customer_external_id: customer,
  issue_date,
  due_date,
  amount,
  currency: 'BRL',
  description: '',
});
const payment = (external_id: string, invoice_external_id: string, date: string, amount: string, customer = 'C1'): PaymentRow => ({
  external_id,
  customer_external_id: customer,
  invoice_external_id,
  date,
  amount,
  currency: 'BRL',
  method: 'pix',
  reference: '',
});

describe('allocatePortfolio', () => {
  const invoices = [
    invoice('I-MAR', '2026-03-01', '2026-03-31', '100.00'),
    invoice('I-JAN', '2026-01-01', '2026-01-31', '50.00'),
    invoice('I-JUN', '2026-06-01', '2026-07-01', '80.00'),
    invoice('OTHER', '2025-12-01', '2025-12-31', '999.00', 'C2'),
  ];

  it('pays the named invoice, then the oldest open ones of the same customer, in list order', () => {
    const result = allocatePortfolio(invoices, [
      payment('P1', 'I-MAR', '2026-04-02', '30.00'),
      // 70.00 unnamed: 50.00 closes January, 20.00 goes to what is left of March.
      payment('P2', '', '2026-04-10', '70.00'),
    ]);
    assert.deepEqual(result.allocations, [
      { paymentExternalId: 'P1', invoiceExternalId: 'I-MAR', amountMinor: 3_000, allocatedOn: '2026-04-02' },
      { paymentExternalId: 'P2', invoiceExternalId: 'I-JAN', amountMinor: 5_000, allocatedOn: '2026-04-10' },
      { paymentExternalId: 'P2', invoiceExternalId: 'I-MAR', amountMinor: 2_000, allocatedOn: '2026-04-10' },
    ]);
    assert.deepEqual(Object.fromEntries(result.paidMinor), { 'I-MAR': 5_000, 'I-JAN': 5_000 });
    assert.deepEqual(Object.fromEntries(result.allocatedMinor), { P1: 3_000, P2: 7_000 });
  });

  it('applies money to a later invoice no earlier than its issue date, and keeps the surplus as credit', () => {
    const result = allocatePortfolio(invoices, [payment('P1', '', '2026-02-15', '300.00')]);
    assert.deepEqual(
      result.allocations.map((a) => [a.invoiceExternalId, a.amountMinor, a.allocatedOn]),
      [
        ['I-JAN', 5_000, '2026-02-15'],
        ['I-MAR', 10_000, '2026-03-01'],
        ['I-JUN', 8_000, '2026-06-01'],
      ],
    );
    assert.equal(result.allocatedMinor.get('P1'), 23_000, '70.00 stays unallocated');
  });

  it("refuses a payment that names another customer's invoice or another currency", () => {
    assert.throws(() => allocatePortfolio(invoices, [payment('P1', 'OTHER', '2026-02-15', '1.00')]), /not one of customer C1/);
    assert.throws(() => allocatePortfolio(invoices, [{ ...payment('P1', 'I-JAN', '2026-02-15', '1.00'), currency: 'USD' }]), /in USD/);
  });
});
