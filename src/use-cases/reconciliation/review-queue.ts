import type { Db } from '../../db/database.ts';
import type { BankLineStatus, BankStatementLineTable } from '../../db/schema-reconciliation.ts';
import type { Selectable } from 'kysely';
import { isUuid, RecordNotFoundError, toPage, type Page, type PageRequest } from '../record-ref.ts';

export type BankLine = Selectable<BankStatementLineTable>;

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
export async function listQueue(db: Db, organisationId: string, filters: { status?: 'suggested' | 'unmatched' }, page: PageRequest): Promise<Page<QueueLine>> {
  let query = db
    .selectFrom('bank_statement_lines')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', filters.status ? [filters.status] : QUEUE_STATUSES);
  const after = page.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('entry_date', 'id'), '>', eb.tuple(after[0]!, after[1]!)));
  const rows = await query.orderBy('entry_date').orderBy('id').limit(page.limit + 1).execute();
  const result = toPage(rows, page.limit, (r) => [r.entry_date, r.id]);
  return { items: await withSuggestedInvoices(db, organisationId, result.items), next: result.next };
}

export async function getLine(db: Db, organisationId: string, id: string): Promise<QueueLine> {
  if (!isUuid(id)) throw new RecordNotFoundError('bank_line', { id });
  const row = await db.selectFrom('bank_statement_lines').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new RecordNotFoundError('bank_line', { id });
  const [line] = await withSuggestedInvoices(db, organisationId, [row]);
  return line!;
}

async function withSuggestedInvoices(db: Db, organisationId: string, lines: BankLine[]): Promise<QueueLine[]> {
  const ids = [...new Set(lines.flatMap((l) => l.suggestions.map((s) => s.invoice_id)))];
  const invoices = ids.length === 0
    ? []
    : await db
      .selectFrom('invoices as i')
      .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'i.organisation_id').onRef('c.id', '=', 'i.customer_id'))
      .select(['i.id', 'i.external_id', 'i.number', 'i.customer_id', 'c.external_id as customer_external_id', 'c.name as customer_name', 'i.due_date', 'i.amount_minor', 'i.paid_minor', 'i.currency'])
      .where('i.organisation_id', '=', organisationId)
      .where('i.id', 'in', ids)
      .where('i.status', '=', 'open')
      .execute();
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return lines.map((line) => ({
    ...line,
    suggested_invoices: line.suggestions.flatMap((s) => {
      const i = byId.get(s.invoice_id);
      if (!i) return [];
      return [{
        invoice_id: i.id, invoice_external_id: i.external_id, invoice_number: i.number, customer_id: i.customer_id, customer_external_id: i.customer_external_id,
        customer_name: i.customer_name, due_date: i.due_date, open_minor: i.amount_minor - i.paid_minor, currency: i.currency, rule: s.rule, confidence: s.confidence,
      }];
    }),
  }));
}
