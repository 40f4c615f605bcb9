import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely's view of the tables created by src/db/migrations. Dates are ISO strings. */
type IsoDate = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  address: string | null;
  country: Generated<string>;
  timezone: Generated<string>;
  default_currency: Generated<string>;
  settings: ColumnType<OrganisationSettings, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface OrganisationSettings {
  aging_buckets?: number[];
}

export interface ApiTokenTable {
  organisation_id: string;
  id: Generated<string>;
  name: string;
  secret_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface PaymentTermsTable {
  organisation_id: string;
  id: Generated<string>;
  name: string;
  version: Generated<number>;
  is_default: Generated<boolean>;
  rules: Json<unknown>;
  created_at: Generated<Date>;
}

export interface CustomerTable {
  organisation_id: string;
  id: Generated<string>;
  external_id: string;
  name: string;
  tax_id: string | null;
  tax_id_kind: string | null;
  party_type: Generated<'business' | 'consumer'>;
  country: string;
  language: string;
  timezone: string;
  segment: string | null;
  credit_limit_minor: number | null;
  status: Generated<CustomerStatus>;
  paused_until: IsoDate | null;
  payment_terms_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type CustomerStatus = 'active' | 'paused' | 'with_agency' | 'in_court' | 'bankrupt' | 'closed';

export interface PolicyAcknowledgementTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  payment_terms_id: string;
  terms_version: number;
  channel: string;
  acknowledged_at: Timestamp;
  evidence: Json<unknown>;
}

export type ContactChannel = 'email' | 'phone' | 'whatsapp';
export type ContactRole = 'billing' | 'manager' | 'owner';
export type Consent = 'granted' | 'unknown' | 'opted_out';

export interface ContactTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  name: string | null;
  role: Generated<ContactRole>;
  channel: ContactChannel;
  address: string;
  language: string | null;
  timezone: string | null;
  consent: Generated<Consent>;
  consent_changed_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type InvoiceStatus = 'open' | 'paid' | 'void' | 'written_off';

export interface InvoiceTable {
  organisation_id: string;
  id: Generated<string>;
  external_id: string;
  customer_id: string;
  number: string;
  issue_date: IsoDate;
  due_date: IsoDate;
  amount_minor: number;
  currency: string;
  description: string | null;
  paid_minor: Generated<number>;
  status: Generated<InvoiceStatus>;
  voided_on: IsoDate | null;
  written_off_on: IsoDate | null;
  parent_invoice_id: string | null;
  instalment_number: number | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PaymentTable {
  organisation_id: string;
  id: Generated<string>;
  external_id: string;
  customer_id: string;
  received_on: IsoDate;
  amount_minor: number;
  currency: string;
  method: string | null;
  reference: string | null;
  target_invoice_id: string | null;
  allocated_minor: Generated<number>;
  status: Generated<'posted' | 'reversed'>;
  reversed_on: IsoDate | null;
  created_at: Generated<Date>;
}

export interface AllocationTable {
  organisation_id: string;
  id: Generated<string>;
  payment_id: string;
  invoice_id: string;
  amount_minor: number;
  allocated_on: IsoDate;
  reversed_on: IsoDate | null;
  created_at: Generated<Date>;
}

export interface InteractionTable {
  organisation_id: string;
  seq: number;
  id: Generated<string>;
  occurred_at: Timestamp;
  recorded_at: Generated<Date>;
  customer_id: string | null;
  actor: string;
  channel: string;
  kind: string;
  content: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface InteractionChainHeadTable {
  organisation_id: string;
  last_seq: number;
  last_hash: string;
}

export interface IdempotencyKeyTable {
  organisation_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: Json<unknown>;
  created_at: Generated<Date>;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface DB {
  organisations: OrganisationTable;
  api_tokens: ApiTokenTable;
  payment_terms: PaymentTermsTable;
  customers: CustomerTable;
  policy_acknowledgements: PolicyAcknowledgementTable;
  contacts: ContactTable;
  invoices: InvoiceTable;
  payments: PaymentTable;
  allocations: AllocationTable;
  interactions: InteractionTable;
  interaction_chain_heads: InteractionChainHeadTable;
  idempotency_keys: IdempotencyKeyTable;
  schema_migrations: SchemaMigrationTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Customer = Selectable<CustomerTable>;
export type Contact = Selectable<ContactTable>;
export type Invoice = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type Payment = Selectable<PaymentTable>;
export type Allocation = Selectable<AllocationTable>;
export type Interaction = Selectable<InteractionTable>;
