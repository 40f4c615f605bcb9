import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { optOut } from '../../use-cases/opt-out.ts';
import type { Api, ApiDeps } from '../types.ts';

type PageLanguage = 'pt-BR' | 'es' | 'en';

const texts: Record<PageLanguage, { title: string; done: (channel: string) => string; after: string; invalidTitle: string; invalid: string; channels: Record<string, string> }> = {
  'pt-BR': {
    title: 'Descadastro confirmado',
    done: (channel) => `Você não receberá mais nossas mensagens de cobrança por ${channel} neste endereço.`,
    after: 'Se foi um engano ou se tiver dúvidas sobre a sua conta, fale conosco pelos canais de atendimento.',
    invalidTitle: 'Link inválido',
    invalid: 'Este link de descadastro não é válido. Verifique se ele foi copiado por inteiro.',
    channels: { email: 'e-mail', sms: 'SMS', whatsapp: 'WhatsApp', phone: 'telefone' },
  },
  es: {
    title: 'Baja confirmada',
    done: (channel) => `Ya no recibirá nuestros mensajes de cobro por ${channel} en esta dirección.`,
    after: 'Si fue un error o tiene dudas sobre su cuenta, contáctenos por nuestros canales de atención.',
    invalidTitle: 'Enlace no válido',
    invalid: 'Este enlace para darse de baja no es válido. Compruebe que lo copió completo.',
    channels: { email: 'correo electrónico', sms: 'SMS', whatsapp: 'WhatsApp', phone: 'teléfono' },
  },
  en: {
    title: 'You have been unsubscribed',
    done: (channel) => `You will no longer receive our payment reminders by ${channel} at this address.`,
    after: 'If this was a mistake or you have questions about your account, please contact us.',
    invalidTitle: 'Invalid link',
    invalid: 'This unsubscribe link is not valid. Please check that it was copied in full.',
    channels: { email: 'e-mail', sms: 'text message', whatsapp: 'WhatsApp', phone: 'phone' },
  },
};

// A wildcard, not :token: the signed token (108 characters) is longer than the router's
// 100-character limit for named parameters, which would answer 414.
const HtmlPage = Type.Unsafe<string>({ description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } });

const TokenParams = Type.Object({ '*': Type.String({ maxLength: 200, description: 'the signed opt-out token' }) });

/**
 * Pages reached without an API token, registered outside /api/v1: the opt-out link every
 * e-mail and text carries (GET, a confirmation page in the reader's language) and its
 * RFC 8058 one-click form (POST from the mail client, List-Unsubscribe-Post).
 */
export async function publicRoutes(app: Api, { db }: ApiDeps): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // RFC 8058 clients post "List-Unsubscribe=One-Click" form-encoded; the body itself carries nothing we need.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.get(
      '/optout/*',
      { schema: { tags: ['system'], summary: 'Opt-out link of a message (HTML page)', security: [], params: TokenParams, response: { 200: HtmlPage, 404: HtmlPage } } },
      async (request, reply) => {
        const language = pageLanguage(request.headers['accept-language']);
        const result = await optOut(db, request.params['*'], new Date());
        const t = texts[language];
        if (!result.ok) return page(reply.code(404), language, t.invalidTitle, [t.invalid]);
        return page(reply, language, t.title, [t.done(t.channels[result.channel] ?? result.channel), t.after]);
      },
    );

    scope.post(
      '/optout/*',
      { schema: { tags: ['system'], summary: 'One-click opt-out (RFC 8058)', security: [], params: TokenParams } },
      async (request, reply) => {
        const result = await optOut(db, request.params['*'], new Date());
        reply.header('cache-control', 'no-store');
        return result.ok ? reply.code(200).send({ status: 'opted_out' }) : reply.code(404).send({ error: { code: 'not_found', message: 'unknown or invalid opt-out link', details: null } });
      },
    );
  });
}

/** The first of pt, es, en in the Accept-Language header by preference; English otherwise. */
export function pageLanguage(header: string | undefined): PageLanguage {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { base } of ranked) {
    if (base === 'pt') return 'pt-BR';
    if (base === 'es') return 'es';
    if (base === 'en') return 'en';
  }
  return 'en';
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function page(reply: FastifyReply, language: PageLanguage, title: string, paragraphs: string[]) {
  const html =
    `<!DOCTYPE html>\n<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head>\n<body style="margin:0;padding:32px 16px;font-family:Arial,Helvetica,sans-serif;color:#1f2933;line-height:1.5;">` +
    `<main style="max-width:560px;margin:0 auto;"><h1 style="font-size:22px;">${escapeHtml(title)}</h1>\n` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') +
    '</main></body></html>';
  return reply
    .type('text/html; charset=utf-8')
    // The token is in the URL: no caching, no referrer, nothing loaded from elsewhere.
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(html);
}
