import { sql } from 'kysely';
import { validatePayment, type PaymentRecord } from '../../domain/receivable-input.ts';
import { allocatePendingPayments } from '../allocate-payments.ts';
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
    { name: 'line', type: 'int' }, { name: 'external_id', type: 'text' }, { name: 'customer_external_id', type: 'text' },
    { name: 'invoice_external_id', type: 'text' }, { name: 'received_on', type: 'date' }, { name: 'amount_minor', type: 'bigint' },
    { name: 'currency', type: 'text' }, { name: 'method', type: 'text' }, { name: 'reference', type: 'text' },
  ],
  validate: (values, decimal) => validatePayment(values as unknown as Parameters<typeof validatePayment>[0], decimal),
  toStaging: (r, line) => ({
    line, external_id: r.externalId, customer_external_id: r.customerExternalId, invoice_external_id: r.invoiceExternalId,
    received_on: r.date, amount_minor: r.amountMinor, currency: r.currency, method: r.method, reference: r.reference,
  }),

  async check(trx, organisationId) {
    const problems = await sql<{ line: number; column: string; reason: string }>`
      select s.line, 'customer_external_id' as column, 'unknown customer "' || s.customer_external_id || '"' as reason
      from import_payments s
      left join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
      where c.id is null
      union all
      select s.line, 'invoice_external_id', 'unknown invoice "' || s.invoice_external_id || '"'
      from import_payments s
      left join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
      where s.invoice_external_id is not null and i.id is null
      union all
      select s.line, 'invoice_external_id', 'invoice "' || s.invoice_external_id || '" belongs to customer "' || c.external_id || '"'
      from import_payments s
      join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
      join customers c on c.organisation_id = i.organisation_id and c.id = i.customer_id
      where c.external_id <> s.customer_external_id
      union all
      select s.line, 'currency', 'is ' || s.currency || ' but invoice "' || s.invoice_external_id || '" is in ' || i.currency
      from import_payments s
      join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
      where i.currency <> s.currency
      union all
      select s.line, 'external_id', 'payment "' || s.external_id || '" was already imported with a different customer, date, amount or currency'
      from import_payments s
      join payments p on p.organisation_id = ${organisationId} and p.external_id = s.external_id
      join customers c on c.organisation_id = p.organisation_id and c.id = p.customer_id
      where (c.external_id, p.received_on, p.amount_minor, p.currency) is distinct from (s.customer_external_id, s.received_on, s.amount_minor, s.currency)`.execute(trx);
    return [...(await duplicateExternalIds(trx, 'payments')), ...problems.rows];
  },

  async merge(trx, organisationId) {
    const merged = await sql<{ inserted: number; updated: number; total: number }>`
      with m as (
        insert into payments (organisation_id, external_id, customer_id, received_on, amount_minor, currency, method, reference, target_invoice_id)
        select ${organisationId}, s.external_id, c.id, s.received_on, s.amount_minor, s.currency, s.method, s.reference, i.id
        from import_payments s
        join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
        left join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
        on conflict (organisation_id, external_id) do update set method = excluded.method, reference = excluded.reference
        where (payments.method, payments.reference) is distinct from (excluded.method, excluded.reference)
        returning (xmax = 0) as inserted, customer_id
      )
      select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
             (select count(*)::int from import_payments) as total
      from m`.execute(trx);
    const customers = await sql<{ customer_id: string }>`
      select distinct p.customer_id from payments p
      join import_payments s on s.external_id = p.external_id
      where p.organisation_id = ${organisationId} and p.status = 'posted' and p.allocated_minor < p.amount_minor`.execute(trx);
    await allocatePendingPayments(trx, organisationId, customers.rows.map((r) => r.customer_id));
    const { inserted, updated, total } = merged.rows[0]!;
    return { inserted, updated, unchanged: total - inserted - updated };
  },
};
