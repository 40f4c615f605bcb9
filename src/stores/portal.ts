import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

/** The customer's portal-link generation (0 until a first revocation). */
export async function portalGeneration(db: Db | Tx, organisationId: string, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('portal_links')
    .select('generation')
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.generation ?? 0;
}

/** Revokes every link of the customer signed so far: the generation moves on (wrapping at 65535). */
export async function bumpPortalGeneration(db: Db | Tx, organisationId: string, customerId: string, now: Date): Promise<number> {
  const row = await db
    .insertInto('portal_links')
    .values({ organisation_id: organisationId, customer_id: customerId, generation: 1, revoked_at: now })
    .onConflict((oc) => oc.columns(['organisation_id', 'customer_id']).doUpdateSet({ generation: sql`(portal_links.generation + 1) % 65536`, revoked_at: now }))
    .returning('generation')
    .executeTakeFirstOrThrow();
  return row.generation;
}

/** The first outcome recorded under a form's idempotency key, if any. */
export async function portalSubmission(
  db: Db | Tx,
  organisationId: string,
  idempotencyKey: string,
): Promise<{ customer_id: string; action: string; outcome: Record<string, unknown> } | undefined> {
  return db
    .selectFrom('portal_submissions')
    .select(['customer_id', 'action', 'outcome'])
    .where('organisation_id', '=', organisationId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Claims an idempotency key for a form; false when another submission holds it already. */
export async function claimPortalSubmission(
  trx: Tx,
  organisationId: string,
  row: { idempotency_key: string; customer_id: string; action: string; created_at: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('portal_submissions')
    .values({ organisation_id: organisationId, ...row, outcome: '{}' })
    .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
    .returning('idempotency_key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function recordPortalOutcome(trx: Tx, organisationId: string, idempotencyKey: string, outcome: Record<string, unknown>): Promise<void> {
  await trx
    .updateTable('portal_submissions')
    .set({ outcome: JSON.stringify(outcome) })
    .where('organisation_id', '=', organisationId)
    .where('idempotency_key', '=', idempotencyKey)
    .execute();
}

/** The customer's open invoices, oldest due first, with whether each has an open dispute or a pending promise. */
export function portalInvoicesOf(db: Db | Tx, organisationId: string, customerId: string) {
  return db
    .selectFrom('invoices as i')
    .select([
      'i.id',
      'i.external_id',
      'i.number',
      'i.issue_date',
      'i.due_date',
      'i.amount_minor',
      'i.paid_minor',
      'i.currency',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('disputes as d')
              .select('d.id')
              .whereRef('d.organisation_id', '=', 'i.organisation_id')
              .whereRef('d.invoice_id', '=', 'i.id')
              .where('d.status', '=', 'open'),
          )
          .as('disputed'),
      (eb) =>
        eb
          .selectFrom('promises as p')
          .select(sql<string>`max(p.promised_date)::text`.as('promised_date'))
          .whereRef('p.organisation_id', '=', 'i.organisation_id')
          .where('p.customer_id', '=', customerId)
          .where('p.status', '=', 'pending')
          .where(sql<boolean>`i.id = any(p.invoice_ids)`)
          .as('promised_date'),
    ])
    .where('i.organisation_id', '=', organisationId)
    .where('i.customer_id', '=', customerId)
    .where('i.status', '=', 'open')
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
}

/** Replaces the organisation's portal settings (settings.portal). */
export async function savePortalSettings(db: Db | Tx, organisationId: string, json: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ settings: sql`jsonb_set(settings, '{portal}', ${JSON.stringify(json)}::jsonb)` })
    .where('id', '=', organisationId)
    .execute();
}

/** Every customer of the organisation whose links were ever revoked, with its generation (the others are at 0). */
export async function portalGenerations(db: Db | Tx, organisationId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('portal_links').select(['customer_id', 'generation']).where('organisation_id', '=', organisationId).execute();
  return new Map(rows.map((r) => [r.customer_id, r.generation]));
}
