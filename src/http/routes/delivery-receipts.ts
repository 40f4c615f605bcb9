import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { ReceiptSecrets } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { twilioStatusPath } from '../../channels/outbox-only-transport.ts';
import { verifyTwilioSignature } from '../../channels/sms/twilio-signature.ts';
import { verifyMetaSignature } from '../../channels/whatsapp/webhook-signature.ts';
import { whatsappStatuses } from '../../channels/whatsapp/status-webhook.ts';
import { applyDeliveryReceipt, type ReceiptOutcome } from '../../use-cases/delivery/delivery-receipts.ts';
import { ErrorBody } from '../errors.ts';
import type { Api } from '../types.ts';

const whatsappWebhookPath = '/hooks/whatsapp';

export interface ReceiptHooksDeps {
  db: Db;
  /** The address providers reach us at: Twilio signs the full URL it requested. */
  publicUrl: string;
  secrets: ReceiptSecrets;
  /** The clock that stamps receipts without a time of their own (Twilio's); tests pass a fixed one. */
  now?: () => Date;
}

const tags = ['system'];
const Outcomes = Type.Object(
  {
    applied: Type.Integer(),
    duplicate: Type.Integer(),
    ignored: Type.Integer(),
    unknown_message: Type.Integer(),
  },
  { title: 'ReceiptOutcomes' },
);
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 400: ErrorBody };

const TwilioStatusBody = Type.Object(
  { MessageSid: Type.String({ minLength: 1 }), MessageStatus: Type.String({ minLength: 1 }), ErrorCode: Type.Optional(Type.String()) },
  { additionalProperties: Type.String(), description: 'form fields of a Twilio status callback (application/x-www-form-urlencoded)' },
);
const VerifyQuery = Type.Object({
  'hub.mode': Type.Optional(Type.String()),
  'hub.verify_token': Type.Optional(Type.String()),
  'hub.challenge': Type.Optional(Type.String()),
});

/**
 * Delivery receipts from the providers, reached without an API token and authenticated by the
 * providers' own signatures instead: Twilio's status callbacks (X-Twilio-Signature) and the
 * WhatsApp Cloud API webhook (GET subscription check with the verify token, POST signed with
 * X-Hub-Signature-256). A missing signature is 401, a wrong one 403; neither changes anything.
 */
export async function deliveryReceiptRoutes(app: Api, deps: ReceiptHooksDeps): Promise<void> {
  const { db, publicUrl, secrets } = deps;
  const clock = deps.now ?? (() => new Date());
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Signatures are computed over the bytes as sent: keep the raw body and parse it here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
      (request as { rawBody?: string }).rawBody = body as string;
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      (request as { rawBody?: Buffer }).rawBody = body as Buffer;
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')) as unknown);
      } catch {
        done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
      }
    });

    scope.post(
      twilioStatusPath,
      {
        schema: {
          tags,
          summary: 'Twilio SMS status callback (delivery receipt), signed with X-Twilio-Signature',
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          body: TwilioStatusBody,
          response: { 200: Outcomes, ...errors },
        },
        // Authenticate before the body is validated: an unsigned request learns nothing.
        preValidation: async (request, reply) => {
          if (typeof (request as { rawBody?: unknown }).rawBody !== 'string') {
            return refuse(reply, 415, 'unsupported_media_type', 'Twilio status callbacks are application/x-www-form-urlencoded');
          }
          if (!secrets.twilioAuthToken) return refuse(reply, 404, 'not_configured', 'Twilio delivery receipts are not configured (TWILIO_AUTH_TOKEN)');
          const signature = request.headers['x-twilio-signature'];
          if (typeof signature !== 'string' || signature === '') return refuse(reply, 401, 'signature_missing', 'X-Twilio-Signature is missing');
          const params = new URLSearchParams((request as { rawBody?: string }).rawBody ?? '');
          if (!verifyTwilioSignature(secrets.twilioAuthToken, `${publicUrl}${request.url}`, params, signature)) {
            return refuse(reply, 403, 'signature_invalid', 'X-Twilio-Signature does not match this request');
          }
        },
      },
      async (request) => {
        const params = new URLSearchParams((request as { rawBody?: string }).rawBody ?? '');
        const body = request.body;
        const outcome = await applyDeliveryReceipt(
          db,
          {
            provider: 'twilio',
            channel: 'sms',
            providerMessageId: body.MessageSid,
            providerStatus: body.MessageStatus,
            occurredAt: clock(),
            errorCode: body.ErrorCode || undefined,
            payload: Object.fromEntries(params),
          },
          clock(),
        );
        return count([outcome]);
      },
    );

    scope.get(
      whatsappWebhookPath,
      {
        schema: {
          tags,
          summary: 'WhatsApp Cloud API webhook subscription check (answers hub.challenge)',
          security: [],
          querystring: VerifyQuery,
          response: { 200: Type.String(), ...errors },
        },
      },
      async (request, reply) => {
        if (!secrets.whatsapp)
          return refuse(reply, 404, 'not_configured', 'WhatsApp delivery receipts are not configured (WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN)');
        const q = request.query;
        if (q['hub.mode'] !== 'subscribe' || q['hub.verify_token'] !== secrets.whatsapp.verifyToken || !q['hub.challenge']) {
          return refuse(reply, 403, 'verification_failed', 'hub.mode must be subscribe and hub.verify_token must match WHATSAPP_VERIFY_TOKEN');
        }
        return reply.type('text/plain; charset=utf-8').send(q['hub.challenge']);
      },
    );

    scope.post(
      whatsappWebhookPath,
      {
        schema: {
          tags,
          summary: 'WhatsApp Cloud API webhook: message statuses (delivery receipts), signed with X-Hub-Signature-256',
          security: [],
          consumes: ['application/json'],
          response: { 200: Outcomes, ...errors },
        },
      },
      async (request, reply) => {
        if (!secrets.whatsapp)
          return refuse(reply, 404, 'not_configured', 'WhatsApp delivery receipts are not configured (WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN)');
        const signature = request.headers['x-hub-signature-256'];
        if (typeof signature !== 'string' || signature === '') return refuse(reply, 401, 'signature_missing', 'X-Hub-Signature-256 is missing');
        const raw = (request as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
        if (!verifyMetaSignature(secrets.whatsapp.appSecret, raw, signature))
          return refuse(reply, 403, 'signature_invalid', 'X-Hub-Signature-256 does not match the body');
        const outcomes: ReceiptOutcome[] = [];
        for (const status of whatsappStatuses(request.body)) {
          outcomes.push(
            await applyDeliveryReceipt(
              db,
              {
                provider: 'whatsapp',
                channel: 'whatsapp',
                providerMessageId: status.id,
                providerStatus: status.status,
                occurredAt: status.timestamp,
                errorCode: status.errorCode,
                errorMessage: status.errorTitle,
                payload: status.raw,
              },
              clock(),
            ),
          );
        }
        // 200 whatever the outcome: Meta retries anything else for days.
        return count(outcomes);
      },
    );
  });
}

function count(outcomes: ReceiptOutcome[]) {
  const result = { applied: 0, duplicate: 0, ignored: 0, unknown_message: 0 };
  for (const outcome of outcomes) result[outcome]++;
  return result;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message, details: null } });
}
