import { sql } from 'kysely';
import { validateInvoice, type InvoiceRecord } from '../../domain/receivable-input.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
import { recordInvoiceEdits } from '../invoice-adjustments.ts';
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
    { name: 'line', type: 'int' }, { name: 'external_id', type: 'text' }, { name: 'customer_external_id', type: 'text' },
    { name: 'issue_date', type: 'date' }, { name: 'due_date', type: 'date' }, { name: 'amount_minor', type: 'bigint' },
    { name: 'currency', type: 'text' }, { name: 'description', type: 'text' },
  ],
  validate: (values, decimal) => validateInvoice(values as unknown as Parameters<typeof validateInvoice>[0], decimal),
  toStaging: (r, line) => ({
    line, external_id: r.externalId, customer_external_id: r.customerExternalId, issue_date: r.issueDate, due_date: r.dueDate,
    amount_minor: r.amountMinor, currency: r.currency, description: r.description,
  }),

  async check(trx, organisationId) {
    const problems = await sql<{ line: number; column: string; reason: string }>`
      select s.line, 'customer_external_id' as column, 'unknown customer "' || s.customer_external_id || '"' as reason
      from import_invoices s
      left join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
      where c.id is null
      union all
      select s.line, 'customer_external_id', 'invoice "' || s.external_id || '" already belongs to customer "' || c.external_id || '"'
      from import_invoices s
      join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
      join customers c on c.organisation_id = i.organisation_id and c.id = i.customer_id
      where c.external_id <> s.customer_external_id
      union all
      select s.line, 'currency', 'invoice "' || s.external_id || '" is in ' || i.currency || '; its currency cannot change'
      from import_invoices s join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
      where i.currency <> s.currency
      union all
      select s.line, 'amount', 'is below the ' || i.paid_minor || ' minor units already paid on invoice "' || s.external_id || '"'
      from import_invoices s join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
      where i.paid_minor > s.amount_minor`.execute(trx);
    return [...(await duplicateExternalIds(trx, 'invoices')), ...problems.rows];
  },

  async merge(trx, organisationId, context) {
    await recordInvoiceEdits(trx, organisationId, sql`
      select i.id, s.amount_minor, s.due_date from import_invoices s
      join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id`, { effectiveOn: context.date, source: 'import', actor: context.actor });
    // An update of the known rows, then a plain insert of the new ones: INSERT … ON CONFLICT
    // would do a speculative insertion for every row (a fifth of the time of a first import).
    const updated = await sql`
      update invoices i set
        issue_date = s.issue_date, due_date = s.due_date, amount_minor = s.amount_minor,
        description = s.description, updated_at = now(),
        status = case when i.status in ('void', 'written_off') then i.status
                      when i.paid_minor >= s.amount_minor then 'paid' else 'open' end
      from import_invoices s
      where i.organisation_id = ${organisationId} and i.external_id = s.external_id
        and (i.issue_date, i.due_date, i.amount_minor, i.description)
          is distinct from (s.issue_date, s.due_date, s.amount_minor, s.description)`.execute(trx);
    const inserted = await sql`
      insert into invoices (organisation_id, external_id, customer_id, number, issue_date, due_date, amount_minor, currency, description)
      select ${organisationId}, s.external_id, c.id, s.external_id, s.issue_date, s.due_date, s.amount_minor, s.currency, s.description
      from import_invoices s
      join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
      where not exists (select 1 from invoices i where i.organisation_id = ${organisationId} and i.external_id = s.external_id)`.execute(trx);
    const total = await sql<{ total: number }>`select count(*)::int as total from import_invoices`.execute(trx);
    const withCredit = await sql<{ customer_id: string }>`
      select distinct p.customer_id from payments p
      join customers c on c.organisation_id = p.organisation_id and c.id = p.customer_id
      join import_invoices s on s.customer_external_id = c.external_id
      where p.organisation_id = ${organisationId} and p.status = 'posted' and p.allocated_minor < p.amount_minor`.execute(trx);
    await allocatePendingPayments(trx, organisationId, withCredit.rows.map((r) => r.customer_id));
    const counts = { inserted: Number(inserted.numAffectedRows ?? 0), updated: Number(updated.numAffectedRows ?? 0) };
    return { ...counts, unchanged: total.rows[0]!.total - counts.inserted - counts.updated };
  },
};
