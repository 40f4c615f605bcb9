import type { Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { Attachment } from '../../channels/transport.ts';
import { TransientDeliveryError } from '../../channels/transport.ts';
import type { MessageContext } from '../../channels/templates/message-context.ts';
import { issueBoleto, validateBoletoSettings, boletoBanks, type IssuedBoleto } from '../../payments/boleto/agreement.ts';
import { MAX_BOLETO_AMOUNT_MINOR } from '../../payments/boleto/barcode.ts';
import { formatLine } from '../../payments/boleto/line.ts';
import { boletoPdf } from '../../payments/boleto/pdf.ts';
import { buildStaticPix } from '../../payments/pix/br-code.ts';
import type { ConfiguredPaymentLinks } from '../../payments/providers/configured-providers.ts';
import { PermanentProviderError } from '../../payments/providers/errors.ts';
import { organisationCity } from '../organisations.ts';
import type { OutboxMessage } from '../../stores/outbox.ts';
import { requestOfMessage, upsertRequestOfMessage } from '../../stores/payment-requests.ts';

export interface PaymentRequestInput {
  /** The total due on the send date, fees included. */
  amountMinor: number;
  sendDate: string;
  /** The open invoices the message lists, oldest first. */
  invoices: readonly { id: string; number: string }[];
  creditor: MessageContext['creditor'];
  customer: { name: string; taxId: string | null };
  now: Date;
}

export interface PaymentBlock {
  payment: NonNullable<MessageContext['payment']>;
  attachments: Attachment[];
  requestId: string;
  /** The boleto's due date when the request carries one (the term within which the demanded charges stand). */
  boletoDueDate: string | null;
}

/**
 * The payment request of a reminder: what it asks for on the send date and the codes to pay
 * it with, one per message (re-composing reuses it). The codes do not depend on when the
 * message is composed, so a message re-sent after a crash (whose first request row was
 * rolled back) carries the same ones: the Pix txid comes from the message id, the boleto's
 * nosso número from the message's `payment_seq`, the card link from the provider's
 * idempotency key (message and amount). When the amount changed (a retry on a later day),
 * the Pix code and boleto are re-issued for it under the same txid and nosso número, and
 * the card link is a new one.
 */
export async function ensurePaymentRequest(
  trx: Tx,
  org: Organisation,
  message: OutboxMessage,
  input: PaymentRequestInput,
  links?: ConfiguredPaymentLinks,
): Promise<PaymentBlock> {
  const settings = org.settings as { pix_key?: string; boleto?: unknown };
  const existing = await requestOfMessage(trx, org.id, message.id);
  const brl = message.currency === 'BRL';
  const payment: PaymentBlock['payment'] = {};
  const attachments: Attachment[] = [];

  const pixTxid = message.id.replaceAll('-', '').slice(0, 25).toUpperCase();
  if (brl) {
    const pixCode = organisationPix(org, input.amountMinor, pixTxid);
    if (pixCode) payment.pixCode = pixCode;
  }

  let boleto: IssuedBoleto | undefined;
  const agreement = settings.boleto === undefined ? undefined : validateBoletoSettings(settings.boleto);
  if (agreement?.ok && brl && input.amountMinor <= MAX_BOLETO_AMOUNT_MINOR) {
    const issued = issueBoleto(agreement.value, Number(message.payment_seq), input.amountMinor, input.sendDate, { byPost: message.channel === 'letter' });
    if (issued.ok) {
      boleto = issued.value;
      // Printed in its five groups, as on the boleto; banking apps accept it with or without them.
      payment.boletoLine = formatLine(boleto.line);
      if (message.channel === 'email') {
        const pdf = await boletoPdf({
          beneficiary: { name: input.creditor.legalName, taxId: input.creditor.taxId, address: input.creditor.address },
          payer: { name: input.customer.name, taxId: input.customer.taxId ?? '' },
          amountMinor: boleto.amountMinor,
          dueDate: boleto.dueDate,
          line: boleto.line,
          barcode: boleto.barcode,
          nossoNumero: boleto.nossoNumeroPrinted,
          instructions: [
            `Referente a: ${input.invoices.map((i) => i.number).join(', ')}`.slice(0, 300),
            'Valor atualizado até a data de envio, com multa e juros.',
          ],
          bankName: boletoBanks[boleto.bank],
          agencyAndCode: `${agreement.value.agency} / ${agreement.value.account}`,
          carteira: agreement.value.wallet,
          documentDate: input.sendDate,
          processingDate: input.sendDate,
          createdAt: input.now,
        });
        attachments.push({ filename: `boleto-${boleto.nossoNumero}.pdf`, contentType: 'application/pdf', content: pdf });
      }
    }
  }

  // Card links only in e-mails: a checkout session lives 24 hours at most, too short for a
  // letter, and texts carry no payment block.
  let card: { provider: string; sessionId: string; url: string } | undefined;
  if (links && message.channel === 'email') {
    if (
      existing?.card_session_id &&
      existing.card_url &&
      existing.card_provider === links.name &&
      existing.amount_minor === input.amountMinor &&
      existing.currency === message.currency
    ) {
      card = { provider: links.name, sessionId: existing.card_session_id, url: existing.card_url };
    } else {
      try {
        const link = await links.provider.createLink({
          idempotencyKey: `regua-${message.id}-${input.amountMinor}`,
          amountMinor: input.amountMinor,
          currency: message.currency,
          description: `${input.creditor.name}: ${input.invoices.map((i) => i.number).join(', ')}`.slice(0, 250),
          customerEmail: message.recipient,
          reference: paymentLinkReference(org.id, message.id),
          successUrl: links.successUrl,
          cancelUrl: links.cancelUrl,
        });
        card = { provider: links.name, sessionId: link.id, url: link.url };
      } catch (error) {
        // A refused request (bad currency, amount) will be refused again: send without the link.
        if (!(error instanceof PermanentProviderError)) {
          throw new TransientDeliveryError(`payment link not created: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    if (card) payment.cardLink = card.url;
  }

  const values = {
    amount_minor: input.amountMinor,
    as_of: input.sendDate,
    currency: message.currency,
    receivable_ids: input.invoices.map((i) => i.id),
    pix_txid: payment.pixCode ? pixTxid : null,
    boleto_bank: boleto?.bank ?? null,
    boleto_nosso_numero: boleto?.nossoNumero ?? null,
    boleto_line: boleto?.line ?? null,
    boleto_due_date: boleto?.dueDate ?? null,
    card_provider: card?.provider ?? null,
    card_session_id: card?.sessionId ?? null,
    card_url: card?.url ?? null,
    updated_at: input.now,
  };
  const requestId = await upsertRequestOfMessage(trx, org.id, message.customer_id, message.id, values);
  return { payment, attachments, requestId, boletoDueDate: boleto?.dueDate ?? null };
}

/** The reference a payment link carries back in its webhook: organisation and message. */
function paymentLinkReference(organisationId: string, messageId: string): string {
  return `${organisationId}:${messageId}`;
}

export function parsePaymentLinkReference(reference: string | undefined): { organisationId: string; messageId: string } | undefined {
  const match = /^([0-9a-f-]{36}):([0-9a-f-]{36})$/i.exec(reference ?? '');
  return match ? { organisationId: match[1]!, messageId: match[2]! } : undefined;
}

/** The organisation's static Pix code (BRL) for an amount, or undefined without a Pix key. Also the portal's. */
export function organisationPix(org: Organisation, amountMinor: number, txid: string): string | undefined {
  const key = (org.settings as { pix_key?: string }).pix_key;
  if (!key) return undefined;
  const pix = buildStaticPix({
    key,
    amountMinor,
    txid,
    merchantName: asciiUpper(org.name, 25),
    merchantCity: asciiUpper(organisationCity(org), 15),
  });
  return pix.ok ? pix.value : undefined;
}

function asciiUpper(text: string, max: number): string {
  return (
    text
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .trim()
      .toUpperCase()
      .slice(0, max) || 'BRASIL'
  );
}
