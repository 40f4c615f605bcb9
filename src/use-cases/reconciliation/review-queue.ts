import type { Db } from '../../db/database.ts';
import type { BankLineStatus } from '../../db/schema-reconciliation.ts';
import { openMinor } from '../../domain/receivable.ts';
import { openInvoicesWithCustomer } from '../../stores/invoices.ts';
import { bankLineById, bankLinesIn, type BankLine } from '../../stores/reconciliation.ts';
import { isUuid, RecordNotFoundError, toPage, type Page, type PageRequest } from '../record-ref.ts';
import type { OrgContext } from '../org-context.ts';

export type { BankLine } from '../../stores/reconciliation.ts';

export interface SuggestedInvoice {
  invoice_id: string;
  invoice_external_id: string;
  invoice_number: string;
  customer_id: string;
  customer_external_id: string;
  customer_name: string;
  due_date: string;
  open_minor: number;
  currency: string;
  rule: string;
  confidence: number;
}

export interface QueueLine extends BankLine {
  /** The stored suggestions with what a reviewer needs to decide; invoices paid since then are left out. */
  suggested_invoices: SuggestedInvoice[];
}

const QUEUE_STATUSES: BankLineStatus[] = ['suggested', 'unmatched'];

/** The review queue: lines waiting for a person, oldest entry first (keyset: date, id). */
export async function listQueue(db: Db, ctx: OrgContext, filters: { status?: 'suggested' | 'unmatched' }, page: PageRequest): Promise<Page<QueueLine>> {
  const organisationId = ctx.org.id;
  const rows = await bankLinesIn(db, organisationId, filters.status ? [filters.status] : QUEUE_STATUSES, page.after, page.limit);
  const result = toPage(rows, page.limit, (r) => [r.entry_date, r.id]);
  return { items: await withSuggestedInvoices(db, organisationId, result.items), next: result.next };
}

export async function getLine(db: Db, ctx: OrgContext, id: string): Promise<QueueLine> {
  const organisationId = ctx.org.id;
  if (!isUuid(id)) throw new RecordNotFoundError('bank_line', { id });
  const row = await bankLineById(db, organisationId, id);
  if (!row) throw new RecordNotFoundError('bank_line', { id });
  const [line] = await withSuggestedInvoices(db, organisationId, [row]);
  return line!;
}

async function withSuggestedInvoices(db: Db, organisationId: string, lines: BankLine[]): Promise<QueueLine[]> {
  const ids = [...new Set(lines.flatMap((l) => l.suggestions.map((s) => s.invoice_id)))];
  const invoices = await openInvoicesWithCustomer(db, organisationId, ids);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return lines.map((line) => ({
    ...line,
    suggested_invoices: line.suggestions.flatMap((s) => {
      const i = byId.get(s.invoice_id);
      if (!i) return [];
      return [
        {
          invoice_id: i.id,
          invoice_external_id: i.external_id,
          invoice_number: i.number,
          customer_id: i.customer_id,
          customer_external_id: i.customer_external_id,
          customer_name: i.customer_name,
          due_date: i.due_date,
          open_minor: openMinor({ amountMinor: i.amount_minor, paidMinor: i.paid_minor }),
          currency: i.currency,
          rule: s.rule,
          confidence: s.confidence,
        },
      ];
    }),
  }));
}
