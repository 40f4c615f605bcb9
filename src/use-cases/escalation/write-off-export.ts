import type { Db } from '../../db/database.ts';
import { formatAmount } from '../../domain/money.ts';
import { csvRow } from './csv.ts';

export const writeOffCsvHeader = ['date', 'entry', 'invoice_external_id', 'invoice_number', 'customer_external_id', 'customer_name', 'customer_tax_id', 'currency', 'amount', 'reason', 'payment_external_id'] as const;

/**
 * The accounting export of bad debt between two dates (inclusive): one 'write_off' line per
 * invoice written off (the expense), one 'recovery' line per amount received on a
 * written-off invoice (the income) and one 'write_off_reversal' line per reversed write-off
 * (the expense undone, the receivable back), ordered by date. UTF-8 CSV with a header row.
 */
export async function exportWriteOffsCsv(db: Db, organisationId: string, from: string, to: string): Promise<string> {
  const writeOffs = await db
    .selectFrom('write_offs as w')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'w.organisation_id').onRef('c.id', '=', 'w.customer_id'))
    .select(['w.written_off_on as date', 'i.external_id', 'i.number', 'c.external_id as customer_external_id', 'c.name', 'c.tax_id', 'w.currency', 'w.amount_minor', 'w.reason'])
    .where('w.organisation_id', '=', organisationId)
    .where('w.written_off_on', '>=', from)
    .where('w.written_off_on', '<=', to)
    .execute();
  const reversals = await db
    .selectFrom('write_offs as w')
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'w.organisation_id').onRef('c.id', '=', 'w.customer_id'))
    .select(['w.reversed_on as date', 'i.external_id', 'i.number', 'c.external_id as customer_external_id', 'c.name', 'c.tax_id', 'w.currency', 'w.amount_minor', 'w.reversal_reason as reason'])
    .where('w.organisation_id', '=', organisationId)
    .where('w.reversed_on', '>=', from)
    .where('w.reversed_on', '<=', to)
    .execute();
  const recoveries = await db
    .selectFrom('write_off_recoveries as r')
    .innerJoin('write_offs as w', (join) => join.onRef('w.organisation_id', '=', 'r.organisation_id').onRef('w.id', '=', 'r.write_off_id'))
    .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'w.organisation_id').onRef('i.id', '=', 'w.invoice_id'))
    .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'w.organisation_id').onRef('c.id', '=', 'w.customer_id'))
    .innerJoin('payments as p', (join) => join.onRef('p.organisation_id', '=', 'r.organisation_id').onRef('p.id', '=', 'r.payment_id'))
    .select(['r.recovered_on as date', 'i.external_id', 'i.number', 'c.external_id as customer_external_id', 'c.name', 'c.tax_id', 'w.currency', 'r.amount_minor', 'w.reason', 'p.external_id as payment_external_id'])
    .where('r.organisation_id', '=', organisationId)
    // A payment plan's internal settlement is not cash received (its instalments were).
    .where((eb) => eb.or([eb('p.method', 'is', null), eb('p.method', '<>', 'payment_plan')]))
    .where('r.recovered_on', '>=', from)
    .where('r.recovered_on', '<=', to)
    .execute();
  const lines = [
    ...writeOffs.map((w) => ({ date: w.date, order: 0, cells: [w.date, 'write_off', w.external_id, w.number, w.customer_external_id, w.name, w.tax_id ?? '', w.currency, formatAmount(w.amount_minor, w.currency), w.reason, ''] })),
    ...reversals.map((w) => ({ date: w.date!, order: 2, cells: [w.date!, 'write_off_reversal', w.external_id, w.number, w.customer_external_id, w.name, w.tax_id ?? '', w.currency, formatAmount(w.amount_minor, w.currency), w.reason ?? '', ''] })),
    ...recoveries.map((r) => ({ date: r.date, order: 1, cells: [r.date, 'recovery', r.external_id, r.number, r.customer_external_id, r.name, r.tax_id ?? '', r.currency, formatAmount(r.amount_minor, r.currency), r.reason, r.payment_external_id] })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order || (a.cells[2]! < b.cells[2]! ? -1 : 1)));
  return [csvRow(writeOffCsvHeader), ...lines.map((l) => csvRow(l.cells))].join('\n') + '\n';
}
