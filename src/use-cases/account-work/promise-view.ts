import type { Db } from '../../db/database.ts';
import { promiseReferences, type PromiseRow } from '../../stores/promises.ts';

export type { PromiseRow };

export interface PromiseView extends PromiseRow {
  customer_external_id: string;
  invoices: { id: string; external_id: string }[];
}

/** Promise rows with what a reader needs to recognise them: the customer's and invoices' own ids. */
export async function promiseViews(db: Db, organisationId: string, rows: PromiseRow[]): Promise<PromiseView[]> {
  if (rows.length === 0) return [];
  const refs = await promiseReferences(db, organisationId, [...new Set(rows.flatMap((r) => r.invoice_ids))], [...new Set(rows.map((r) => r.customer_id))]);
  return rows.map((r) => ({
    ...r,
    customer_external_id: refs.customers.get(r.customer_id) ?? '',
    invoices: r.invoice_ids.map((id) => ({ id, external_id: refs.invoices.get(id) ?? '' })),
  }));
}

export async function promiseView(db: Db, organisationId: string, row: PromiseRow): Promise<PromiseView> {
  return (await promiseViews(db, organisationId, [row]))[0]!;
}
