import { validateInvoice, type InvoiceRecord } from '../../domain/receivable-input.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { mergeStagedInvoices, stagedInvoiceProblems } from '../../stores/imports.ts';
import { duplicateExternalIds, type ImportSpec } from './import-file.ts';

/**
 * invoices.csv: an upsert by external_id. Dates, amount and description of an existing
 * invoice may change (the ERP re-exports), its customer and currency may not, and its amount
 * may not drop below what was already paid. A changed amount or due date is a dated event
 * (invoice_adjustments) effective on the import's business date, so reports as of earlier dates
 * keep the old values. Unapplied customer credit is applied to new invoices.
 */
export const invoicesImport: ImportSpec<InvoiceRecord> = {
  kind: 'invoices',
  columns: ['external_id', 'customer_external_id', 'issue_date', 'due_date', 'amount', 'currency', 'description'],
  staging: [
    { name: 'line', type: 'int' },
    { name: 'external_id', type: 'text' },
    { name: 'customer_external_id', type: 'text' },
    { name: 'issue_date', type: 'date' },
    { name: 'due_date', type: 'date' },
    { name: 'amount_minor', type: 'bigint' },
    { name: 'currency', type: 'text' },
    { name: 'description', type: 'text' },
  ],
  validate: (values, decimal) => validateInvoice(values as unknown as Parameters<typeof validateInvoice>[0], decimal),
  toStaging: (r, line) => ({
    line,
    external_id: r.externalId,
    customer_external_id: r.customerExternalId,
    issue_date: r.issueDate,
    due_date: r.dueDate,
    amount_minor: r.amountMinor,
    currency: r.currency,
    description: r.description,
  }),

  async check(trx, organisationId) {
    return [...(await duplicateExternalIds(trx, 'invoices')), ...(await stagedInvoiceProblems(trx, organisationId))];
  },

  async merge(trx, organisationId, context) {
    const { customersWithCredit, ...counts } = await mergeStagedInvoices(trx, organisationId, {
      effectiveOn: context.date,
      source: 'import',
      actor: context.actor,
    });
    await allocatePendingPayments(trx, organisationId, customersWithCredit);
    return counts;
  },
};
