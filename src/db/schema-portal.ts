import type { ColumnType, Generated } from 'kysely';

/** Tables of src/db/migrations/20261207_0022_portal.sql; DB in schema.ts extends this interface. */
type Json<T> = ColumnType<T, string, string>;

export interface PortalLinkTable {
  organisation_id: string;
  customer_id: string;
  generation: Generated<number>;
  revoked_at: Date | null;
}

export interface PortalSubmissionTable {
  organisation_id: string;
  idempotency_key: string;
  customer_id: string;
  action: string;
  outcome: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export interface PortalTables {
  portal_links: PortalLinkTable;
  portal_submissions: PortalSubmissionTable;
}
