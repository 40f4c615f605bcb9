import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { optOut, optOutTarget } from '../../use-cases/opt-out.ts';
import type { Api, ApiDeps } from '../types.ts';

type PageLanguage = 'pt-BR' | 'es' | 'en';

interface PageTexts {
  confirmTitle: string;
  confirm: (channel: string) => string;
  button: string;
  title: string;
  done: (channel: string) => string;
  after: string;
  invalidTitle: string;
  invalid: string;
  channels: Record<string, string>;
}

const texts: Record<PageLanguage, PageTexts> = {
  'pt-BR': {
    confirmTitle: 'Deixar de receber mensagens de cobrança?',
    confirm: (channel) => `Confirme abaixo para não receber mais nossas mensagens de cobrança por ${channel} neste endereço.`,
    button: 'Confirmar descadastro',
    title: 'Descadastro confirmado',
    done: (channel) => `Você não receberá mais nossas mensagens de cobrança por ${channel} neste endereço.`,
    after: 'Se foi um engano ou se tiver dúvidas sobre a sua conta, fale conosco pelos canais de atendimento.',
    invalidTitle: 'Link inválido',
    invalid: 'Este link de descadastro não é válido. Verifique se ele foi copiado por inteiro.',
    channels: { email: 'e-mail', sms: 'SMS', whatsapp: 'WhatsApp', phone: 'telefone' },
  },
  es: {
    confirmTitle: '¿Dejar de recibir mensajes de cobro?',
    confirm: (channel) => `Confirme abajo para no recibir más nuestros mensajes de cobro por ${channel} en esta dirección.`,
    button: 'Confirmar la baja',
    title: 'Baja confirmada',
    done: (channel) => `Ya no recibirá nuestros mensajes de cobro por ${channel} en esta dirección.`,
    after: 'Si fue un error o tiene dudas sobre su cuenta, contáctenos por nuestros canales de atención.',
    invalidTitle: 'Enlace no válido',
    invalid: 'Este enlace para darse de baja no es válido. Compruebe que lo copió completo.',
    channels: { email: 'correo electrónico', sms: 'SMS', whatsapp: 'WhatsApp', phone: 'teléfono' },
  },
  en: {
    confirmTitle: 'Stop receiving payment reminders?',
    confirm: (channel) => `Confirm below to stop receiving our payment reminders by ${channel} at this address.`,
    button: 'Unsubscribe',
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
 * e-mail and text carries. A GET only shows a confirmation page with a button, in the
 * contact's language (mail scanners open links: opening must change nothing); the button's
 * POST opts out and shows the result. A POST with the RFC 8058 body "List-Unsubscribe=One-Click"
 * (mail clients, List-Unsubscribe-Post) opts out without further confirmation and answers JSON.
 */
export async function publicRoutes(app: Api, { db }: ApiDeps): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Both the page's form and RFC 8058 clients post form-encoded; only the one-click marker matters.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.get(
      '/optout/*',
      {
        schema: {
          tags: ['system'],
          summary: 'Opt-out link of a message: a confirmation page (HTML); changes nothing',
          security: [],
          params: TokenParams,
          response: { 200: HtmlPage, 404: HtmlPage },
        },
      },
      async (request, reply) => {
        const target = await optOutTarget(db, request.params['*']);
        const language = target.ok
          ? contactPageLanguage(target.language, request.headers['accept-language'])
          : pageLanguage(request.headers['accept-language']);
        const t = texts[language];
        if (!target.ok) return page(reply.code(404), language, t.invalidTitle, [t.invalid]);
        const channel = t.channels[target.channel] ?? target.channel;
        if (target.optedOut) return page(reply, language, t.title, [t.done(channel), t.after]);
        return page(reply, language, t.confirmTitle, [t.confirm(channel)], t.button);
      },
    );

    scope.post(
      '/optout/*',
      {
        schema: {
          tags: ['system'],
          summary: "Opt out: the confirmation page's button (HTML answer) or RFC 8058 one-click (JSON answer)",
          security: [],
          params: TokenParams,
        },
      },
      async (request, reply) => {
        const result = await optOut(db, request.params['*'], new Date());
        reply.header('cache-control', 'no-store');
        if (typeof request.body === 'string' && /(^|&)List-Unsubscribe=One-Click(&|$)/.test(request.body)) {
          return result.ok
            ? reply.code(200).send({ status: 'opted_out' })
            : reply.code(404).send({ error: { code: 'not_found', message: 'unknown or invalid opt-out link', details: null } });
        }
        const language = result.ok
          ? contactPageLanguage(result.language, request.headers['accept-language'])
          : pageLanguage(request.headers['accept-language']);
        const t = texts[language];
        if (!result.ok) return page(reply.code(404), language, t.invalidTitle, [t.invalid]);
        return page(reply, language, t.title, [t.done(t.channels[result.channel] ?? result.channel), t.after]);
      },
    );
  });
}

/** The contact's own language when the pages have it, else the reader's Accept-Language. */
function contactPageLanguage(language: string, acceptLanguage: string | undefined): PageLanguage {
  const base = language.toLowerCase().split('-')[0];
  return base === 'pt' ? 'pt-BR' : base === 'es' ? 'es' : base === 'en' ? 'en' : pageLanguage(acceptLanguage);
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

/** A plain page; with `button`, a form posting back to the same URL (works without JavaScript). */
function page(reply: FastifyReply, language: PageLanguage, title: string, paragraphs: string[], button?: string) {
  const html =
    `<!DOCTYPE html>\n<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head>\n<body style="margin:0;padding:32px 16px;font-family:Arial,Helvetica,sans-serif;color:#1f2933;line-height:1.5;">` +
    `<main style="max-width:560px;margin:0 auto;"><h1 style="font-size:22px;">${escapeHtml(title)}</h1>\n` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n') +
    (button
      ? `\n<form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit" style="font-size:16px;padding:10px 20px;">${escapeHtml(button)}</button></form>`
      : '') +
    '</main></body></html>';
  return (
    reply
      .type('text/html; charset=utf-8')
      // The token is in the URL: no caching, no referrer, nothing loaded from elsewhere.
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(html)
  );
}
