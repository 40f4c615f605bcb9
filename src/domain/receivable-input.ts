import { isIsoDate } from './dates.ts';
import type { FieldError, Validated } from './field-error.ts';
import { isKnownCurrency, parseAmount, type DecimalStyle } from './money.ts';
import { textLimits, textProblem } from './text-limits.ts';

/** Invoice and payment records as they come in (CSV row or API body), validated field by field. */
export interface InvoiceInput {
  external_id: string;
  customer_external_id: string;
  issue_date: string;
  due_date: string;
  amount: string;
  currency: string;
  description?: string;
}

export interface InvoiceRecord {
  externalId: string;
  customerExternalId: string;
  issueDate: string;
  dueDate: string;
  amountMinor: number;
  currency: string;
  description: string | null;
}

export interface PaymentInput {
  external_id: string;
  customer_external_id: string;
  invoice_external_id?: string;
  date: string;
  amount: string;
  currency: string;
  method?: string;
  reference?: string;
}

export interface PaymentRecord {
  externalId: string;
  customerExternalId: string;
  invoiceExternalId: string | null;
  date: string;
  amountMinor: number;
  currency: string;
  method: string | null;
  reference: string | null;
}

export function validateInvoice(input: InvoiceInput, decimalStyle: DecimalStyle = 'point'): Validated<InvoiceRecord> {
  const errors: FieldError[] = [];
  const externalId = requiredId(input.external_id, 'external_id', errors);
  const customerExternalId = requiredId(input.customer_external_id, 'customer_external_id', errors);
  const issueDate = date(input.issue_date, 'issue_date', errors);
  const dueDate = date(input.due_date, 'due_date', errors);
  const descriptionProblem = textProblem(input.description ?? '', textLimits.description);
  if (descriptionProblem) errors.push({ field: 'description', reason: descriptionProblem });
  if (issueDate && dueDate && dueDate < issueDate) errors.push({ field: 'due_date', reason: `${dueDate} is before the issue date ${issueDate}` });
  const currency = currencyOf(input.currency, errors);
  const amountMinor = currency ? positiveAmount(input.amount, currency, decimalStyle, errors) : null;
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId,
      customerExternalId,
      issueDate: issueDate!,
      dueDate: dueDate!,
      amountMinor: amountMinor!,
      currency: currency!,
      description: input.description?.trim() || null,
    },
  };
}

export function validatePayment(input: PaymentInput, decimalStyle: DecimalStyle = 'point'): Validated<PaymentRecord> {
  const errors: FieldError[] = [];
  const externalId = requiredId(input.external_id, 'external_id', errors);
  const customerExternalId = requiredId(input.customer_external_id, 'customer_external_id', errors);
  const paidOn = date(input.date, 'date', errors);
  const currency = currencyOf(input.currency, errors);
  const amountMinor = currency ? positiveAmount(input.amount, currency, decimalStyle, errors) : null;
  for (const field of ['invoice_external_id', 'method', 'reference'] as const) {
    const problem = textProblem(input[field] ?? '', textLimits.name);
    if (problem) errors.push({ field, reason: problem });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId,
      customerExternalId,
      invoiceExternalId: input.invoice_external_id?.trim() || null,
      date: paidOn!,
      amountMinor: amountMinor!,
      currency: currency!,
      method: input.method?.trim() || null,
      reference: input.reference?.trim() || null,
    },
  };
}

function requiredId(raw: string | undefined, field: string, errors: FieldError[]): string {
  const value = raw?.trim() ?? '';
  const problem = value ? textProblem(value, 100) : 'is required';
  if (problem) errors.push({ field, reason: problem });
  return value;
}

function date(raw: string | undefined, field: string, errors: FieldError[]): string | null {
  const value = raw?.trim() ?? '';
  if (!value) {
    errors.push({ field, reason: 'is required' });
    return null;
  }
  if (!isIsoDate(value)) {
    errors.push({ field, reason: `"${value}" is not a date in the form YYYY-MM-DD` });
    return null;
  }
  return value;
}

function currencyOf(raw: string | undefined, errors: FieldError[]): string | null {
  const value = raw?.trim().toUpperCase() ?? '';
  if (!/^[A-Z]{3}$/.test(value) || !isKnownCurrency(value)) {
    errors.push({ field: 'currency', reason: value ? `"${raw}" is not an ISO 4217 currency code` : 'is required' });
    return null;
  }
  return value;
}

function positiveAmount(raw: string | undefined, currency: string, style: DecimalStyle, errors: FieldError[]): number | null {
  const parsed = parseAmount(raw ?? '', currency, style);
  if (!parsed.ok) {
    errors.push({ field: 'amount', reason: parsed.reason });
    return null;
  }
  if (parsed.minor <= 0) {
    errors.push({ field: 'amount', reason: `must be positive (got ${raw?.trim()})` });
    return null;
  }
  return parsed.minor;
}
