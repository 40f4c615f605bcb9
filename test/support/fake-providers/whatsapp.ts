import { randomBytes } from 'node:crypto';
import { metaSignature } from '../../../src/channels/whatsapp/webhook-signature.ts';
import { startFakeServer, type FakeServer } from './fake-server.ts';

export interface FakeWhatsApp extends FakeServer {
  token: string;
  phoneNumberId: string;
  /** The JSON bodies of the requests received. */
  payloads(): unknown[];
  /** The app secret Meta signs webhooks with, and the verify token chosen at registration. */
  appSecret: string;
  verifyToken: string;
  /**
   * What Meta does on a status change: POST a documented webhook (entry[].changes[].value.statuses[])
   * to the app's callback URL, signed with X-Hub-Signature-256. `signature` replaces the header (null: none).
   */
  statusWebhook(
    callbackUrl: string,
    statuses: { id: string; status: 'sent' | 'delivered' | 'read' | 'failed'; timestamp: Date; errors?: { code: number; title: string }[] }[],
    options?: { signature?: string | null },
  ): Promise<{ status: number; body: unknown }>;
}

/**
 * The WhatsApp Cloud API as documented: POST /v21.0/{phone-number-id}/messages with a Bearer
 * token and a JSON template message; `{ messaging_product, contacts, messages }`, or
 * `{ error: { message, type, code, error_subcode, fbtrace_id } }`.
 */
export async function startFakeWhatsApp(): Promise<FakeWhatsApp> {
  const token = `EAAG${randomBytes(24).toString('hex')}`;
  const phoneNumberId = String(100_000_000_000_000 + randomBytes(4).readUInt32BE());
  const error = (status: number, code: number, message: string, type = 'OAuthException') => ({
    status,
    body: { error: { message, type, code, fbtrace_id: randomBytes(8).toString('base64url') } },
  });

  const server = await startFakeServer((request) => {
    if (request.method !== 'POST' || request.path !== `/v21.0/${phoneNumberId}/messages`) {
      return error(400, 100, 'Unsupported post request.', 'GraphMethodException');
    }
    if (request.headers.authorization !== `Bearer ${token}`) return error(401, 190, 'Invalid OAuth access token.');
    let payload: { messaging_product?: string; to?: string; type?: string; template?: { name?: string; language?: { code?: string } } };
    try {
      payload = JSON.parse(request.body) as typeof payload;
    } catch {
      return error(400, 100, 'Invalid JSON');
    }
    if (payload.messaging_product !== 'whatsapp') return error(400, 100, '(#100) The parameter messaging_product is required.');
    if (!payload.to || !/^\d{8,15}$/.test(payload.to)) return error(400, 100, '(#100) Invalid parameter');
    if (payload.type !== 'template' || !payload.template?.name || !payload.template.language?.code) {
      return error(400, 132000, '(#132000) Number of parameters does not match the expected number of params');
    }
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: payload.to, wa_id: payload.to }],
        messages: [{ id: `wamid.${randomBytes(24).toString('base64url')}`, message_status: 'accepted' }],
      },
    };
  });
  const appSecret = randomBytes(16).toString('hex');
  const verifyToken = `verify-${randomBytes(6).toString('hex')}`;
  return {
    ...server,
    token,
    phoneNumberId,
    appSecret,
    verifyToken,
    payloads: () => server.requests.map((r) => JSON.parse(r.body) as unknown),
    async statusWebhook(callbackUrl, statuses, options = {}) {
      const recipient = (id: string) => {
        const sent = server.requests.find((r) => r.body.includes(id));
        return sent ? (JSON.parse(sent.body) as { to: string }).to : '5511987654321';
      };
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '102290129340398',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
                  statuses: statuses.map((s) => ({
                    id: s.id,
                    status: s.status,
                    timestamp: String(Math.floor(s.timestamp.getTime() / 1000)),
                    recipient_id: recipient(s.id),
                    ...(s.errors ? { errors: s.errors } : {}),
                  })),
                },
              },
            ],
          },
        ],
      });
      const signature = options.signature === undefined ? metaSignature(appSecret, body) : options.signature;
      const response = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
        body,
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}
