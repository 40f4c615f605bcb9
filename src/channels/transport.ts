/**
 * One small interface for every way a message leaves Régua. The delivery worker renders a
 * message, hands it to the transport of its channel and records the outcome; the core never
 * imports a vendor SDK.
 */
export type MessageChannel = 'email' | 'sms' | 'whatsapp' | 'letter';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  /** Stable per message: SMTP Message-ID, provider idempotency or client reference. */
  idempotencyKey: string;
  channel: MessageChannel;
  /** E-mail address, E.164 phone number, or postal address for letters. */
  to: string;
  language: string;
  subject?: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  /** WhatsApp: the approved template name and its parameters (Cloud API template message). */
  whatsappTemplate?: { name: string; language: string; parameters: string[] };
}

export interface SendReceipt {
  providerMessageId: string;
  /** 'sent' when handed over; 'queued_for_print' for letters. */
  status: 'sent' | 'queued_for_print';
}

/** A failure worth retrying later (timeouts, 5xx, 429) … */
export class TransientDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** … and one that will fail again (invalid number, rejected recipient, 4xx). */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ChannelTransport {
  readonly channel: MessageChannel;
  /** Throws TransientDeliveryError or PermanentDeliveryError; anything else counts as transient. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  close?(): Promise<void>;
}
