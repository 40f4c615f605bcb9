import type { Db } from '../db/database.ts';
import { formatAmount } from '../domain/money.ts';
import { chargeEntries } from '../stores/reports.ts';
import { csvRow } from '../domain/csv.ts';
import type { OrgContext } from './org-context.ts';

const chargesCsvHeader = [
  'date',
  'entry',
  'component',
  'invoice_external_id',
  'invoice_number',
  'customer_external_id',
  'customer_name',
  'customer_tax_id',
  'currency',
  'amount',
  'source',
  'payment_external_id',
] as const;

/**
 * The accounting export of late charges and discounts between two dates (inclusive), ordered
 * by date: 'charge_booked' when a late charge (late_fee, interest, compensation) became a
 * receivable — by a payment, a reminder (at demand time) or a payment plan —, 'charge_paid'
 * per amount a payment applied to it, 'charge_payment_reversed' when that payment bounced;
 * 'discount_granted' for an early-payment or settlement discount and 'discount_reversed'
 * when the payment that earned it was reversed. UTF-8 CSV with a header row.
 */
export async function exportChargesCsv(db: Db, ctx: OrgContext, from: string, to: string): Promise<string> {
  const organisationId = ctx.org.id;
  const lines = (await chargeEntries(db, organisationId, from, to)).map((r) =>
    csvRow([
      r.date,
      r.entry,
      r.component,
      r.invoice,
      r.number,
      r.customer,
      r.name,
      r.tax_id ?? '',
      r.currency,
      formatAmount(Number(r.amount_minor), r.currency),
      r.source,
      r.payment ?? '',
    ]),
  );
  return [csvRow(chargesCsvHeader), ...lines].join('\n') + '\n';
}
