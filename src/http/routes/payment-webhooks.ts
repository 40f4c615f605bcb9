import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { PaymentProviders } from '../../payments/providers/configured-providers.ts';
import { receivePixEvents, receiveStripeEvent, type ReceiveResult, type Refusal } from '../../use-cases/payment-requests/receive-provider-event.ts';
import { ErrorBody } from '../errors.ts';
import type { Api } from '../types.ts';

export interface PaymentWebhookDeps {
  db: Db;
  providers: PaymentProviders;
  now?: () => Date;
}

const Outcomes = Type.Object(
  { recorded: Type.Integer(), duplicate: Type.Integer(), ignored: Type.Integer(), unknown_request: Type.Integer() },
  { title: 'PaymentWebhookOutcomes' },
);
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
const PixParams = Type.Object({ org: Type.String({ maxLength: 100, description: 'the organisation slug' }) });
const PixQuery = Type.Object(
  { hmac: Type.Optional(Type.String({ maxLength: 200, description: 'the shared secret, when the PSP can only put it in the URL' })) },
  { additionalProperties: true },
);

/**
 * Payment providers' webhooks, reached without an API token and authenticated by the
 * provider's own means; each event is recorded once (provider_events), so a replay answers
 * 200 and records nothing new.
 *
 * - `POST /hooks/stripe`: Stripe `checkout.session.completed` (and async_payment_succeeded)
 *   of a reminder's card link, verified with the Stripe-Signature header (400 when it fails).
 * - `POST /hooks/pix/{org}` (also `…/pix`, as API Pix appends it): the Pix PSP webhook in the
 *   Banco Central's shape `{"pix": [{"endToEndId", "txid", "valor", "horario", …}]}`,
 *   authenticated by the shared secret PIX_WEBHOOK_SECRET in the `X-Webhook-Secret` header or
 *   the `hmac` query parameter (401 otherwise; API Pix's own mutual TLS ends at the proxy).
 *   A Pix whose txid is a reminder's is recorded; others are left to bank-statement matching.
 * Unconfigured providers answer 404.
 */
export async function paymentWebhookRoutes(app: Api, deps: PaymentWebhookDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Signatures cover the bytes as received: keep the raw body.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post(
      '/hooks/stripe',
      {
        schema: {
          tags: ['system'],
          summary: 'Stripe webhook: checkout sessions of card links (Stripe-Signature)',
          security: [],
          response: { 200: Outcomes, ...errors },
        },
      },
      async (request, reply) => answer(reply, await receiveStripeEvent(deps.db, deps.providers.paymentLinks, rawBody(request.body), request.headers, now())),
    );

    const pix = async (
      request: { params: { org: string }; query: { hmac?: string }; headers: Record<string, string | string[] | undefined>; body: unknown },
      reply: FastifyReply,
    ) => {
      const header = request.headers['x-webhook-secret'];
      const given = (Array.isArray(header) ? header[0] : header) ?? request.query.hmac;
      return answer(reply, await receivePixEvents(deps.db, deps.providers.pixWebhookSecret, request.params.org, given, rawBody(request.body), now()));
    };
    const pixSchema = {
      schema: {
        tags: ['system'],
        summary: 'Pix PSP webhook (API Pix shape), authenticated by a shared secret',
        security: [],
        params: PixParams,
        querystring: PixQuery,
        response: { 200: Outcomes, ...errors },
      },
    };
    scope.post('/hooks/pix/:org', pixSchema, async (request, reply) => pix(request, reply));
    scope.post('/hooks/pix/:org/pix', pixSchema, async (request, reply) => pix(request, reply));
  });
}

const statusOf: Record<Refusal['refused'], number> = { not_configured: 404, not_found: 404, bad_signature: 400, bad_payload: 400, unauthorised: 401 };

function answer(reply: FastifyReply, result: ReceiveResult) {
  if ('refused' in result) return reply.code(statusOf[result.refused]).send({ error: { code: result.refused, message: result.message, details: null } });
  return result.counts;
}

function rawBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.alloc(0);
}
