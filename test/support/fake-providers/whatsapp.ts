import { randomBytes } from 'node:crypto';
import { startFakeServer, type FakeServer } from './fake-server.ts';

export interface FakeWhatsApp extends FakeServer {
  token: string;
  phoneNumberId: string;
  /** The JSON bodies of the requests received. */
  payloads(): unknown[];
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
  return { ...server, token, phoneNumberId, payloads: () => server.requests.map((r) => JSON.parse(r.body) as unknown) };
}
