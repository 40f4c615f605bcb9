import { httpExchange, isRecord, type FetchLike } from '../../adapters/http.ts';
import { PermanentDeliveryError, TransientDeliveryError, type ChannelTransport, type OutgoingMessage, type SendReceipt } from '../transport.ts';

export interface WhatsAppCloudOptions {
  token: string;
  phoneNumberId: string;
  baseUrl?: string;
  apiVersion?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/**
 * Error codes of the Cloud API that pass with time: rate limits (130429 throughput, 131056
 * pair rate, 131048 spam rate, 4 and 80007 app/account limits), service trouble (1, 2, 131000,
 * 133004) and access-token problems (190), which Régua's operator fixes, not the debtor.
 */
const transientCodes = new Set([1, 2, 4, 190, 80007, 130429, 131000, 131048, 131056, 133004]);

/**
 * WhatsApp template messages through the Meta Cloud API. Business-initiated messages outside
 * the 24-hour window must use an approved template, so a message without one is refused here.
 */
export function whatsappCloudTransport(options: WhatsAppCloudOptions): ChannelTransport {
  const baseUrl = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
  const url = `${baseUrl}/${options.apiVersion ?? 'v21.0'}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  return {
    channel: 'whatsapp',
    async send(message: OutgoingMessage): Promise<SendReceipt> {
      const template = message.whatsappTemplate;
      if (!template) throw new PermanentDeliveryError('a WhatsApp reminder needs an approved template (whatsappTemplate)', 'template_required');
      const payload = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.to.replace(/\D/g, ''),
        type: 'template',
        // Echoed back in status webhooks, so a delivery report finds its outbox row.
        biz_opaque_callback_data: message.idempotencyKey,
        template: {
          name: template.name,
          language: { code: template.language.replace('-', '_') },
          ...(template.parameters.length === 0
            ? {}
            : { components: [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }] }),
        },
      };
      const response = await httpExchange(
        fetchImpl,
        'WhatsApp Cloud API',
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(payload),
        },
        timeoutMs,
        (text) => new TransientDeliveryError(text),
      );

      if (response.status >= 200 && response.status < 300) {
        const messages = isRecord(response.json) ? response.json.messages : undefined;
        const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
        const id = isRecord(first) ? first.id : undefined;
        if (typeof id !== 'string') throw new TransientDeliveryError(`WhatsApp Cloud API answered ${response.status} without a message id`);
        return { providerMessageId: id, status: 'sent' };
      }
      throw cloudApiError(response.status, response.json, response.text, response.retryAfterSeconds);
    },
  };
}

function cloudApiError(status: number, body: unknown, text: string, retryAfterSeconds: number | undefined): Error {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
  const detail = typeof error?.message === 'string' ? error.message : text.slice(0, 200);
  const trace = typeof error?.fbtrace_id === 'string' ? ` [fbtrace ${error.fbtrace_id}]` : '';
  const message = `WhatsApp Cloud API ${status}${code !== undefined ? ` (code ${code}${subcode !== undefined ? `/${subcode}` : ''})` : ''}: ${detail}${trace}`;
  if (code !== undefined && transientCodes.has(code)) return new TransientDeliveryError(message, retryAfterSeconds);
  if (status === 429 || status >= 500) return new TransientDeliveryError(message, retryAfterSeconds);
  // 131047 (outside the re-engagement window), 131026 (undeliverable), template and
  // parameter errors: sending the same request again gives the same answer.
  return new PermanentDeliveryError(message, code !== undefined ? String(code) : `http_${status}`);
}
