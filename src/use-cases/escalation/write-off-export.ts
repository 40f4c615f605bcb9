import type { Db, Tx } from '../../db/database.ts';
import { formatAmount } from '../../domain/money.ts';
import { recoveriesBetween, writeOffsBetween } from '../../stores/escalations.ts';
import { csvRow } from '../../domain/csv.ts';
import type { OrgContext } from '../org-context.ts';

const writeOffCsvHeader = [
  'date',
  'entry',
  'invoice_external_id',
  'invoice_number',
  'customer_external_id',
  'customer_name',
  'customer_tax_id',
  'currency',
  'amount',
  'reason',
  'payment_external_id',
] as const;

/**
 * The accounting export of bad debt between two dates (inclusive): one 'write_off' line per
 * invoice written off (the expense), one 'recovery' line per amount received on a
 * written-off invoice (the income) and one 'write_off_reversal' line per reversed write-off
 * (the expense undone, the receivable back), ordered by date. UTF-8 CSV with a header row.
 */
export async function exportWriteOffsCsv(db: Db | Tx, ctx: OrgContext, from: string, to: string): Promise<string> {
  const organisationId = ctx.org.id;
  const within = (date: string | null): date is string => date !== null && date >= from && date <= to;
  // One read of the write-offs made or reversed in the period: a write-off line, a reversal line, or both.
  const writeOffs = await writeOffsBetween(db, organisationId, from, to);
  const recoveries = await recoveriesBetween(db, organisationId, from, to);
  const cellsOf = (w: (typeof writeOffs)[number], date: string, entry: string, reason: string) => [
    date,
    entry,
    w.external_id,
    w.number,
    w.customer_external_id,
    w.name,
    w.tax_id ?? '',
    w.currency,
    formatAmount(w.amount_minor, w.currency),
    reason,
    '',
  ];
  const lines = [
    ...writeOffs
      .filter((w) => within(w.written_off_on))
      .map((w) => ({ date: w.written_off_on, order: 0, cells: cellsOf(w, w.written_off_on, 'write_off', w.reason) })),
    ...writeOffs
      .filter((w) => within(w.reversed_on))
      .map((w) => ({ date: w.reversed_on!, order: 2, cells: cellsOf(w, w.reversed_on!, 'write_off_reversal', w.reversal_reason ?? '') })),
    ...recoveries.map((r) => ({
      date: r.date,
      order: 1,
      cells: [
        r.date,
        'recovery',
        r.external_id,
        r.number,
        r.customer_external_id,
        r.name,
        r.tax_id ?? '',
        r.currency,
        formatAmount(r.amount_minor, r.currency),
        r.reason,
        r.payment_external_id,
      ],
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order || (a.cells[2]! < b.cells[2]! ? -1 : 1)));
  return [csvRow(writeOffCsvHeader), ...lines.map((l) => csvRow(l.cells))].join('\n') + '\n';
}
