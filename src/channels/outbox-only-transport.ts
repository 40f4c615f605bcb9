import { ConfigError } from '../config.ts';
import { smtpTransport } from './email/smtp-transport.ts';
import { letterTransport, type LetterStore } from './letter/letter-transport.ts';
import type { FetchLike } from './provider-http.ts';
import { twilioTransport } from './sms/twilio-transport.ts';
import type { ChannelTransport, MessageChannel } from './transport.ts';
import { whatsappCloudTransport } from './whatsapp/cloud-api-transport.ts';

export interface TransportDeps {
  /** Where rendered letters go; letters are always available. */
  storeLetter: LetterStore;
  fetch?: FetchLike;
}

/** Where Régua receives Twilio's status callbacks (src/http/routes/delivery-receipts.ts). */
export const twilioStatusPath = '/hooks/twilio/status';

export type Transports = Partial<Record<MessageChannel, ChannelTransport>>;

/**
 * The transports the environment configures. A channel without configuration has no
 * transport: its messages stay in the outbox (shown in the UI), never lost. Half a
 * configuration is a mistake and stops the start with a message naming what is missing.
 *
 * - e-mail: SMTP_URL (smtp:// or smtps://), SMTP_FROM (default cobranca@localhost)
 * - SMS: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (E.164 number, MG… service sid or alphanumeric sender id), TWILIO_BASE_URL;
 *   with PUBLIC_URL set, each message asks for status callbacks at PUBLIC_URL/hooks/twilio/status
 * - WhatsApp: WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_BASE_URL
 */
export function transportsFromEnv(env: NodeJS.ProcessEnv, deps: TransportDeps): Transports {
  const value = (name: string) => env[name]?.trim() || undefined;
  const transports: Transports = {};

  const smtpUrl = value('SMTP_URL');
  const smtpFrom = value('SMTP_FROM');
  if (smtpUrl) {
    if (!/^smtps?:\/\/[^/?#]+/.test(smtpUrl)) throw new ConfigError(`SMTP_URL must look like smtp://user:password@host:587 or smtps://… (got "${redact(smtpUrl)}")`);
    const from = smtpFrom ?? 'cobranca@localhost';
    if (!/@[^\s@>]+>?$/.test(from)) throw new ConfigError(`SMTP_FROM must be an e-mail address, optionally with a name: "Cobrança <cobranca@example.com>" (got "${from}")`);
    transports.email = smtpTransport(smtpUrl, from);
  } else if (smtpFrom) {
    throw new ConfigError('SMTP_FROM is set but SMTP_URL is not: set SMTP_URL to send e-mail, or remove SMTP_FROM');
  }

  const twilio = group(value, 'SMS (Twilio)', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'], ['TWILIO_BASE_URL']);
  if (twilio) {
    const [accountSid, authToken, from] = twilio.required;
    if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid!)) throw new ConfigError('TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits');
    const alphanumericSender = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(from!) && !/^MG[0-9a-fA-F]/.test(from!);
    if (!/^\+[1-9]\d{7,14}$/.test(from!) && !/^MG[0-9a-fA-F]{32}$/.test(from!) && !alphanumericSender) {
      throw new ConfigError(
        `TWILIO_FROM must be an E.164 number such as +5511999990000, a Messaging Service SID (MG…) or an alphanumeric sender id of up to 11 characters (got "${from}")`,
      );
    }
    const baseUrl = httpUrl('TWILIO_BASE_URL', twilio.optional[0]);
    const publicUrl = value('PUBLIC_URL');
    const statusCallbackUrl = publicUrl ? `${httpUrl('PUBLIC_URL', publicUrl)!.replace(/\/+$/, '')}${twilioStatusPath}` : undefined;
    transports.sms = twilioTransport({ accountSid: accountSid!, authToken: authToken!, from: from!, baseUrl, statusCallbackUrl, fetch: deps.fetch });
  }

  const whatsapp = group(value, 'WhatsApp', ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'], ['WHATSAPP_BASE_URL']);
  if (whatsapp) {
    const [token, phoneNumberId] = whatsapp.required;
    if (!/^\d+$/.test(phoneNumberId!)) throw new ConfigError(`WHATSAPP_PHONE_NUMBER_ID must be the numeric id Meta shows for the number (got "${phoneNumberId}")`);
    const baseUrl = httpUrl('WHATSAPP_BASE_URL', whatsapp.optional[0]);
    transports.whatsapp = whatsappCloudTransport({ token: token!, phoneNumberId: phoneNumberId!, baseUrl, fetch: deps.fetch });
  }

  transports.letter = letterTransport({ store: deps.storeLetter });
  return transports;
}

/** All of `required` or none; an optional variable alone counts as half a configuration. */
function group(
  value: (name: string) => string | undefined,
  label: string,
  required: string[],
  optional: string[],
): { required: string[]; optional: (string | undefined)[] } | undefined {
  const present = required.filter((name) => value(name) !== undefined);
  const extras = optional.filter((name) => value(name) !== undefined);
  if (present.length === 0 && extras.length === 0) return undefined;
  const missing = required.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    const set = [...present, ...extras].join(', ');
    throw new ConfigError(`${label} is half configured: ${set} ${present.length + extras.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  }
  return { required: required.map((name) => value(name)!), optional: optional.map(value) };
}

function httpUrl(name: string, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new ConfigError(`${name} must be an http(s) URL (got "${url}")`);
}

/** Never echo an SMTP password into logs. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
