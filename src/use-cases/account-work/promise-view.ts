import type { Db } from '../../db/database.ts';
import type { PromiseTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';

export type PromiseRow = Selectable<PromiseTable>;

export interface PromiseView extends PromiseRow {
  customer_external_id: string;
  invoices: { id: string; external_id: string }[];
}

/** Promise rows with what a reader needs to recognise them: the customer's and invoices' own ids. */
export async function promiseViews(db: Db, organisationId: string, rows: PromiseRow[]): Promise<PromiseView[]> {
  if (rows.length === 0) return [];
  const invoiceIds = [...new Set(rows.flatMap((r) => r.invoice_ids))];
  const customerIds = [...new Set(rows.map((r) => r.customer_id))];
  const [invoices, customers] = await Promise.all([
    db.selectFrom('invoices').select(['id', 'external_id']).where('organisation_id', '=', organisationId).where('id', 'in', invoiceIds).execute(),
    db.selectFrom('customers').select(['id', 'external_id']).where('organisation_id', '=', organisationId).where('id', 'in', customerIds).execute(),
  ]);
  const invoiceExt = new Map(invoices.map((i) => [i.id, i.external_id]));
  const customerExt = new Map(customers.map((c) => [c.id, c.external_id]));
  return rows.map((r) => ({
    ...r, customer_external_id: customerExt.get(r.customer_id) ?? '', invoices: r.invoice_ids.map((id) => ({ id, external_id: invoiceExt.get(id) ?? '' })),
  }));
}

export async function promiseView(db: Db, organisationId: string, row: PromiseRow): Promise<PromiseView> {
  return (await promiseViews(db, organisationId, [row]))[0]!;
}
