import { connect, type Socket } from 'node:net';
import { createRequire } from 'node:module';
import type * as Nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport, type OutgoingMessage, type SendReceipt } from '../transport.ts';

/**
 * An e-mail may carry the debtor's opt-out link, which becomes the List-Unsubscribe and
 * List-Unsubscribe-Post (one-click) headers.
 * OutgoingMessage has no such field yet, so the delivery worker passes an EmailMessage (a
 * structural subtype) to the same `send`.
 */
export interface EmailMessage extends OutgoingMessage {
  optOutUrl?: string;
}

export interface SmtpTransportOptions {
  /** Connection timeouts in milliseconds; options in the URL query win. */
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

/** E-mail over SMTP (nodemailer). `url` is smtp://user:pass@host:port or smtps://…; `from` an address. */
export function smtpTransport(url: string, from: string, options: SmtpTransportOptions = {}): ChannelTransport {
  const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
  // Options beside `url` are dropped when createTransport gets a url, so the transport is
  // built here; its constructor merges the URL (host, auth, ?pool=true …) over these.
  const settings = {
    url,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    getSocket: (target: SocketTarget, callback: SocketCallback) => openNoDelaySocket(target, connectionTimeout, callback),
  };
  const pooled = /^(true|yes|1)$/i.test(new URL(url).searchParams.get('pool') ?? '');
  // nodemailer is loaded when a transport is built, not when a command starts.
  const load = createRequire(import.meta.url);
  const { createTransport } = load('nodemailer') as typeof Nodemailer;
  const Pool = load('nodemailer/lib/smtp-pool/index.js') as typeof SMTPPool;
  const Single = load('nodemailer/lib/smtp-transport/index.js') as typeof SMTPTransport;
  const transporter = createTransport(pooled ? new Pool({ ...settings, pool: true }) : new Single(settings));

  return {
    channel: 'email',
    async send(message: EmailMessage): Promise<SendReceipt> {
      const messageId = messageIdFor(message.idempotencyKey);
      const headers: Record<string, string> = {};
      if (message.optOutUrl) {
        // RFC 8058: the opt-out URL opts out on a POST of this body with no further confirmation.
        headers['List-Unsubscribe'] = `<${message.optOutUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      try {
        const info = await transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: message.html,
          messageId,
          headers,
          attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        });
        return { providerMessageId: info.messageId || messageId, status: 'sent' };
      } catch (error) {
        throw smtpError(error);
      }
    },
    async close(): Promise<void> {
      transporter.close();
    },
  };
}

/**
 * The same idempotency key always yields the same Message-ID, so a resend after a lost reply
 * is recognisable as the same message. Characters outside the RFC 5322 id grammar are written
 * as =XX (and "=" itself too, so the mapping stays one-to-one).
 */
function messageIdFor(idempotencyKey: string): string {
  const left = Array.from(new TextEncoder().encode(idempotencyKey), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `<${left}@regua>`;
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** 5xx replies are final; 4xx replies, connection trouble and authentication failures are not. */
function smtpError(error: unknown): Error {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const text = e.response ?? e.message ?? String(error);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (e.code === 'EAUTH') {
    // A rejected login is Régua's configuration, not the recipient: keep the message for later.
    return new TransientDeliveryError(`SMTP authentication failed: ${text}`);
  }
  if (responseCode !== undefined && responseCode >= 500) return new PermanentDeliveryError(`SMTP ${responseCode}: ${text}`, `smtp_${responseCode}`);
  if (responseCode !== undefined && responseCode >= 400) return new TransientDeliveryError(`SMTP ${responseCode}: ${text}`);
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return new PermanentDeliveryError(`SMTP rejected the message: ${text}`, e.code.toLowerCase());
  return new TransientDeliveryError(`SMTP ${e.code ?? 'error'}: ${text}`);
}

/**
 * nodemailer's own sockets keep Nagle's algorithm on: each SMTP command then waits for the
 * server's delayed ACK, about 40 ms a message on a pooled connection (1.5 ms without). This
 * opens the TCP connection with TCP_NODELAY and hands it over; nodemailer still does TLS
 * (smtps:// or STARTTLS) on top of it.
 */
type SocketTarget = { host?: string; port?: number; secure?: boolean };
type SocketCallback = (error: Error | null, socketOptions?: { connection: Socket }) => void;

function openNoDelaySocket(target: SocketTarget, timeoutMs: number, callback: SocketCallback): void {
  const socket = connect({ host: target.host ?? 'localhost', port: Number(target.port) || (target.secure ? 465 : 587), noDelay: true, timeout: timeoutMs });
  const fail = (error: Error) => {
    socket.destroy();
    callback(error);
  };
  socket.once('error', fail);
  socket.once('timeout', () => fail(Object.assign(new Error(`connection to ${target.host}:${target.port} timed out`), { code: 'ETIMEDOUT' })));
  socket.once('connect', () => {
    socket.off('error', fail);
    socket.setTimeout(0);
    callback(null, { connection: socket });
  });
}
