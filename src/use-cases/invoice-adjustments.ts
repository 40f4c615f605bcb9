import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { InvoiceAdjustmentSource } from '../db/schema.ts';

/**
 * Dated history of invoices (table invoice_adjustments). The invoices row always holds the
 * current amount and due date; each change is also written here with the business date it
 * takes effect, so reports as of an earlier date (aging-report.ts) can undo it.
 */
export interface AdjustmentMeta {
  /** Business date the change takes effect. */
  effectiveOn: string;
  source: InvoiceAdjustmentSource;
  actor: string;
  reason?: string | null;
  /** The record that caused it, e.g. the dispute. */
  sourceId?: string | null;
}

/**
 * Records each difference between the invoices' current amount and due date and the new values
 * given by `next` (rows of invoice_id, amount_minor, due_date) as an amount_change or a
 * due_date_change. Call it before writing the new values to the invoices. Returns how many.
 * A due-date change never takes effect before the invoice's last one (an import dated earlier
 * takes that one's date), so the last change in effect is also the last recorded.
 */
export async function recordInvoiceEdits(trx: Tx, organisationId: string, next: RawBuilder<unknown>, meta: AdjustmentMeta): Promise<number> {
  const result = await sql`
    insert into invoice_adjustments (organisation_id, invoice_id, effective_on, kind, amount_delta_minor, previous_due_date, due_date, reason, source, source_id, actor)
    select i.organisation_id, i.id, greatest(${meta.effectiveOn}::date, c.not_before), c.kind, c.delta, c.previous_due_date, c.due_date,
           ${meta.reason ?? null}, ${meta.source}, ${meta.sourceId ?? null}::uuid, ${meta.actor}
    from invoices i
    join (${next}) n (invoice_id, amount_minor, due_date) on n.invoice_id = i.id
    cross join lateral (values
      ('amount_change', n.amount_minor - i.amount_minor, null::date, null::date, null::date),
      ('due_date_change', 0::bigint, i.due_date, n.due_date, (select max(effective_on) from invoice_adjustments a
        where a.organisation_id = i.organisation_id and a.invoice_id = i.id and a.kind = 'due_date_change'))
    ) c (kind, delta, previous_due_date, due_date, not_before)
    where i.organisation_id = ${organisationId}
      and (c.kind = 'amount_change' and n.amount_minor <> i.amount_minor
        or c.kind = 'due_date_change' and n.due_date <> i.due_date)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Records a credit note or adjustment of `deltaMinor` (negative: it lowers the amount; 0 when
 * the credit voids an unpaid invoice, whose void date carries it).
 */
export async function recordCredit(trx: Tx, organisationId: string, invoiceId: string, kind: 'credit_note' | 'adjustment', deltaMinor: number, meta: AdjustmentMeta): Promise<void> {
  await trx.insertInto('invoice_adjustments').values({
    organisation_id: organisationId, invoice_id: invoiceId, effective_on: meta.effectiveOn, kind, amount_delta_minor: deltaMinor,
    previous_due_date: null, due_date: null, reason: meta.reason ?? null, source: meta.source, source_id: meta.sourceId ?? null, actor: meta.actor,
  }).execute();
}

/** The effective date of the invoice's last due-date change, if any. */
export async function lastDueDateChange(trx: Tx, organisationId: string, invoiceId: string): Promise<string | null> {
  const row = await trx.selectFrom('invoice_adjustments').select((eb) => eb.fn.max('effective_on').as('last'))
    .where('organisation_id', '=', organisationId).where('invoice_id', '=', invoiceId).where('kind', '=', 'due_date_change').executeTakeFirst();
  return row?.last ?? null;
}
