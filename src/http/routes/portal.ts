import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { portalCsrfToken } from '../../domain/portal/token.ts';
import { UserError, ValidationError } from '../../use-cases/errors.ts';
import { disputeOnPortal } from '../../use-cases/portal/dispute-on-portal.ts';
import { lateReasonOnPortal } from '../../use-cases/portal/late-reason-on-portal.ts';
import { openPortal, portalView, type PortalAccess } from '../../use-cases/portal/open-portal.ts';
import { optOutOnPortal } from '../../use-cases/portal/opt-out-on-portal.ts';
import { portalLink, revokePortalLinks } from '../../use-cases/portal/portal-link.ts';
import { portalSettingsJson, portalSettingsOf, setPortalSettings } from '../../use-cases/portal/portal-settings.ts';
import { promiseOnPortal } from '../../use-cases/portal/promise-on-portal.ts';
import type { PortalForm } from '../../use-cases/portal/submit.ts';
import { contextOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { accountPage, donePage, refusalPage } from '../portal/pages.ts';
import { portalLanguage, portalTexts, type PortalLanguage } from '../portal/texts.ts';
import { IdParams, refFromPath } from '../schemas/common.ts';
import type { Api } from '../types.ts';

/** What the portal needs besides the database: Config.publicUrl, Config.portalSecret, a clock (tests move it). */
export interface PortalDeps {
  db: Db;
  publicUrl: string;
  secret?: string;
  now?: () => Date;
}

const HtmlPage = Type.Unsafe<string>({ description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 80, description: 'the signed portal token' }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });
const actions = ['promise', 'dispute', 'late-reason', 'opt-out'] as const;

// Every portal route shares one allowance per client address (groupId): 60 requests a minute.
const portalRateLimited = 'REGUA_PORTAL_RATE_LIMITED';
const portalRateLimit = {
  max: 60,
  timeWindow: 60_000,
  groupId: 'portal',
  errorResponseBuilder: () => Object.assign(new Error('too many requests'), { statusCode: 429, code: portalRateLimited }),
};
type FormName = (typeof actions)[number];

/**
 * The debtor portal, outside /api: `GET /p/:token` the account page, `POST /p/:token/<action>`
 * its forms (urlencoded, CSRF token and idempotency key in hidden fields). No API token: the
 * signed link is the credential. Rate-limited per client address; a link that does not open
 * answers the same page whatever it names.
 */
export async function portalPages(app: Api, deps: PortalDeps): Promise<void> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) =>
      done(null, new URLSearchParams(body as string)),
    );
    // Too many requests from one address: the plain refusal page, in the browser's language.
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code !== portalRateLimited) throw error;
      return send(reply.code(429), refusalPage(portalLanguage(undefined, undefined, request.headers['accept-language']), 'invalid', undefined, true));
    });

    scope.get(
      '/p/:token',
      {
        schema: {
          tags: ['portal'],
          summary: "The debtor portal's account page (HTML)",
          security: [],
          params: TokenParams,
          querystring: LangQuery,
          response: { 200: HtmlPage, 404: HtmlPage },
        },
        config: { rateLimit: portalRateLimit },
      },
      async (request, reply) => {
        const opened = await open(request.params.token, request);
        if ('page' in opened) return send(reply.code(404), opened.page);
        return send(reply, await renderAccount(opened.access, opened.language));
      },
    );

    for (const name of actions) {
      scope.post(
        `/p/:token/${name}`,
        {
          schema: {
            tags: ['portal'],
            summary: `A debtor's ${name} form on the portal (HTML answer)`,
            security: [],
            params: TokenParams,
            querystring: LangQuery,
          },
          config: { rateLimit: portalRateLimit },
        },
        async (request, reply) => {
          const opened = await open(request.params.token, request);
          if ('page' in opened) return send(reply.code(404), opened.page);
          const { access, language } = opened;
          const body = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
          const field = (key: string) => body.get(key) ?? '';
          const form: PortalForm = { csrf: field('csrf'), idempotencyKey: field('idempotency_key') };
          const at = now();
          try {
            const result = await submit(name, access, form, body, at);
            return send(reply.code(result.replayed ? 200 : 201), donePage(language, base(access), result.action, result.outcome));
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            const t = portalTexts[language];
            const reason = error instanceof ValidationError ? (error.errors[0]?.reason ?? '') : error.code;
            const message =
              error.code === 'csrf_invalid' || error.code === 'idempotency_key_invalid'
                ? t.errors.form!
                : (t.errors[reason] ?? t.errors[error.code] ?? t.errors.generic!);
            return send(reply.code(error.code === 'csrf_invalid' ? 403 : 422), await renderAccount(access, language, { form: name, message }));
          }
        },
      );
    }
  });

  async function open(token: string, request: FastifyRequest): Promise<{ access: PortalAccess; language: PortalLanguage } | { page: string }> {
    const lang = (request.query as { lang?: string }).lang;
    const result = await openPortal(db, token, deps.secret, now());
    if (!result.ok)
      return { page: refusalPage(portalLanguage(lang, result.language, request.headers['accept-language']), result.problem, result.creditor?.name) };
    return { access: result.access, language: portalLanguage(lang, result.access.customer.language, request.headers['accept-language']) };
  }

  async function renderAccount(access: PortalAccess, language: PortalLanguage, error?: { form: string; message: string }): Promise<string> {
    const view = await portalView(db, access);
    return accountPage(language, base(access), view, {
      csrf: portalCsrfToken(access.key, access.token),
      newKey: () => randomUUID(),
      ...(error ? { error } : {}),
    });
  }

  function base(access: PortalAccess): string {
    return `/p/${access.token}`;
  }

  async function submit(name: FormName, access: PortalAccess, form: PortalForm, body: URLSearchParams, at: Date) {
    const field = (key: string) => body.get(key) ?? '';
    switch (name) {
      case 'promise': {
        const r = await promiseOnPortal(
          db,
          access,
          form,
          { promisedDate: field('promised_date'), amount: field('amount'), invoiceIds: body.getAll('invoice') },
          at,
        );
        return { ...r, action: 'promise' as const };
      }
      case 'dispute': {
        const r = await disputeOnPortal(db, access, form, { invoiceId: field('invoice'), reason: field('reason'), text: field('text') }, at);
        return { ...r, action: 'dispute' as const };
      }
      case 'late-reason': {
        const r = await lateReasonOnPortal(db, access, form, { category: field('category'), text: field('text') }, at);
        return { ...r, action: 'late_reason' as const };
      }
      case 'opt-out': {
        const r = await optOutOnPortal(db, access, form, { contactId: field('contact') }, at);
        return { ...r, action: 'opt_out' as const };
      }
    }
  }
}

