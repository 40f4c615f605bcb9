import type { IsoDate } from '../domain/dates.ts';

/**
 * Rows shaped like the CSV files of the external contract (DESIGN.md §4): every field is
 * text as it appears in the file, amounts as decimal strings ("1234.56"), '' for empty.
 */
export interface CustomerRow {
  external_id: string;
  name: string;
  tax_id: string;
  email: string;
  phone: string;
  whatsapp: string;
  language: string;
  timezone: string;
  country: string;
  segment: string;
  credit_limit: string;
}

export interface InvoiceRow {
  external_id: string;
  customer_external_id: string;
  issue_date: IsoDate;
  due_date: IsoDate;
  amount: string;
  currency: string;
  description: string;
}

export interface PaymentRow {
  external_id: string;
  customer_external_id: string;
  /** '' when the payer named no invoice: the payment goes to the oldest open ones. */
  invoice_external_id: string;
  date: IsoDate;
  amount: string;
  currency: string;
  method: string;
  reference: string;
}

/** How a demo customer pays; drives the history, kept beside the rows for tests and tours. */
export type Archetype = 'punctual' | 'slightly_late' | 'chronic_late' | 'defaulted';

export interface Portfolio {
  readonly asOf: IsoDate;
  readonly customers: CustomerRow[];
  readonly invoices: InvoiceRow[];
  /** Per customer in date order, the order to allocate them in. */
  readonly payments: PaymentRow[];
  /** Archetype by customer external_id. Not part of any CSV file. */
  readonly archetypes: Record<string, Archetype>;
}

export const customerColumns = [
  'external_id',
  'name',
  'tax_id',
  'email',
  'phone',
  'whatsapp',
  'language',
  'timezone',
  'country',
  'segment',
  'credit_limit',
] as const;
export const invoiceColumns = ['external_id', 'customer_external_id', 'issue_date', 'due_date', 'amount', 'currency', 'description'] as const;
export const paymentColumns = ['external_id', 'customer_external_id', 'invoice_external_id', 'date', 'amount', 'currency', 'method', 'reference'] as const;
