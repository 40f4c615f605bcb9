import type { TemplateKey, TemplateLanguage } from './message-context.ts';

/**
 * The words of the default templates in one language, as Liquid snippets that the composer
 * (default-templates.ts) assembles per channel. Literal text here must not contain HTML
 * special characters: the same snippets go into the HTML part.
 */
export interface MessageTexts {
  /** E-mail subject, or the subject line of a letter. */
  subject?: string;
  /** Opening paragraphs, separated by a blank line. */
  intro: string;
  closing: string;
  /** SMS / WhatsApp: one sentence after the greeting and the creditor's name. */
  short?: string;
  /** SMS / WhatsApp: label before the invoice numbers. */
  shortInvoices?: string;
  /** SMS / WhatsApp: label before the total; shows the date with {{ asOf | local_date }}. */
  shortTotal?: string;
  /** SMS / WhatsApp: label before the portal link, when the pack's ("view and pay") does not fit. */
  shortLink?: string;
  /** Replaces the pack's total line (receipts say "received", not "open"). */
  totalLine?: string;
  /** 'paid' for receipts: the table shows the amount applied, not the days overdue. */
  table?: 'open' | 'paid';
  /** Receipts leave out the payment instructions and the "if you already paid" line. */
  asksForPayment?: boolean;
}

export interface LanguagePack {
  language: TemplateLanguage;
  greeting: string;
  shortGreeting: string;
  /** SMS / WhatsApp: who writes, with the creditor's name and tax id. */
  shortFrom: string;
  taxIdLabel: string;
  invoicesHeading: string;
  paidHeading: string;
  columns: { number: string; dueDate: string; amount: string; daysOverdue: string; paid: string };
  /** One text line of the invoice table, for `invoice`. */
  invoiceLine: string;
  paidLine: string;
  totalLine: string;
  /** After the total, only when the context has a `discount`. */
  discountLine: string;
  paymentHeading: string;
  pixLabel: string;
  boletoLabel: string;
  cardLabel: string;
  portalText: string;
  portalButton: string;
  shortLink: string;
  /** Stands in for the portal link in short messages without one. */
  noLink: string;
  /** The last line of a text without a portal link (instead of a label pointing at no link). */
  shortNoLink: string;
  ifPaid: string;
  signOff: string;
  /** Letters: the invoice table is printed as a statement after the text. */
  statementNote: string;
  optOut: {
    /** E-mail text part, followed by the URL. */
    email: string;
    /** E-mail HTML part: sentence and link text. */
    emailHtml: string;
    emailHtmlLink: string;
    /** E-mail without an opt-out URL: how to opt out by replying. */
    emailReply: string;
    sms: string;
    smsReply: string;
  };
  messages: Record<Exclude<TemplateKey, 'call_script'>, MessageTexts>;
  callScript: string;
}

/** Liquid: whether the message carries any means of payment (Pix, boleto, card link). */
export const ifPaymentMeans = '{% if payment.pixCode or payment.boletoLine or payment.cardLink %}';
