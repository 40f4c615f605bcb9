import type { Tx } from '../../db/database.ts';
import type { Customer, Organisation } from '../../db/schema.ts';
import type { EmailMessage } from '../../channels/email/smtp-transport.ts';
import type { LetterMessage } from '../../channels/letter/letter-transport.ts';
import { templateChannels, type MessageContext, type TemplateKey } from '../../channels/templates/message-context.ts';
import { renderMessage, whatsappTemplateFor } from '../../channels/templates/render-message.ts';
import { PermanentDeliveryError } from '../../channels/transport.ts';
import { dateInZone, daysBetween, minDate } from '../../domain/dates.ts';
import { earlyPaymentDiscount } from '../../domain/fees.ts';
import { missingCreditorIdentity } from '../../domain/creditor-identity.ts';
import { displayAmount } from '../../domain/money.ts';
import { displayTaxId } from '../../domain/tax-id.ts';
import type { ConfiguredPaymentLinks } from '../../payments/providers/configured-providers.ts';
import { paymentTermsOfCustomer } from '../../domain/payment-terms.ts';
import type { OutboxMessage } from '../../stores/outbox.ts';
import { markChargesDemanded } from '../../stores/payment-requests.ts';
import { contactNameAndAddress, customerById, openInvoicesOf, paymentWithAllocations, planInstalmentRows } from '../../stores/snapshots.ts';
import { loadDeliveryPass, type DeliveryPass } from './delivery-pass.ts';
import { ensurePaymentRequest } from './payment-request.ts';
import { isPaymentReceipt, receiptDedupePrefix } from '../payment-requests/payment-receipt.ts';
import { chargesBooking } from '../organisations.ts';
import { lateChargesOf, recordCharges } from '../payment-plans/crystallise-charges.ts';

export class NothingLeftToCollect extends Error {}

export interface ComposeSettings {
  /** Builds the opt-out link of a contact (see use-cases/opt-out.ts). */
  optOutUrl(contactId: string): string;
  /** The card-link provider, when one is configured (an e-mail then carries a checkout link). */
  paymentLinks?: ConfiguredPaymentLinks;
  /** The customer's debtor-portal link for a message sent on `sentOn` (use-cases/portal/portal-link.ts); undefined when the portal is off. */
  portalUrl?(customerId: string, sentOn: string): Promise<string | undefined>;
}

/**
 * Builds the message as of the send date: the invoices it lists with their open amounts
 * and charges on that day, the creditor's identification (CDC art. 42-A), payment
 * instructions and the opt-out link, rendered in the debtor's language. Invoices paid since
 * the decision drop out; when none is left the message is not sent (NothingLeftToCollect).
 * The payment block (Pix, boleto, card link) is recorded as the message's payment request
 * (payment-request.ts), which reconciliation and provider webhooks resolve back to its
 * invoices. A reminder whose receivables are all payment-plan instalments uses the plan's
 * template where the channel has one.
 */
