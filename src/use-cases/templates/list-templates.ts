import type { Db } from '../../db/database.ts';
import { defaultTemplateSource, type TemplateSource } from '../../channels/templates/default-templates.ts';
import { templateChannels, templateKeys, templateLanguages, type TemplateChannel, type TemplateKey } from '../../channels/templates/message-context.ts';
import { loadTemplateOverrides, type StoredTemplateOverride } from './load-template-overrides.ts';
import type { OrgContext } from '../org-context.ts';

export interface TemplateEntry {
  key: TemplateKey;
  channel: TemplateChannel;
  language: string;
  /** What Régua ships (for a language it has no text in, the text it falls back to); null when none. */
  shipped: TemplateSource | null;
  /** The business's latest edit, used instead of the shipped text; null when none. */
  override: StoredTemplateOverride | null;
}

/** Every template key, channel and language with a shipped text, plus every edited one. */
export async function listTemplates(db: Db, ctx: OrgContext): Promise<TemplateEntry[]> {
  const organisationId = ctx.org.id;
  const overrides = await loadTemplateOverrides(db, organisationId);
  const entries = new Map<string, TemplateEntry>();
  const id = (key: string, channel: string, language: string) => `${key}\u0000${channel}\u0000${language}`;
  for (const key of templateKeys) {
    for (const channel of templateChannels[key]) {
      for (const language of templateLanguages) {
        entries.set(id(key, channel, language), { key, channel, language, shipped: defaultTemplateSource(key, channel, language) ?? null, override: null });
      }
    }
  }
  for (const row of overrides) {
    const existing = entries.get(id(row.key, row.channel, row.language));
    if (existing) existing.override = row;
    else {
      const key = row.key as TemplateKey;
      entries.set(id(row.key, row.channel, row.language), {
        key,
        channel: row.channel,
        language: row.language,
        shipped: defaultTemplateSource(key, row.channel, row.language) ?? null,
        override: row,
      });
    }
  }
  return [...entries.values()].sort((a, b) => a.key.localeCompare(b.key) || a.channel.localeCompare(b.channel) || a.language.localeCompare(b.language));
}
