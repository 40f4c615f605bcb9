import type { MessageContext } from '../templates/message-context.ts';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport, type OutgoingMessage, type SendReceipt } from '../transport.ts';
import { PixQrError } from '../../payments/pix/qr.ts';
import { letterPdf } from './letter-pdf.ts';

/** Where printable letters go: a folder, an object store, a print-and-mail provider's inbox. */
export type LetterStore = (key: string, pdf: Buffer) => Promise<void>;

/**
 * A letter needs what the text alone does not carry: the creditor for the letterhead and the
 * invoices for the statement. The delivery worker passes the MessageContext it rendered the
 * text with (a structural subtype of OutgoingMessage, like EmailMessage).
 */
export interface LetterMessage extends OutgoingMessage {
  letter?: Pick<MessageContext, 'creditor' | 'customer' | 'contact' | 'invoices' | 'totals' | 'asOf' | 'payment'>;
}

/**
 * Renders the letter as PDF and stores it under a key derived from the idempotency key, so a
 * retry overwrites the same file instead of printing twice.
 */
export function letterTransport(deps: { store: LetterStore }): ChannelTransport {
  return {
    channel: 'letter',
    async send(message: LetterMessage): Promise<SendReceipt> {
      const details = message.letter;
      if (!details) throw new PermanentDeliveryError('a letter needs its creditor and invoices (message.letter)', 'letter_details_missing');
      if (message.to.trim() === '') throw new PermanentDeliveryError('a letter needs a postal address', 'address_missing');
      const pdf = await letterPdf({
        language: message.language,
        creditor: details.creditor,
        recipient: { name: details.contact?.name || details.customer.name, address: message.to },
        date: details.asOf,
        subject: message.subject,
        body: message.text,
        invoices: details.invoices,
        total: { amount: details.totals.amount, fees: details.totals.fees },
        pixCode: details.payment?.pixCode,
        reference: message.idempotencyKey,
      }).catch((error: unknown) => {
        if (error instanceof PixQrError) throw new PermanentDeliveryError(`the letter's Pix code is invalid: ${error.message}`, 'invalid_pix_code');
        throw error;
      });
      const key = letterKey(message.idempotencyKey);
      try {
        await deps.store(key, pdf);
      } catch (error) {
        throw new TransientDeliveryError(`could not store letter ${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { providerMessageId: key, status: 'queued_for_print' };
    },
  };
}

/** A file-name-safe key, one-to-one with the idempotency key. */
export function letterKey(idempotencyKey: string): string {
  const safe = Array.from(new TextEncoder().encode(idempotencyKey), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `letters/${safe}.pdf`;
}
