import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { ContactCapsSetting, Organisation, OrganisationSettings, OrganisationTable } from '../db/schema.ts';

export function organisationById(db: Db | Tx, organisationId: string): Promise<Organisation> {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
}

/** Every organisation, for the background work that visits each one. */
export function allOrganisations(db: Db | Tx): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().execute();
}

export function organisationBySlug(db: Db | Tx, slug: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** The first organisation ever created (the default of every command). */
export function firstOrganisation(db: Db | Tx): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

/** Inserts an organisation; undefined when the slug is taken. */
export function insertOrganisation(db: Db | Tx, values: Insertable<OrganisationTable>): Promise<Organisation | undefined> {
  return db
    .insertInto('organisations')
    .values(values)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateOrganisationRow(db: Db | Tx, organisationId: string, values: Updateable<OrganisationTable>): Promise<Organisation> {
  return db.updateTable('organisations').set(values).where('id', '=', organisationId).returningAll().executeTakeFirstOrThrow();
}

/** The organisation's key for signed links: the stored one, or `candidate` stored now (the first writer wins a race). */
export async function ensureSigningKey(db: Db | Tx, organisationId: string, candidate: string): Promise<string> {
  const row = await db
    .updateTable('organisations')
    .set({ settings: sql`jsonb_set(settings, '{signing_key}', coalesce(settings->'signing_key', to_jsonb(${candidate}::text)))` })
    .where('id', '=', organisationId)
    .returning(sql<string>`settings->>'signing_key'`.as('key'))
    .executeTakeFirstOrThrow();
  return row.key;
}

/** Replaces the contact caps of the settings (settings.contact_caps). */
export function setContactCapsSetting(db: Db | Tx, organisationId: string, byCountry: Record<string, ContactCapsSetting>): Promise<Organisation> {
  return db
    .updateTable('organisations')
    .set({ settings: sql`jsonb_set(settings, '{contact_caps}', ${JSON.stringify(byCountry)}::jsonb)` })
    .where('id', '=', organisationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces the staged-credit settings (settings.staged_credit); null removes them. */
export function setStagedCreditSetting(db: Db | Tx, organisationId: string, value: OrganisationSettings['staged_credit'] | null): Promise<Organisation> {
  return db
    .updateTable('organisations')
    .set({
      settings: value === null ? sql`settings - 'staged_credit'` : sql`jsonb_set(settings, '{staged_credit}', ${JSON.stringify(value)}::jsonb)`,
    })
    .where('id', '=', organisationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Adds settings the organisation does not have yet; the ones it set itself are kept. */
export async function addMissingSettings(db: Db | Tx, organisationId: string, defaults: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('organisations')
    .set({ settings: sql`${JSON.stringify(defaults)}::jsonb || settings` })
    .where('id', '=', organisationId)
    .execute();
}

export function findOrganisationById(db: Db | Tx, organisationId: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/** No customer and not one contact-record entry: nothing was ever loaded into the organisation. */
export async function hasNoCustomersNorRecord(db: Db | Tx, organisationId: string): Promise<boolean> {
  const [customer, entry] = await Promise.all([
    db.selectFrom('customers').select('id').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst(),
    db.selectFrom('interactions').select('seq').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst(),
  ]);
  return !customer && !entry;
}
