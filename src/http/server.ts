import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.ts';
import { authenticate, declareRoles } from './auth.ts';
import { openapiOptions } from './openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { userRoutes } from './routes/users.ts';
import { installErrorHandling } from './errors.ts';
import { contactRoutes } from './routes/contacts.ts';
import { customerRoutes } from './routes/customers.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { publicRoutes } from './routes/public.ts';
import { paymentWebhookRoutes } from './routes/payment-webhooks.ts';
import type { PaymentProviders } from '../payments/providers/configured-providers.ts';
import { deliveryReceiptRoutes } from './routes/delivery-receipts.ts';
import { settingsRoutes } from './routes/settings.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { paymentTermsRoutes } from './routes/payment-terms.ts';
import type { ReceiptSecrets } from '../config.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { paymentRoutes } from './routes/payments.ts';
import { insightRoutes } from './routes/insight.ts';
import { riskRoutes } from './routes/risk.ts';
import { reportRoutes } from './routes/reports.ts';
import { accountWorkRoutes } from './routes/account-work.ts';
import { paymentPlansRoutes } from './routes/payment-plans.ts';
import { escalationRoutes } from './routes/escalation.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';
import { cadenceRoutes } from './routes/cadence.ts';
import { typeboxValidatorCompiler } from './validation.ts';
import { webAppRoutes } from './web-app.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { importRoutes } from './routes/imports.ts';
import { portalApiRoutes, portalPages } from './routes/portal.ts';

/**
 * The HTTP API: REST under /api/v1 (bearer API token per organisation), OpenAPI 3.1 at
 * /api/openapi.json generated from the route schemas, the docs page at /api/docs and an
 * unauthenticated /api/health. It does not listen: `regua serve` calls listen(). Adapters come
 * from the caller (src/wiring.ts); without payment providers or receipt secrets their webhooks answer 404.
 */
export async function buildServer(deps: {
  db: Db;
  /** Off by default (tests); `regua serve` passes requestLogger() (src/http/logging.ts). */
  logger?: FastifyServerOptions['logger'];
  /** /metrics: a bearer token, or (undefined) loopback clients only. */
  metricsToken?: string;
  /** Requests a minute per client address (Config.rateLimitPerMinute); undefined or 0: no limit (tests). */
  rateLimitPerMinute?: number;
  paymentProviders?: PaymentProviders;
  receipts?: { publicUrl: string; secrets: ReceiptSecrets; now?: () => Date };
  /** The debtor portal's signing secret (Config.portalSecret) and, for tests, its clock. */
  portal?: { secret?: string; now?: () => Date };
}): Promise<FastifyInstance> {
  const { db } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(typeboxValidatorCompiler);
  installErrorHandling(app);

  // Security headers on every answer (nosniff, frame and referrer policies, HSTS behind https…);
  // the pages that render HTML set their own Content-Security-Policy (web-app.ts, the portal).
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  // Always registered: the debtor portal's routes set their own, tighter limit (routes/portal.ts).
  await app.register(rateLimit, {
    global: Boolean(deps.rateLimitPerMinute),
    max: deps.rateLimitPerMinute || 0,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`too many requests from this address: at most ${context.max} a minute; retry in ${context.after}`), {
        statusCode: 429,
        code: 'REGUA_RATE_LIMITED',
      }),
  });
  await app.register(cookie);
  await app.register(swagger, openapiOptions());
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, { db });
  metricsRoutes(app, { db, token: deps.metricsToken });
  authRoutes(app, { db, publicUrl: deps.receipts?.publicUrl ?? '' });
  await publicRoutes(app, { db });
  const portal = { db, publicUrl: deps.receipts?.publicUrl ?? '', ...(deps.portal?.secret ? { secret: deps.portal.secret } : {}) };
  await portalPages(app, { ...portal, ...(deps.portal?.now ? { now: deps.portal.now } : {}) });
  // Payment providers' webhooks (Stripe, Pix PSP); unconfigured: 404.
  await paymentWebhookRoutes(app, { db, providers: deps.paymentProviders ?? {} });
  // Providers' delivery receipts (signed by the provider, no API token); unconfigured: 404.
  await deliveryReceiptRoutes(app, {
    db,
    publicUrl: deps.receipts?.publicUrl ?? '',
    secrets: deps.receipts?.secrets ?? { twilioAuthToken: undefined, whatsapp: undefined },
    ...(deps.receipts?.now ? { now: deps.receipts.now } : {}),
  });
  await app.register(
    async (v1) => {
      const api = v1.withTypeProvider<TypeBoxTypeProvider>();
      declareRoles(api);
      api.addHook('onRequest', authenticate(db));
      customerRoutes(api, { db });
      contactRoutes(api, { db });
      invoiceRoutes(api, { db });
      paymentRoutes(api, { db });
      reportRoutes(api, { db });
      insightRoutes(api, { db });
      riskRoutes(api, { db });
      accountWorkRoutes(api, { db });
      paymentPlansRoutes(api, { db });
      escalationRoutes(api, { db });
      reconciliationRoutes(api, { db });
      cadenceRoutes(api, { db });
      settingsRoutes(api, { db });
      organisationRoutes(api, { db });
      paymentTermsRoutes(api, { db });
      userRoutes(api, { db, publicUrl: deps.receipts?.publicUrl ?? '' });
      importRoutes(api, { db });
      privacyRoutes(api, { db });
      portalApiRoutes(api, portal);
    },
    { prefix: '/api/v1' },
  );
  await webAppRoutes(app);
  return app;
}
