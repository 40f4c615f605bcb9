import { httpExchange, isRecord, type FetchLike } from '../../adapters/http.ts';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport, type OutgoingMessage, type SendReceipt } from '../transport.ts';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** Sender: an E.164 number or alphanumeric sender id (sent as From), or a Messaging Service SID ("MG…", sent as MessagingServiceSid). */
  from: string;
  baseUrl?: string;
  /** Where Twilio posts the message's status changes (StatusCallback): the delivery receipts. */
  statusCallbackUrl?: string | undefined;
  fetch?: FetchLike;
  timeoutMs?: number;
}

const messagingServiceSid = /^MG[0-9a-fA-F]{32}$/;

/** SMS through the Twilio Messages API (form-encoded POST, HTTP Basic auth). */
export function twilioTransport(options: TwilioOptions): ChannelTransport {
  const baseUrl = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  return {
    channel: 'sms',
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      const form = new URLSearchParams({ To: message.to, Body: message.text });
      if (messagingServiceSid.test(options.from)) form.set('MessagingServiceSid', options.from);
      else form.set('From', options.from);
      if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);

      const response = await httpExchange(
        fetchImpl,
        'Twilio',
        url,
        {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
        },
        timeoutMs,
        (text) => new TransientDeliveryError(text),
      );

      if (response.status === 200 || response.status === 201) {
        const sid = isRecord(response.json) ? response.json.sid : undefined;
        if (typeof sid !== 'string') throw new TransientDeliveryError(`Twilio answered ${response.status} without a message sid`);
        return { providerMessageId: sid, status: 'sent' };
      }
      throw twilioError(response.status, response.json, response.text, response.retryAfterSeconds);
    },
  };
}

function twilioError(status: number, body: unknown, text: string, retryAfterSeconds: number | undefined): Error {
  const code = isRecord(body) && (typeof body.code === 'number' || typeof body.code === 'string') ? String(body.code) : undefined;
  const detail = isRecord(body) && typeof body.message === 'string' ? body.message : text.slice(0, 200);
  const message = `Twilio ${status}${code ? ` (code ${code})` : ''}: ${detail}`;
  // 429 and 5xx pass; 401/403 mean Régua's credentials are wrong, not the message: retrying
  // after the configuration is fixed must still deliver it.
  if (status === 429 || status >= 500 || status === 401 || status === 403) return new TransientDeliveryError(message, retryAfterSeconds);
  return new PermanentDeliveryError(message, code ?? `http_${status}`);
}
