import type { Db, Tx } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import { chargeKey, type ChargeComponent } from '../domain/fees.ts';

/** Crystallised charges (invoice_charges): late charges and discounts booked on invoices, once per invoice and component. */

/** The charges already on file for these invoices. */
export function chargesOnFile(db: Db | Tx, organisationId: string, invoiceIds: readonly string[]) {
  return db
    .selectFrom('invoice_charges')
    .select(['invoice_id', 'component', 'amount_minor', 'paid_minor', 'plan_id'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', invoiceIds)
    .execute();
}

/** Writes charges under fees.chargeKey; a concurrent or repeated write of the same key is a no-op. Returns how many were new. */
export async function insertCharges(
  trx: Tx,
  organisationId: string,
  charges: readonly { invoiceId: string; component: ChargeComponent; amountMinor: number }[],
  currency: string,
  asOf: IsoDate,
  source: { kind: string; planId: string | null },
): Promise<number> {
  if (charges.length === 0) return 0;
  const inserted = await trx
    .insertInto('invoice_charges')
    .values(
      charges.map((c) => ({
        organisation_id: organisationId,
        key: chargeKey(c.invoiceId, c.component),
        invoice_id: c.invoiceId,
        component: c.component,
        amount_minor: c.amountMinor,
        currency,
        as_of: asOf,
        source: source.kind,
        plan_id: source.planId,
      })),
    )
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doNothing())
    .returning('key')
    .execute();
  return inserted.length;
}
