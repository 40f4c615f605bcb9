import { timingSafeEqual, createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { PaymentProviders } from '../../payments/providers/configured-providers.ts';
import { WebhookPayloadError, WebhookSignatureError } from '../../payments/providers/errors.ts';
import type { PaymentEvent } from '../../payments/providers/payment-link.ts';
import { parsePixWebhook } from '../../payments/providers/pix-psp.ts';
import { parsePaymentLinkReference } from '../../use-cases/delivery/payment-request.ts';
import { recordProviderPayment, type RecordOutcome } from '../../use-cases/payment-requests/record-provider-payment.ts';
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
const PixQuery = Type.Object({ hmac: Type.Optional(Type.String({ maxLength: 200, description: 'the shared secret, when the PSP can only put it in the URL' })) }, { additionalProperties: true });

type Counts = { recorded: number; duplicate: number; ignored: number; unknown_request: number };

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
      { schema: { tags: ['system'], summary: 'Stripe webhook: checkout sessions of card links (Stripe-Signature)', security: [], response: { 200: Outcomes, ...errors } } },
      async (request, reply) => {
        const links = deps.providers.paymentLinks;
        if (!links) return problem(reply, 404, 'not_configured', 'no payment-link provider is configured (STRIPE_SECRET_KEY)');
        let event: PaymentEvent;
        try {
          event = links.provider.parseWebhook(rawBody(request.body), request.headers, now());
        } catch (error) {
          if (error instanceof WebhookSignatureError || error instanceof WebhookPayloadError) return problem(reply, 400, error instanceof WebhookSignatureError ? 'bad_signature' : 'bad_payload', error.message);
          throw error;
        }
        const counts: Counts = { recorded: 0, duplicate: 0, ignored: 0, unknown_request: 0 };
        const target = parsePaymentLinkReference(event.reference);
        if (event.type !== 'payment.succeeded' || !target || event.amountMinor === undefined || !event.currency) {
          counts.ignored += 1;
          return counts;
        }
        await deps.db.transaction().execute(async (trx) => {
          const request = await trx
            .selectFrom('payment_requests')
            .selectAll()
            .where('organisation_id', '=', target.organisationId)
            .where((eb) => eb.or([eb('card_session_id', '=', event.linkId ?? ''), eb('message_id', '=', target.messageId)]))
            .executeTakeFirst();
          if (!request) {
            counts.unknown_request += 1;
            return;
          }
          const outcome = await recordProviderPayment(trx, target.organisationId, request, {
            provider: links.name, eventId: event.id, eventType: 'checkout.session.completed', amountMinor: event.amountMinor!, currency: event.currency!,
            paidAt: event.paidAt ?? now(), method: 'card', reference: event.providerPaymentId ?? event.linkId ?? event.id,
          }, now());
          count(counts, outcome);
        });
        return counts;
      },
    );

    const pix = async (request: { params: { org: string }; query: { hmac?: string }; headers: Record<string, string | string[] | undefined>; body: unknown }, reply: FastifyReply) => {
      const secret = deps.providers.pixWebhookSecret;
      if (!secret) return problem(reply, 404, 'not_configured', 'the Pix PSP webhook is not configured (PIX_WEBHOOK_SECRET)');
      const header = request.headers['x-webhook-secret'];
      const given = (Array.isArray(header) ? header[0] : header) ?? request.query.hmac;
      if (given === undefined || !sameSecret(given, secret)) return problem(reply, 401, 'unauthorised', 'missing or wrong webhook secret');
      const org = await deps.db.selectFrom('organisations').select('id').where('slug', '=', request.params.org).executeTakeFirst();
      if (!org) return problem(reply, 404, 'not_found', `no organisation ${request.params.org}`);
      let events: PaymentEvent[];
      try {
        events = parsePixWebhook(rawBody(request.body));
      } catch (error) {
        if (error instanceof WebhookPayloadError) return problem(reply, 400, 'bad_payload', error.message);
        throw error;
      }
      const counts: Counts = { recorded: 0, duplicate: 0, ignored: 0, unknown_request: 0 };
      for (const event of events) {
        if (event.type !== 'payment.succeeded' || event.linkId === undefined || event.amountMinor === undefined) {
          counts.ignored += 1;
          continue;
        }
        // One transaction per Pix: a PSP retries the whole list, and each endToEndId is recorded once.
        await deps.db.transaction().execute(async (trx) => {
          const found = await trx.selectFrom('payment_requests').selectAll().where('organisation_id', '=', org.id).where('pix_txid', '=', event.linkId!.toUpperCase()).executeTakeFirst();
          if (!found) {
            counts.unknown_request += 1;
            return;
          }
          const outcome = await recordProviderPayment(trx, org.id, found, {
            provider: 'pix-psp', eventId: event.id, eventType: 'pix', amountMinor: event.amountMinor!, currency: 'BRL', paidAt: event.paidAt ?? now(), method: 'pix', reference: event.id,
          }, now());
          count(counts, outcome);
        });
      }
      return counts;
    };
    const pixSchema = { schema: { tags: ['system'], summary: 'Pix PSP webhook (API Pix shape), authenticated by a shared secret', security: [], params: PixParams, querystring: PixQuery, response: { 200: Outcomes, ...errors } } };
    scope.post('/hooks/pix/:org', pixSchema, async (request, reply) => pix(request, reply));
    scope.post('/hooks/pix/:org/pix', pixSchema, async (request, reply) => pix(request, reply));
  });
}

function count(counts: Counts, outcome: RecordOutcome): void {
  if (outcome.outcome === 'recorded') counts.recorded += 1;
  else if (outcome.outcome === 'duplicate') counts.duplicate += 1;
  else counts.ignored += 1;
}

function rawBody(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.alloc(0);
}

/** Compared as SHA-256 digests: equal length for timingSafeEqual, no early exit on a prefix. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function problem(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message, details: null } });
}
