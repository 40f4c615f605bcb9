import { validatePayment, type PaymentRecord } from '../../domain/receivable-input.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { mergeStagedPayments, stagedPaymentProblems } from '../../stores/imports.ts';
import { duplicateExternalIds, type ImportSpec } from './import-file.ts';

/**
 * payments.csv: insert-only by external_id. A payment already imported with the same
 * customer, date, amount and currency is left alone; with different ones it is an error
 * (money that was posted is corrected by a reversal, not by overwriting). New payments are
 * allocated to the named invoice, the rest oldest first.
 */
export const paymentsImport: ImportSpec<PaymentRecord> = {
  kind: 'payments',
  columns: ['external_id', 'customer_external_id', 'invoice_external_id', 'date', 'amount', 'currency', 'method', 'reference'],
  staging: [
    { name: 'line', type: 'int' },
    { name: 'external_id', type: 'text' },
    { name: 'customer_external_id', type: 'text' },
    { name: 'invoice_external_id', type: 'text' },
    { name: 'received_on', type: 'date' },
    { name: 'amount_minor', type: 'bigint' },
    { name: 'currency', type: 'text' },
    { name: 'method', type: 'text' },
    { name: 'reference', type: 'text' },
  ],
  validate: (values, decimal) => validatePayment(values as unknown as Parameters<typeof validatePayment>[0], decimal),
  toStaging: (r, line) => ({
    line,
    external_id: r.externalId,
    customer_external_id: r.customerExternalId,
    invoice_external_id: r.invoiceExternalId,
    received_on: r.date,
    amount_minor: r.amountMinor,
    currency: r.currency,
    method: r.method,
    reference: r.reference,
  }),

  async check(trx, organisationId) {
    return [...(await duplicateExternalIds(trx, 'payments')), ...(await stagedPaymentProblems(trx, organisationId))];
  },

  async merge(trx, organisationId) {
    const { customersWithCredit, ...counts } = await mergeStagedPayments(trx, organisationId);
    await allocatePendingPayments(trx, organisationId, customersWithCredit);
    return counts;
  },
};
