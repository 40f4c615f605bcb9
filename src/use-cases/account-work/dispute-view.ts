import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DisputeTable } from '../../db/schema.ts';

export type DisputeRow = Selectable<DisputeTable>;

export interface DisputeView extends DisputeRow {
  invoice_external_id: string;
  customer_id: string;
  customer_external_id: string;
  currency: string;
  invoice_amount_minor: number;
  invoice_paid_minor: number;
  invoice_status: string;
}

export function disputeQuery(db: Db, organisationId: string) {
  return db.selectFrom('disputes as d')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 'd.organisation_id').onRef('i.id', '=', 'd.invoice_id'))
    .innerJoin('customers as c', (j) => j.onRef('c.organisation_id', '=', 'i.organisation_id').onRef('c.id', '=', 'i.customer_id'))
    .selectAll('d')
    .select(['i.external_id as invoice_external_id', 'i.customer_id', 'c.external_id as customer_external_id', 'i.currency', 'i.amount_minor as invoice_amount_minor', 'i.paid_minor as invoice_paid_minor', 'i.status as invoice_status'])
    .where('d.organisation_id', '=', organisationId);
}

export async function disputeView(db: Db, organisationId: string, id: string): Promise<DisputeView> {
  return disputeQuery(db, organisationId).where('d.id', '=', id).executeTakeFirstOrThrow();
}
