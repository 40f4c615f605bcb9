import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { TemplateOverrideTable } from '../db/schema-cadence.ts';

export type StoredTemplateOverride = Selectable<TemplateOverrideTable>;

/** The latest version of each of the organisation's edited templates (key, channel, language). */
export function latestTemplateOverrides(db: Db | Tx, organisationId: string): Promise<StoredTemplateOverride[]> {
  return db
    .selectFrom('template_overrides')
    .selectAll()
    .distinctOn(['key', 'channel', 'language'])
    .where('organisation_id', '=', organisationId)
    .orderBy('key')
    .orderBy('channel')
    .orderBy('language')
    .orderBy('version', 'desc')
    .execute();
}

/** Holds the organisation's row for this transaction, so two concurrent saves cannot both pick the same version. */
export async function lockTemplateVersions(trx: Tx, organisationId: string): Promise<void> {
  await trx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
}

/** The highest version of one template (key, channel, language); 0 when never edited. */
export async function latestTemplateVersion(
  db: Db | Tx,
  organisationId: string,
  template: { key: string; channel: string; language: string },
): Promise<number> {
  const latest = await db
    .selectFrom('template_overrides')
    .select(({ fn }) => fn.max('version').as('version'))
    .where('organisation_id', '=', organisationId)
    .where('key', '=', template.key)
    .where('channel', '=', template.channel as StoredTemplateOverride['channel'])
    .where('language', '=', template.language)
    .executeTakeFirst();
  return latest?.version ?? 0;
}

export function insertTemplateOverride(
  db: Db | Tx,
  organisationId: string,
  values: Omit<Insertable<TemplateOverrideTable>, 'organisation_id'>,
): Promise<StoredTemplateOverride> {
  return db
    .insertInto('template_overrides')
    .values({ ...values, organisation_id: organisationId })
    .returningAll()
    .executeTakeFirstOrThrow();
}
