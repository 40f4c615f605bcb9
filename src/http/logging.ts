import type { FastifyServerOptions } from 'fastify';

// Query parameters that carry a secret (a webhook's ?hmac=, a token or signature in a link).
const secretParameters = /([?&](?:hmac|secret|token|signature|sig|key|password|access_token)=)[^&#]*/gi;

/** A URL as it may be written to a log: the values of secret-bearing query parameters replaced. */
function redactUrl(url: string): string {
  return url.replace(secretParameters, '$1[redacted]');
}

/**
 * The logger `regua serve` gives Fastify (pino, JSON lines on stdout or `stream`): an access
 * line per request and, for every 500, the error with its stack. Request URLs are logged with
 * their secrets redacted, and no header is logged.
 */
export function requestLogger(options: { level?: string; stream?: NodeJS.WritableStream } = {}): FastifyServerOptions['logger'] {
  return {
    level: options.level ?? 'info',
    ...(options.stream ? { stream: options.stream } : {}),
    serializers: {
      req: (request: { method: string; url: string; ip?: string; id?: string }) => ({
        method: request.method,
        url: redactUrl(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}