export async function composeMessage(
  trx: Tx,
  org: Organisation,
  message: OutboxMessage,
  now: Date,
  settings: ComposeSettings,
  known: { pass?: DeliveryPass; customer?: Customer } = {},
): Promise<EmailMessage & LetterMessage> {
  const creditor = creditorOf(org);
  // A delivery pass hands down what it read of the organisation (and the recheck's customer row); alone, it is read here.
  const pass = known.pass ?? (await loadDeliveryPass(trx, org, now));
  if (isPaymentReceipt(message)) return composeReceipt(trx, org, message, creditor, settings, pass);
  const customer = known.customer ?? (await customerById(trx, org.id, message.customer_id));
  const contact = message.contact_id ? await contactNameAndAddress(trx, org.id, message.contact_id) : undefined;
  const invoices = await openInvoicesOf(trx, org.id, message.receivable_ids);
  if (invoices.length === 0) throw new NothingLeftToCollect('every invoice of this reminder was paid, voided or written off before sending');

  const sendDate = dateInZone(now, message.timezone);
  // Charges already booked are demanded as booked (what is still open of them), never recomputed.
  const terms = paymentTermsOfCustomer(pass.paymentTerms, { paymentTermsId: customer.payment_terms_id, segment: customer.segment, country: customer.country });
  const charges = await lateChargesOf(trx, org.id, customer, invoices, sendDate, { terms, ecbRates: pass.ecbRates });
  if (chargesBooking(org) === 'on_demand') await recordCharges(trx, org.id, charges, message.currency, sendDate, { kind: 'demand', planId: null });
  const openTotal = invoices.reduce((sum, i) => sum + i.amount_minor - i.paid_minor, 0);
  const feesTotal = charges.reduce((sum, c) => sum + c.openMinor, 0);
  const currency = message.currency;
  const language = message.language;
  const totalDue = openTotal + feesTotal;
  const block = await ensurePaymentRequest(
    trx,
    org,
    message,
    {
      amountMinor: totalDue,
      sendDate,
      invoices: invoices.map((i) => ({ id: i.id, number: i.number })),
      creditor,
      customer: { name: customer.name, taxId: customer.tax_id },
      now,
    },
    settings.paymentLinks,
  );
  const payment = block.payment;
  // What this reminder demands is what a payment within its boleto's term books (allocate-payments.ts).
  const demanded = [...new Set(charges.filter((c) => c.openMinor > 0).map((c) => c.invoiceId))];
  await markChargesDemanded(trx, org.id, demanded, sendDate, block.boletoDueDate ?? sendDate);
  const hasPayment = payment.pixCode !== undefined || payment.boletoLine !== undefined || payment.cardLink !== undefined;
  const plan = await planInstalmentsOf(
    trx,
    org.id,
    invoices.map((i) => i.id),
  );
  // The discount a payment on the send date would earn (allocate-payments.ts gives none to plan instalments).
  const discounts = invoices
    .filter((i) => !plan.covered.has(i.id))
    .flatMap((i) => earlyPaymentDiscount(i.amount_minor - i.paid_minor, i.due_date, sendDate, terms) ?? []);
  const discountTotal = discounts.reduce((sum, d) => sum + d.discountMinor, 0);
  const templateKey: TemplateKey =
    plan.all && templateChannels.plan_instalment_reminder.includes(message.channel) ? 'plan_instalment_reminder' : (message.template as TemplateKey);

  const portalUrl = await settings.portalUrl?.(customer.id, sendDate);
  const context: MessageContext = {
    creditor,
    customer: { name: customer.name, externalId: customer.external_id },
    ...(contact ? { contact: { ...(contact.name ? { name: contact.name } : {}), address: contact.address } } : {}),
    invoices: invoices.map((i) => ({
      number: i.number,
      issueDate: i.issue_date,
      dueDate: i.due_date,
      amount: displayAmount(i.amount_minor - i.paid_minor, i.currency, language),
      daysOverdue: daysBetween(i.due_date, sendDate),
    })),
    totals: { amount: displayAmount(totalDue, currency, language), currency, ...(feesTotal > 0 ? { fees: displayAmount(feesTotal, currency, language) } : {}) },
    // Paid by the earliest last day, every invoice listed still gets its discount.
    ...(discountTotal > 0
      ? {
          discount: {
            amount: displayAmount(discountTotal, currency, language),
            until: discounts.map((d) => d.lastDay).reduce(minDate),
            total: displayAmount(totalDue - discountTotal, currency, language),
          },
        }
      : {}),
    ...(hasPayment ? { payment } : {}),
    ...(portalUrl ? { portalUrl } : {}),
    ...(templateKey === 'plan_instalment_reminder' && plan.firstDueDate ? { deadline: plan.firstDueDate } : {}),
    ...(message.contact_id ? { optOutUrl: settings.optOutUrl(message.contact_id) } : {}),
    asOf: sendDate,
    tone: message.tone,
  };
  // The business's edited texts as saved when the delivery pass started.
  const rendered = renderMessage(templateKey, message.channel, language, context, pass.templateOverrides);
  return {
    idempotencyKey: message.dedupe_key,
    channel: message.channel,
    to: message.recipient,
    language,
    ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
    text: rendered.text,
    ...(rendered.html !== undefined ? { html: rendered.html } : {}),
    ...(block.attachments.length > 0 ? { attachments: block.attachments } : {}),
    ...(context.optOutUrl ? { optOutUrl: context.optOutUrl } : {}),
    ...(message.channel === 'whatsapp' ? { whatsappTemplate: whatsappTemplateFor(templateKey, language, context) } : {}),
    ...(message.channel === 'letter'
      ? {
          letter: {
            creditor,
            customer: context.customer,
            invoices: context.invoices,
            totals: context.totals,
            asOf: sendDate,
            ...(context.payment ? { payment: context.payment } : {}),
          },
        }
      : {}),
  };
}

