import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { formatAmount } from '../domain/money.ts';
import { csvRow } from './escalation/csv.ts';

export const chargesCsvHeader = ['date', 'entry', 'component', 'invoice_external_id', 'invoice_number', 'customer_external_id', 'customer_name', 'customer_tax_id', 'currency', 'amount', 'source', 'payment_external_id'] as const;

/**
 * The accounting export of late charges and discounts between two dates (inclusive), ordered
 * by date: 'charge_booked' when a late charge (late_fee, interest, compensation) became a
 * receivable — by a payment, a reminder (at demand time) or a payment plan —, 'charge_paid'
 * per amount a payment applied to it, 'charge_payment_reversed' when that payment bounced;
 * 'discount_granted' for an early-payment or settlement discount and 'discount_reversed'
 * when the payment that earned it was reversed. UTF-8 CSV with a header row.
 */
export async function exportChargesCsv(db: Db, organisationId: string, from: string, to: string): Promise<string> {
  const rows = await sql<{ date: string; entry: string; component: string; invoice: string; number: string; customer: string; name: string; tax_id: string | null; currency: string; amount_minor: number; source: string; payment: string | null }>`
    with entries as (
      select c.as_of as date, case when c.component = 'discount' then 'discount_granted' else 'charge_booked' end as entry, 0 as ord,
             c.component, c.invoice_id, c.currency, c.amount_minor, c.source, c.payment_id
      from invoice_charges c where c.organisation_id = ${organisationId} and c.as_of between ${from}::date and ${to}::date
      union all
      select c.reversed_on, 'discount_reversed', 3, c.component, c.invoice_id, c.currency, c.amount_minor, c.source, c.payment_id
      from invoice_charges c where c.organisation_id = ${organisationId} and c.reversed_on between ${from}::date and ${to}::date
      union all
      select a.allocated_on, 'charge_paid', 1, c.component, c.invoice_id, c.currency, a.amount_minor, c.source, a.payment_id
      from charge_allocations a join invoice_charges c on c.organisation_id = a.organisation_id and c.key = a.charge_key
      where a.organisation_id = ${organisationId} and a.allocated_on between ${from}::date and ${to}::date
      union all
      select a.reversed_on, 'charge_payment_reversed', 2, c.component, c.invoice_id, c.currency, a.amount_minor, c.source, a.payment_id
      from charge_allocations a join invoice_charges c on c.organisation_id = a.organisation_id and c.key = a.charge_key
      where a.organisation_id = ${organisationId} and a.reversed_on between ${from}::date and ${to}::date
    )
    select e.date::text as date, e.entry, e.component, i.external_id as invoice, i.number, cu.external_id as customer, cu.name, cu.tax_id,
           e.currency, e.amount_minor, e.source, p.external_id as payment
    from entries e
    join invoices i on i.organisation_id = ${organisationId} and i.id = e.invoice_id
    join customers cu on cu.organisation_id = ${organisationId} and cu.id = i.customer_id
    left join payments p on p.organisation_id = ${organisationId} and p.id = e.payment_id
    order by e.date, e.ord, i.external_id, e.component, p.external_id`.execute(db);
  const lines = rows.rows.map((r) => csvRow([
    r.date, r.entry, r.component, r.invoice, r.number, r.customer, r.name, r.tax_id ?? '', r.currency, formatAmount(Number(r.amount_minor), r.currency), r.source, r.payment ?? '',
  ]));
  return [csvRow(chargesCsvHeader), ...lines].join('\n') + '\n';
}
