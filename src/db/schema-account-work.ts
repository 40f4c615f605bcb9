import type { Generated } from 'kysely';

export const lateReasonCategories = [
  'forgot',
  'cash_flow',
  'invoice_not_received',
  'product_or_service_problem',
  'wrong_contact',
  'disputes_amount',
  'other',
] as const;
export type LateReasonCategory = (typeof lateReasonCategories)[number];

export interface LatePaymentReasonTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  category: LateReasonCategory;
  text: string | null;
  channel: string;
  actor: string;
  recorded_at: Date;
}

/** Tables added by src/db/migrations for account work; DB in schema.ts extends this interface. */
export interface AccountWorkTables {
  late_payment_reasons: LatePaymentReasonTable;
}
