import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { FieldError } from '../domain/field-error.ts';
import { ConflictError, NotFoundError, UserError } from '../use-cases/errors.ts';

/** Every error the API returns: `{ "error": { "code", "message", "details" } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'machine-readable, e.g. validation_failed, customer_exists, invoice_not_found' }),
      message: Type.String(),
      details: Type.Unknown({ description: 'for validation_failed: [{ field, reason }]; otherwise code-specific or null' }),
    }),
  },
  { title: 'Error' },
);

/** Adds the error responses every route may give to its success responses. */
export function withErrors<R extends Record<number, TSchema>>(success: R): R & { '4xx': typeof ErrorBody; '5xx': typeof ErrorBody } {
  return { ...success, '4xx': ErrorBody, '5xx': ErrorBody };
}

export class UnauthorizedError extends UserError {
  constructor(message: string) {
    super(message, 'unauthorized');
  }
}

const clientErrorCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  REGUA_RATE_LIMITED: 'too_many_requests',
};

const partNames: Record<string, string> = { querystring: 'query', params: 'params', headers: 'headers' };

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.validation) {
      const details = validationDetails(error.validation, error.validationContext);
      const summary = details.map((d) => `${d.field}: ${d.reason}`).join('; ');
      return send(reply, 400, 'validation_failed', `invalid request: ${summary}`, details);
    }
    if (error instanceof UserError) {
      const declared = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
      const status = error instanceof UnauthorizedError ? 401 : error instanceof NotFoundError ? 404 : error instanceof ConflictError ? 409 : (declared ?? 400);
      if (status === 429 && error.details && typeof error.details === 'object' && 'retry_at' in error.details) {
        reply.header('retry-after', Math.max(1, Math.ceil((Date.parse(String(error.details.retry_at)) - Date.now()) / 1000)));
      }
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      return send(reply, status, error.code, error.message, error.details ?? null);
    }
    // Fastify's own client errors (bad JSON, wrong content type, body too large).
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      const code = clientErrorCodes[error.code] ?? (error instanceof SyntaxError ? 'invalid_json' : 'bad_request');
      return send(reply, error.statusCode, code, error.message, null);
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, 500, 'internal_error', 'internal error; the server log has the details', null);
  });
  app.setNotFoundHandler((request, reply) => send(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`, null));
}

function send(reply: FastifyReply, status: number, code: string, message: string, details: unknown) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message, details } });
}

/** One entry per failing field; body fields by their path, others prefixed (query.limit). */
function validationDetails(errors: FastifySchemaValidationError[], context: string | undefined): FieldError[] {
  const prefix = context && partNames[context] ? `${partNames[context]}.` : '';
  return errors.map((e) => {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
      .join('.');
    return { field: path ? `${prefix}${path}` : (partNames[context ?? ''] ?? 'body'), reason: e.message ?? 'is invalid' };
  });
}