/**
 * A thank-you receipt (payment-receipt.ts): the payment's amount and date, and the invoices
 * it settled with the amount applied to each, with the creditor's identification.
 */
async function composeReceipt(
  trx: Tx,
  org: Organisation,
  message: OutboxMessage,
  creditor: MessageContext['creditor'],
  settings: ComposeSettings,
  pass: DeliveryPass,
): Promise<EmailMessage & LetterMessage> {
  const paymentId = message.dedupe_key.slice(receiptDedupePrefix.length);
  const { payment, allocations } = await paymentWithAllocations(trx, org.id, paymentId);
  if (payment.status !== 'posted') throw new PermanentDeliveryError('the payment was reversed before its receipt was sent', 'payment_reversed');
  const customer = await customerById(trx, org.id, message.customer_id);
  const contact = message.contact_id ? await contactNameAndAddress(trx, org.id, message.contact_id) : undefined;
  const language = message.language;
  const context: MessageContext = {
    creditor,
    customer: { name: customer.name, externalId: customer.external_id },
    ...(contact ? { contact: { ...(contact.name ? { name: contact.name } : {}), address: contact.address } } : {}),
    invoices: allocations.map((a) => ({
      number: a.number,
      issueDate: a.issue_date,
      dueDate: a.due_date,
      amount: displayAmount(a.amount_minor, payment.currency, language),
      daysOverdue: 0,
    })),
    totals: { amount: displayAmount(payment.amount_minor, payment.currency, language), currency: payment.currency },
    ...(message.contact_id ? { optOutUrl: settings.optOutUrl(message.contact_id) } : {}),
    asOf: payment.received_on,
    tone: message.tone,
  };
  const rendered = renderMessage('payment_receipt', message.channel, language, context, pass.templateOverrides);
  return {
    idempotencyKey: message.dedupe_key,
    channel: message.channel,
    to: message.recipient,
    language,
    ...(rendered.subject !== undefined ? { subject: rendered.subject } : {}),
    text: rendered.text,
    ...(rendered.html !== undefined ? { html: rendered.html } : {}),
    ...(context.optOutUrl ? { optOutUrl: context.optOutUrl } : {}),
  };
}

/** The identification Brazilian law requires on every collection message; refusing beats sending without it. */
export function creditorOf(org: Organisation): MessageContext['creditor'] {
  const missing = missingCreditorIdentity(org);
  if (missing.length > 0 || !org.tax_id || !org.address) {
    throw new PermanentDeliveryError(
      `organisation ${org.slug} has no ${missing.join(' and ')}: collection messages must identify the creditor (CDC art. 42-A); set it with regua org update`,
      'creditor_identification_missing',
    );
  }
  return { name: org.name, legalName: org.legal_name ?? org.name, taxId: displayTaxId(org.country, org.tax_id), address: org.address };
}

/** Which invoices are instalments of a payment plan, whether all are, and the earliest instalment's due date. */
async function planInstalmentsOf(
  trx: Tx,
  organisationId: string,
  invoiceIds: readonly string[],
): Promise<{ all: boolean; covered: Set<string>; firstDueDate?: string }> {
  if (invoiceIds.length === 0) return { all: false, covered: new Set() };
  const rows = await planInstalmentRows(trx, organisationId, invoiceIds);
  const covered = new Set(rows.map((r) => r.invoice_id));
  const all = invoiceIds.every((id) => covered.has(id));
  return all && rows[0] ? { all, covered, firstDueDate: rows[0].due_date } : { all, covered };
}
