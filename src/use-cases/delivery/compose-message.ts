import type { Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { EmailMessage } from '../../channels/email/smtp-transport.ts';
import type { LetterMessage } from '../../channels/letter/letter-transport.ts';
import type { MessageContext, TemplateKey } from '../../channels/templates/message-context.ts';
import { renderMessage, whatsappTemplateFor } from '../../channels/templates/render-message.ts';
import { PermanentDeliveryError } from '../../channels/transport.ts';
import { dateInZone, daysBetween } from '../../domain/dates.ts';
import { chargesOn } from '../../domain/fees.ts';
import { displayAmount } from '../../domain/money.ts';
import { defaultPaymentTerms, validatePaymentTerms, type PaymentTermsRules } from '../../domain/payment-terms.ts';
import { formatTaxId, validateTaxId } from '../../domain/tax-id.ts';
import { buildStaticPix } from '../../payments/pix/br-code.ts';
import { asTemplateOverride, loadTemplateOverrides } from '../templates/load-template-overrides.ts';
import type { OutboxMessage } from './deliver-messages.ts';

export class NothingLeftToCollect extends Error {}

export interface ComposeSettings {
  /** Builds the opt-out link of a contact (see use-cases/opt-out.ts). */
  optOutUrl(contactId: string): string;
}

/**
 * Builds the message as of the send date: the invoices it lists with their open amounts
 * and charges on that day, the creditor's identification (CDC art. 42-A), payment
 * instructions and the opt-out link, rendered in the debtor's language. Invoices paid since
 * the decision drop out; when none is left the message is not sent (NothingLeftToCollect).
 */
export async function composeMessage(trx: Tx, org: Organisation, message: OutboxMessage, now: Date, settings: ComposeSettings): Promise<EmailMessage & LetterMessage> {
  const creditor = creditorOf(org);
  const customer = await trx.selectFrom('customers').select(['name', 'external_id', 'party_type', 'country', 'payment_terms_id']).where('organisation_id', '=', org.id).where('id', '=', message.customer_id).executeTakeFirstOrThrow();
  const contact = message.contact_id
    ? await trx.selectFrom('contacts').select(['name', 'address']).where('organisation_id', '=', org.id).where('id', '=', message.contact_id).executeTakeFirst()
    : undefined;
  const invoices = await trx
    .selectFrom('invoices')
    .select(['number', 'issue_date', 'due_date', 'amount_minor', 'paid_minor', 'currency'])
    .where('organisation_id', '=', org.id)
    .where('id', 'in', message.receivable_ids.length > 0 ? message.receivable_ids : ['00000000-0000-0000-0000-000000000000'])
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  if (invoices.length === 0) throw new NothingLeftToCollect('every invoice of this reminder was paid, voided or written off before sending');

  const sendDate = dateInZone(now, message.timezone);
  const terms = await paymentTermsOf(trx, org.id, customer.payment_terms_id, customer.country);
  let openTotal = 0;
  let feesTotal = 0;
  for (const invoice of invoices) {
    const open = invoice.amount_minor - invoice.paid_minor;
    const charges = chargesOn({ openMinor: open, currency: invoice.currency, dueDate: invoice.due_date, paidOn: sendDate, partyType: customer.party_type, country: customer.country, terms });
    openTotal += open;
    feesTotal += charges.lateFeeMinor + charges.interestMinor + charges.compensationMinor;
  }
  const currency = message.currency;
  const language = message.language;
  const totalDue = openTotal + feesTotal;
  const pixKey = (org.settings as { pix_key?: string }).pix_key;
  const pix = pixKey && currency === 'BRL'
    ? buildStaticPix({ key: pixKey, amountMinor: totalDue, txid: message.id.replaceAll('-', '').slice(0, 25), merchantName: asciiUpper(org.name, 25), merchantCity: asciiUpper(org.address?.split(',').at(-1)?.replace(/-.*$/, '') ?? 'BRASIL', 15) })
    : undefined;

  const context: MessageContext = {
    creditor,
    customer: { name: customer.name, externalId: customer.external_id },
    ...(contact ? { contact: { ...(contact.name ? { name: contact.name } : {}), address: contact.address } } : {}),
    invoices: invoices.map((i) => ({ number: i.number, issueDate: i.issue_date, dueDate: i.due_date, amount: displayAmount(i.amount_minor - i.paid_minor, i.currency, language), daysOverdue: daysBetween(i.due_date, sendDate) })),
    totals: { amount: displayAmount(totalDue, currency, language), currency, ...(feesTotal > 0 ? { fees: displayAmount(feesTotal, currency, language) } : {}) },
    ...(pix?.ok ? { payment: { pixCode: pix.value } } : {}),
    ...(message.contact_id ? { optOutUrl: settings.optOutUrl(message.contact_id) } : {}),
    asOf: sendDate,
    tone: message.tone,
  };
  // The business's edited texts, read in the delivery transaction so a message uses the latest saved version.
  const overrides = (await loadTemplateOverrides(trx, org.id)).map(asTemplateOverride);
  const rendered = renderMessage(message.template as TemplateKey, message.channel, language, context, overrides);
  return {
    idempotencyKey: message.dedupe_key,
    channel: message.channel,
    to: message.recipient,
    language,
    ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
    text: rendered.text,
    ...(rendered.html !== undefined ? { html: rendered.html } : {}),
    ...(context.optOutUrl ? { optOutUrl: context.optOutUrl } : {}),
    ...(message.channel === 'whatsapp'
      ? { whatsappTemplate: whatsappTemplateFor(message.template as TemplateKey, language, context) }
      : {}),
    ...(message.channel === 'letter' ? { letter: { creditor, customer: context.customer, invoices: context.invoices, totals: context.totals, asOf: sendDate, ...(context.payment ? { payment: context.payment } : {}) } } : {}),
  };
}

/** The identification Brazilian law requires on every collection message; refusing beats sending without it. */
export function creditorOf(org: Organisation): MessageContext['creditor'] {
  if (!org.tax_id || !org.address) {
    throw new PermanentDeliveryError(`organisation ${org.slug} has no ${org.tax_id ? 'address' : 'tax id'}: collection messages must identify the creditor (CDC art. 42-A); set it with regua org update`, 'creditor_identification_missing');
  }
  const taxId = validateTaxId(org.country, org.tax_id);
  return { name: org.name, legalName: org.legal_name ?? org.name, taxId: taxId.ok ? formatTaxId(taxId.kind, taxId.normalized) : org.tax_id, address: org.address };
}

async function paymentTermsOf(trx: Tx, organisationId: string, termsId: string | null, country: string): Promise<PaymentTermsRules> {
  let query = trx.selectFrom('payment_terms').select('rules').where('organisation_id', '=', organisationId);
  query = termsId ? query.where('id', '=', termsId) : query.where('is_default', '=', true);
  const row = await query.executeTakeFirst();
  if (!row) return defaultPaymentTerms(country);
  const validated = validatePaymentTerms(row.rules);
  return validated.ok ? validated.value : defaultPaymentTerms(country);
}

function asciiUpper(text: string, max: number): string {
  return text.normalize('NFD').replace(/[^\x20-\x7e]/g, '').trim().toUpperCase().slice(0, max) || 'BRASIL';
}
