import type { ColumnType, Generated } from 'kysely';

/** Tables of src/db/migrations/20261122_0005_escalation.sql; DB in schema.ts extends this interface. */
type IsoDate = string;
type Json<T> = ColumnType<T, string | undefined, string>;
type Uuids = ColumnType<string[], string[], string[]>;

export interface EscalationSettingsTable {
  organisation_id: string;
  court_limit_minor: Generated<number>;
  court_limit_currency: Generated<string>;
  notice_days_by_state: Json<Record<string, number>>;
  /** Debtor country → escalation steps configured there (see domain/jurisdiction.ts). */
  steps_by_country: Json<Record<string, string[]>>;
  updated_at: Generated<Date>;
}

export interface EcbReferenceRateTable {
  organisation_id: string;
  effective_from: IsoDate;
  rate_bps: number;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface BureauNoticeTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  outbox_message_id: string | null;
  document_id: string | null;
  channel: string;
  receivable_ids: Uuids;
  sent_at: Date | null;
  delivered_at: Date | null;
  delivery_evidence: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export type BureauListingStatus = 'pending' | 'listed' | 'removed' | 'cancelled';

export interface BureauListingTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  task_id: string;
  notice_id: string | null;
  state: string | null;
  notice_days: number;
  currency: string;
  amount_minor: number;
  receivable_ids: Uuids;
  oldest_due_date: IsoDate;
  expires_on: IsoDate;
  status: Generated<BureauListingStatus>;
  protocol: string | null;
  listed_on: IsoDate | null;
  listed_at: Date | null;
  paid_on: IsoDate | null;
  removal_due_on: IsoDate | null;
  removal_reason: string | null;
  removed_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AgencyHandoffTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  agency: string;
  commission_bp: number;
  invoice_ids: Uuids;
  currency: string;
  amount_minor: number;
  charges_minor: Generated<number>;
  handed_off_on: IsoDate;
  recalled_on: IsoDate | null;
  status: Generated<'active' | 'recalled'>;
  previous_customer_status: string;
  csv_document_id: string | null;
  pdf_document_id: string | null;
  created_at: Generated<Date>;
}

export interface ServiceSuspensionTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  reason: string | null;
  started_at: Date;
  started_by: string;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface WriteOffTable {
  organisation_id: string;
  id: Generated<string>;
  invoice_id: string;
  customer_id: string;
  written_off_on: IsoDate;
  reason: string;
  amount_minor: number;
  currency: string;
  recorded_by: string;
  created_at: Generated<Date>;
  reversed_on: IsoDate | null;
  reversal_reason: string | null;
  reversed_by: string | null;
}

export interface WriteOffRecoveryTable {
  organisation_id: string;
  id: Generated<string>;
  write_off_id: string;
  allocation_id: string;
  payment_id: string;
  amount_minor: number;
  recovered_on: IsoDate;
  created_at: Generated<Date>;
}

export interface EscalationTables {
  escalation_settings: EscalationSettingsTable;
  ecb_reference_rates: EcbReferenceRateTable;
  bureau_notices: BureauNoticeTable;
  bureau_listings: BureauListingTable;
  agency_handoffs: AgencyHandoffTable;
  service_suspensions: ServiceSuspensionTable;
  write_offs: WriteOffTable;
  write_off_recoveries: WriteOffRecoveryTable;
}
