import type { Db, Tx } from '../../db/database.ts';
import type { TemplateKey, TemplateOverride } from '../../channels/templates/message-context.ts';
import { latestTemplateOverrides, type StoredTemplateOverride } from '../../stores/templates.ts';

export type { StoredTemplateOverride } from '../../stores/templates.ts';

/** The latest version of each of the organisation's edited templates (key, channel, language). */
export async function loadTemplateOverrides(db: Db | Tx, organisationId: string): Promise<StoredTemplateOverride[]> {
  return latestTemplateOverrides(db, organisationId);
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