function send(reply: FastifyReply, html: string) {
  return (
    reply
      .type('text/html; charset=utf-8')
      // The token is in the URL: no caching, no referrer (helmet's no-referrer), nothing loaded from elsewhere, forms post only here.
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'")
      .send(html)
  );
}

const PortalLinkJson = Type.Object({
  customer_external_id: Type.String(),
  url: Type.String({ description: 'the link to hand to the debtor' }),
  expires_on: Type.String({ format: 'date', description: 'the last day the link opens' }),
});
const PortalSettingsJson = Type.Object({
  enabled: Type.Boolean(),
  link_days: Type.Integer({ description: 'days a link stays valid after the message that carries it' }),
  promise_horizon_days: Type.Integer({ description: 'how far ahead a debtor may promise to pay' }),
  plans_offered: Type.Array(Type.Integer(), { description: 'numbers of instalments the portal offers' }),
  proof_max_bytes: Type.Integer({ description: 'largest proof-of-payment upload' }),
});
const PortalRevocationJson = Type.Object({ customer_external_id: Type.String(), generation: Type.Integer() });

/** The business side of the portal under /api/v1: hand a link out, revoke a customer's links, the portal settings. */
export function portalApiRoutes(app: Api, deps: Omit<PortalDeps, 'now'>): void {
  const { db } = deps;
  const tags = ['portal'];
  app.get(
    '/customers/:id/portal-link',
    {
      schema: {
        tags,
        operationId: 'getCustomerPortalLink',
        summary: "A link to the customer's debtor portal, valid from today for the organisation's link lifetime (collector or above)",
        params: IdParams,
        response: withErrors({ 200: PortalLinkJson }),
      },
    },
    async (request) => {
      const link = await portalLink(db, contextOf(request), refFromPath(request.params.id), deps);
      return { customer_external_id: link.customerExternalId, url: link.url, expires_on: link.expiresOn };
    },
  );
  app.post(
    '/customers/:id/portal-link/revocation',
    {
      schema: {
        tags,
        operationId: 'revokeCustomerPortalLinks',
        summary: 'Every portal link of the customer handed out so far stops opening',
        params: IdParams,
        response: withErrors({ 200: PortalRevocationJson }),
      },
    },
    async (request) => {
      const revoked = await revokePortalLinks(db, contextOf(request), refFromPath(request.params.id));
      return { customer_external_id: revoked.customerExternalId, generation: revoked.generation };
    },
  );
  app.get(
    '/settings/portal',
    {
      schema: {
        tags: ['settings'],
        operationId: 'getPortalSettings',
        summary: 'The debtor portal settings',
        response: withErrors({ 200: PortalSettingsJson }),
      },
    },
    async (request) => portalSettingsJson(portalSettingsOf(principalOf(request).organisation)),
  );
  app.put(
    '/settings/portal',
    {
      schema: {
        tags: ['settings'],
        operationId: 'updatePortalSettings',
        summary: 'Change the debtor portal settings (fields left out keep their value)',
        body: Type.Partial(PortalSettingsJson),
        response: withErrors({ 200: PortalSettingsJson }),
      },
    },
    async (request) => {
      const b = request.body;
      const saved = await setPortalSettings(db, contextOf(request), {
        ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
        ...(b.link_days !== undefined ? { linkDays: b.link_days } : {}),
        ...(b.promise_horizon_days !== undefined ? { promiseHorizonDays: b.promise_horizon_days } : {}),
        ...(b.plans_offered !== undefined ? { plansOffered: b.plans_offered } : {}),
        ...(b.proof_max_bytes !== undefined ? { proofMaxBytes: b.proof_max_bytes } : {}),
      });
      return portalSettingsJson(saved);
    },
  );
}
