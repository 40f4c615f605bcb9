import type { Generated } from 'kysely';

/** A template text edited by the business; the highest version of a key/channel/language wins. */
export interface TemplateOverrideTable {
  organisation_id: string;
  id: Generated<string>;
  key: string;
  channel: 'email' | 'sms' | 'whatsapp' | 'letter' | 'call_task';
  language: string;
  subject: string | null;
  body: string;
  html: string | null;
  version: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

// Tables added by src/db/migrations for cadence; DB in schema.ts extends this interface.
export interface CadenceTables {
  template_overrides: TemplateOverrideTable;
}
