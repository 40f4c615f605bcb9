import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AccountWorkTables } from './schema-account-work.ts';
import type { PaymentPlansTables } from './schema-payment-plans.ts';
import type { EscalationTables } from './schema-escalation.ts';
import type { ReconciliationTables } from './schema-reconciliation.ts';
import type { CadenceTables } from './schema-cadence.ts';
import type { DeliveryReceiptTables } from './schema-delivery-receipts.ts';
import type { Role, UsersTables } from './schema-users.ts';
import type { PortalTables } from './schema-portal.ts';
import type { InsightTables } from './schema-insight.ts';

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
  /** Local time (HH:MM, organisation time zone) of the daily cadence run inside `serve`. */
  run_at?: string;
  /** Open amounts at or below these are not chased, per currency (minor units). */
  tolerance_minor?: Record<string, number>;
  portal_base_url?: string;
  /** The debtor portal (src/use-cases/portal/portal-settings.ts); absent = defaults. */
  portal?: PortalSettingsJson;
  /** Contact caps per debtor country ('*' = any other), see use-cases/contact-caps-settings.ts. */
  contact_caps?: Record<string, ContactCapsSetting>;
  /** When late charges are booked: when paid (default) or when a reminder demands them. */
  charges_booking?: 'on_payment' | 'on_demand';
  /** Days a debtor's personal data is kept after the last activity once the debt is closed (domain/privacy.ts). */
  retention_days?: number;
  /** Staged credit for new customers (see domain/insight/credit.ts); absent: off. */
  staged_credit?: { currency: string; probation_days: number; initial_limit_minor: number; step_minor: number; max_limit_minor: number };
}

/** Stored portal settings (snake_case as saved); defaults in src/use-cases/portal/portal-settings.ts. */
export interface PortalSettingsJson {
  enabled?: boolean;
  link_days?: number;
  promise_horizon_days?: number;
  plans_offered?: number[];
  proof_max_bytes?: number;
}

export interface ContactCapsSetting {
  calls: { max: number; per_days: number };
  emails: { max: number; per_days: number };
  messaging_min_hours: number;
}

export interface ApiTokenTable {
  organisation_id: string;
  id: Generated<string>;
  name: string;
  secret_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Migration 0021: what the token may do (existing tokens: admin). */
  role: Generated<Role>;
}

export interface PaymentTermsTable {
  organisation_id: string;
  id: Generated<string>;
  name: string;
  version: Generated<number>;
  is_default: Generated<boolean>;
  rules: Json<unknown>;
  created_at: Generated<Date>;
  scope: Generated<PaymentTermsScope>;
  segment: string | null;
  customer_id: string | null;
}

export type PaymentTermsScope = 'organisation' | 'segment' | 'customer';

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
  tier: string | null;
  risk_band: string | null;
  risk_probability: number | null;
  /** Top reasons per language (pt-BR, es, en). */
  risk_reasons: ColumnType<Record<string, string[]> | null, string | undefined, string | null>;
  risk_model_version: number | null;
  risk_scored_on: IsoDate | null;
  tier_reason: string | null;
  tier_since: IsoDate | null;
  cadence_policy_name: string | null;
  postal_address: string | null;
  /** When the customer's personal data was erased (privacy); the row stays for the accounts. */
  erased_at: Generated<Timestamp | null>;
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
  /** Last day a reminder demanded late charges on it, and the last day that amount holds. */
  charges_demanded_on: IsoDate | null;
  charges_demanded_until: IsoDate | null;
}

export type InvoiceAdjustmentKind = 'credit_note' | 'adjustment' | 'amount_change' | 'due_date_change';
export type InvoiceAdjustmentSource = 'dispute' | 'edit' | 'import';

/** A dated change of an invoice's amount or due date (the invoices row holds the result). */
export interface InvoiceAdjustmentTable {
  organisation_id: string;
  id: Generated<string>;
  invoice_id: string;
  effective_on: IsoDate;
  kind: InvoiceAdjustmentKind;
  /** The change to invoices.amount_minor; 0 for due-date changes and for credits that void. */
  amount_delta_minor: Generated<number>;
  previous_due_date: IsoDate | null;
  due_date: IsoDate | null;
  reason: string | null;
  source: InvoiceAdjustmentSource;
  source_id: string | null;
  actor: string;
  created_at: Generated<Date>;
}
export type InvoiceAdjustment = Selectable<InvoiceAdjustmentTable>;

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
  /** Hash version 2: the SHA-256 of the content, which `hash` covers (null on version 1 entries). */
  content_sha256: string | null;
  /** When the content was erased (privacy); the entry keeps its hashes. */
  erased_at: Generated<Timestamp | null>;
}

/** One erasure of a customer's personal data: when, why, by whom and how many rows it touched. */
export interface PrivacyErasureTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  erased_at: Timestamp;
  basis: 'retention' | 'request';
  reason: string;
  actor: string;
  counts: Json<Record<string, number>>;
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

export interface CadencePolicyTable {
  organisation_id: string;
  id: Generated<string>;
  name: string;
  version: number;
  segments: ColumnType<string[], string[] | undefined, string[]>;
  is_default: Generated<boolean>;
  definition: Json<unknown>;
  created_at: Generated<Date>;
}

export interface StepExecutionTable {
  organisation_id: string;
  receivable_id: string;
  policy_name: string;
  step_id: string;
  customer_id: string;
  executed_on: IsoDate;
  outcome: 'sent' | 'skipped';
  created_at: Generated<Date>;
}

