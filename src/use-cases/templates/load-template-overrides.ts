import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { TemplateOverrideTable } from '../../db/schema-cadence.ts';
import type { TemplateKey, TemplateOverride } from '../../channels/templates/message-context.ts';

export type StoredTemplateOverride = Selectable<TemplateOverrideTable>;

/** The latest version of each of the organisation's edited templates (key, channel, language). */
export async function loadTemplateOverrides(db: Db | Tx, organisationId: string): Promise<StoredTemplateOverride[]> {
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

/** The shape renderMessage takes. */
export function asTemplateOverride(row: StoredTemplateOverride): TemplateOverride {
  return {
    key: row.key as TemplateKey,
    channel: row.channel,
    language: row.language,
    body: row.body,
    ...(row.subject !== null ? { subject: row.subject } : {}),
    ...(row.html !== null ? { html: row.html } : {}),
  };
}
