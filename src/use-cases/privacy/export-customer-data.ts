import type { Db } from '../../db/database.ts';
import { customerRows } from '../../stores/privacy.ts';
import { customerByRef } from '../account-work/support.ts';
import type { OrgContext } from '../org-context.ts';
import type { RecordRef } from '../record-ref.ts';

/** Everything held about one debtor, for a data subject's access request (LGPD art. 18 II, GDPR art. 15). */
export interface PersonalDataExport {
  format: 'regua.personal-data/1';
  exported_at: string;
  controller: { name: string; legal_name: string | null; tax_id: string | null; address: string | null };
  customer_id: string;
  /** Every row of every table that holds the customer's data, as stored (binary columns in base64). */
  tables: Record<string, Record<string, unknown>[]>;
}

export async function exportPersonalData(db: Db, ctx: OrgContext, ref: RecordRef): Promise<PersonalDataExport> {
  const customer = await customerByRef(db, ctx.org.id, ref);
  const tables = await db.transaction().execute((trx) => customerRows(trx, ctx.org.id, customer.id));
  return {
    format: 'regua.personal-data/1',
    exported_at: ctx.now.toISOString(),
    controller: { name: ctx.org.name, legal_name: ctx.org.legal_name, tax_id: ctx.org.tax_id, address: ctx.org.address },
    customer_id: customer.id,
    tables,
  };
}
