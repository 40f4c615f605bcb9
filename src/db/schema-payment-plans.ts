import type { Generated } from 'kysely';

/** Tables of src/db/migrations/20261122_0004_payment_plans.sql. Dates are ISO strings. */
type IsoDate = string;

export interface PlanLimitsTable {
  organisation_id: string;
  max_instalments: number;
  min_instalment_minor: number;
  max_discount_bps: number;
  max_monthly_interest_bps: number;
  min_down_payment_bps: number;
  tolerance_days: number;
  updated_at: Generated<Date>;
}

export type PaymentPlanStatus = 'active' | 'completed' | 'broken' | 'cancelled';
export type PaymentPlanFrequency = 'weekly' | 'biweekly' | 'monthly';

export interface PaymentPlanTable {
  organisation_id: string;
  id: Generated<string>;
  short_id: string;
  customer_id: string;
  currency: string;
  status: Generated<PaymentPlanStatus>;
  frequency: PaymentPlanFrequency;
  instalment_count: number;
  monthly_interest_bps: number;
  start_date: IsoDate;
  debt_minor: number;
  charges_minor: number;
  down_payment_minor: number;
  interest_minor: number;
  total_minor: number;
  tolerance_days: number;
  created_on: IsoDate;
  closed_on: IsoDate | null;
  created_at: Generated<Date>;
}

export interface PaymentPlanInvoiceTable {
  organisation_id: string;
  plan_id: string;
  invoice_id: string;
  open_minor: number;
  charges_minor: number;
}

export interface PaymentPlanInstalmentTable {
  organisation_id: string;
  plan_id: string;
  /** 0 = the down payment. */
  number: number;
  invoice_id: string;
  due_date: IsoDate;
  amount_minor: number;
  principal_minor: number;
  interest_minor: number;
}

export interface InvoiceChargeTable {
  organisation_id: string;
  key: string;
  invoice_id: string;
  component: 'discount' | 'late_fee' | 'interest' | 'compensation';
  amount_minor: number;
  currency: string;
  as_of: IsoDate;
  source: string;
  plan_id: string | null;
  created_at: Generated<Date>;
  paid_minor: Generated<number>;
  /** The payment a discount came with (reversing it reverses the discount). */
  payment_id: string | null;
  reversed_on: IsoDate | null;
}

// Tables added by src/db/migrations for payment plans; DB in schema.ts extends this interface.
export interface PaymentPlansTables {
  plan_limits: PlanLimitsTable;
  payment_plans: PaymentPlanTable;
  payment_plan_invoices: PaymentPlanInvoiceTable;
  payment_plan_instalments: PaymentPlanInstalmentTable;
  invoice_charges: InvoiceChargeTable;
}