export interface CadenceRunTable {
  organisation_id: string;
  id: Generated<string>;
  as_of: IsoDate;
  started_at: Generated<Date>;
  finished_at: Date | null;
  trigger: Generated<string>;
  summary: ColumnType<unknown, string | null, string | null>;
  /** Migration 0029: how the run ended (running until then). */
  status: Generated<RunStatus>;
  /** Why a failed run failed. */
  error: string | null;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'abandoned';

export type OutboxStatus = 'pending' | 'held' | 'sent' | 'queued_for_print' | 'delivered' | 'failed' | 'bounced' | 'cancelled';

export interface OutboxMessageTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  dedupe_key: string;
  as_of: IsoDate;
  policy_name: string;
  step_id: string;
  channel: 'email' | 'sms' | 'whatsapp' | 'letter';
  template: string;
  tone: string;
  language: string;
  contact_id: string | null;
  recipient: string;
  timezone: string;
  country: string;
  currency: string;
  receivable_ids: string[];
  attach_invoices: Generated<boolean>;
  status: Generated<OutboxStatus>;
  next_attempt_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  sent_at: Date | null;
  /** Set by a provider's delivery receipt (migration 0009). */
  delivered_at: Generated<Date | null>;
  /** Why a 'cancelled' message was not sent: a suppression reason or 'settled' (migration 0013). */
  cancel_reason: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface TaskTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  kind: string;
  dedupe_key: string;
  step_id: string | null;
  currency: string | null;
  receivable_ids: ColumnType<string[], string[] | undefined, string[]>;
  amount_minor: number | null;
  due_on: IsoDate;
  not_before: Date | null;
  status: Generated<'open' | 'done' | 'cancelled'>;
  assigned_to: string | null;
  instructions: string | null;
  outcome: string | null;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

export interface DisputeTable {
  organisation_id: string;
  id: Generated<string>;
  invoice_id: string;
  reason: string;
  owner: string | null;
  deadline: IsoDate | null;
  status: Generated<'open' | 'accepted' | 'rejected'>;
  resolution: ColumnType<unknown, string | null | undefined, string | null>;
  opened_at: Generated<Date>;
  resolved_at: Date | null;
}

export interface PromiseTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  promised_date: IsoDate;
  amount_minor: number;
  currency: string;
  grace_days: Generated<number>;
  channel: string;
  invoice_ids: string[];
  status: Generated<'pending' | 'kept' | 'broken' | 'cancelled'>;
  created_at: Generated<Date>;
  settled_at: Date | null;
}

export interface WebhookEndpointTable {
  organisation_id: string;
  id: Generated<string>;
  url: string;
  secret: string;
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface WebhookDeliveryTable {
  organisation_id: string;
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Json<unknown>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
}

export interface DocumentTable {
  organisation_id: string;
  id: Generated<string>;
  key: string;
  kind: string;
  customer_id: string | null;
  filename: string;
  content_type: string;
  content: Buffer;
  sha256: string;
  created_at: Generated<Date>;
}

export interface SchemaMigrationTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface DB
  extends
    InsightTables,
    AccountWorkTables,
    PaymentPlansTables,
    EscalationTables,
    ReconciliationTables,
    CadenceTables,
    DeliveryReceiptTables,
    UsersTables,
    PortalTables {
  organisations: OrganisationTable;
  api_tokens: ApiTokenTable;
  payment_terms: PaymentTermsTable;
  customers: CustomerTable;
  policy_acknowledgements: PolicyAcknowledgementTable;
  contacts: ContactTable;
  invoices: InvoiceTable;
  invoice_adjustments: InvoiceAdjustmentTable;
  payments: PaymentTable;
  allocations: AllocationTable;
  charge_allocations: ChargeAllocationTable;
  settlement_offers: SettlementOfferTable;
  settlement_offer_invoices: SettlementOfferInvoiceTable;
  interactions: InteractionTable;
  privacy_erasures: PrivacyErasureTable;
  interaction_chain_heads: InteractionChainHeadTable;
  idempotency_keys: IdempotencyKeyTable;
  schema_migrations: SchemaMigrationTable;
  cadence_policies: CadencePolicyTable;
  step_executions: StepExecutionTable;
  cadence_runs: CadenceRunTable;
  outbox_messages: OutboxMessageTable;
  tasks: TaskTable;
  disputes: DisputeTable;
  promises: PromiseTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  documents: DocumentTable;
}

/** A pay-in-full offer the customer accepted (a promise to pay amount_minor by valid_until). */
export interface SettlementOfferTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  currency: string;
  open_minor: number;
  discount_bps: number;
  discount_minor: number;
  amount_minor: number;
  accepted_on: IsoDate;
  valid_until: IsoDate;
  accepted_by: string;
  promise_id: string;
  status: Generated<'accepted' | 'fulfilled'>;
  fulfilled_on: IsoDate | null;
  created_at: Generated<Date>;
}

/** An invoice an offer covers, with its share of the discount. */
export interface SettlementOfferInvoiceTable {
  organisation_id: string;
  offer_id: string;
  invoice_id: string;
  open_minor: number;
  discount_minor: number;
}

/** A slice of a payment applied to a booked late charge (invoice_charges). */
export interface ChargeAllocationTable {
  organisation_id: string;
  id: Generated<string>;
  payment_id: string;
  charge_key: string;
  invoice_id: string;
  amount_minor: number;
  allocated_on: IsoDate;
  reversed_on: IsoDate | null;
  created_at: Generated<Date>;
}

export type Organisation = Selectable<OrganisationTable>;
export type Customer = Selectable<CustomerTable>;
export type Contact = Selectable<ContactTable>;
export type Invoice = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type Payment = Selectable<PaymentTable>;
export type Allocation = Selectable<AllocationTable>;
export type Interaction = Selectable<InteractionTable>;
