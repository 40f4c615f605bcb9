import type { MessageChannel } from '../transport.ts';

/** The messages Régua ships a default text for, in pt-BR, es and en. */
export const templateKeys = [
  'courtesy_reminder',
  'friendly_reminder',
  'whatsapp_reminder',
  'call_script',
  'firm_reminder',
  'letter_firm',
  'final_notice',
  'plan_instalment_reminder',
  'payment_receipt',
] as const;
export type TemplateKey = (typeof templateKeys)[number];

/** A message channel, or the collector's call task (a script, never sent to the debtor). */
export type TemplateChannel = MessageChannel | 'call_task';

export const templateLanguages = ['pt-BR', 'es', 'en'] as const;
export type TemplateLanguage = (typeof templateLanguages)[number];

/** Which channels each template has a default for. */
export const templateChannels: Record<TemplateKey, readonly TemplateChannel[]> = {
  courtesy_reminder: ['email', 'sms', 'whatsapp'],
  friendly_reminder: ['email', 'sms', 'whatsapp'],
  whatsapp_reminder: ['whatsapp', 'sms'],
  call_script: ['call_task'],
  firm_reminder: ['email', 'sms', 'whatsapp'],
  letter_firm: ['letter'],
  final_notice: ['email', 'letter'],
  plan_instalment_reminder: ['email', 'sms', 'whatsapp'],
  payment_receipt: ['email', 'sms', 'whatsapp'],
};

export interface MessageInvoice {
  number: string;
  issueDate: string;
  dueDate: string;
  /** Already formatted for display (displayAmount), e.g. "R$ 1.234,56". */
  amount: string;
  /** 0 or negative before the due date. */
  daysOverdue: number;
}

/**
 * Everything a template may show. Amounts arrive formatted for display; dates are ISO
 * 'YYYY-MM-DD' and templates show them with the `local_date` filter.
 *
 * For 'payment_receipt' the invoices are those the payment settled (amount = applied amount)
 * and `totals.amount` is the amount received on `asOf`; for 'plan_instalment_reminder' they are
 * the instalments due.
 */
export interface MessageContext {
  creditor: { name: string; legalName: string; taxId: string; address: string };
  customer: { name: string; externalId: string };
  contact?: { name?: string; address: string };
  invoices: MessageInvoice[];
  totals: { amount: string; currency: string; fees?: string };
  /**
   * Before the due date, the early-payment discount the terms still give on `asOf`: the amount
   * off, the last day (ISO) to get it and the total when paid by then. Absent when there is none.
   */
  discount?: { amount: string; until: string; total: string };
  payment?: { pixCode?: string; boletoLine?: string; cardLink?: string };
  portalUrl?: string;
  optOutUrl?: string;
  /** The send date (ISO). */
  asOf: string;
  tone: string;
  /** Optional: the last day to pay before the next step (final notice: before any listing). */
  deadline?: string;
}

/** A template text edited by the business; replaces the default for the same key, channel and language. */
export interface TemplateOverride {
  key: TemplateKey;
  channel: TemplateChannel;
  language: string;
  subject?: string;
  /** Plain text (Liquid). For e-mail it is the text part, and the HTML part unless `html` is given. */
  body: string;
  /** E-mail only: an HTML part (Liquid; values are HTML-escaped on output). */
  html?: string;
}

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
}
