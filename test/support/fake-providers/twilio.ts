import { randomBytes } from 'node:crypto';
import { twilioSignature } from '../../../src/channels/sms/twilio-signature.ts';
import { startFakeServer, type FakeServer } from './fake-server.ts';

export interface FakeTwilio extends FakeServer {
  accountSid: string;
  authToken: string;
  /** The form fields of each accepted or refused Messages request. */
  forms(): URLSearchParams[];
  /**
   * What Twilio does when a message's status changes: POST the documented form fields to the
   * StatusCallback given with the message, signed with X-Twilio-Signature. `signature` replaces
   * the header (null: none) to play a forger.
   */
  statusCallback(
    sid: string,
    status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed',
    options?: { errorCode?: string; signature?: string | null; authToken?: string },
  ): Promise<{ status: number; body: unknown }>;
}

/**
 * Twilio's Messages API as documented: POST /2010-04-01/Accounts/{Sid}/Messages.json with HTTP
 * Basic auth and a form body; 201 with the message resource, or `{ code, message, more_info, status }`.
 */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const error = (status: number, code: number, message: string) => ({
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  });

  const messages = new Map<string, { to: string; from: string; callback: string | null }>();
  const server = await startFakeServer((request) => {
    if (request.method !== 'POST' || request.path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return error(404, 20404, 'The requested resource was not found');
    }
    if (request.headers.authorization !== expectedAuth) return error(401, 20003, 'Authenticate');
    const form = new URLSearchParams(request.body);
    const to = form.get('To');
    if (!to || !/^\+[1-9]\d{7,14}$/.test(to)) return error(400, 21211, `The 'To' number ${to ?? ''} is not a valid phone number.`);
    if (!form.get('From') && !form.get('MessagingServiceSid')) return error(400, 21603, "A 'From' phone number is required.");
    if (!form.get('Body')) return error(400, 21602, 'Message body is required.');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    messages.set(sid, { to, from: form.get('From') ?? form.get('MessagingServiceSid') ?? '', callback: form.get('StatusCallback') });
    return {
      status: 201,
      body: {
        sid,
        account_sid: accountSid,
        to,
        from: form.get('From'),
        messaging_service_sid: form.get('MessagingServiceSid'),
        body: form.get('Body'),
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        error_code: null,
        error_message: null,
      },
    };
  });
  return {
    ...server,
    accountSid,
    authToken,
    forms: () => server.requests.map((r) => new URLSearchParams(r.body)),
    async statusCallback(sid, status, options = {}) {
      const message = messages.get(sid);
      if (!message?.callback) throw new Error(`message ${sid} was sent without a StatusCallback`);
      const form = new URLSearchParams({
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from,
        To: message.to,
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
        ...(options.errorCode ? { ErrorCode: options.errorCode } : {}),
      });
      const signature = options.signature === undefined ? twilioSignature(options.authToken ?? authToken, message.callback, form) : options.signature;
      const response = await fetch(message.callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'user-agent': 'TwilioProxy/1.1',
          ...(signature === null ? {} : { 'x-twilio-signature': signature }),
        },
        body: form.toString(),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}
