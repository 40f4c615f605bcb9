import { createHash, timingSafeEqual } from 'node:crypto';
import { observeHttp, registry, setOutboxDepth } from '../../adapters/metrics.ts';
import { outboxByStatusAndChannel } from '../../use-cases/health.ts';
import type { Api, ApiDeps } from '../types.ts';

/**
 * Prometheus metrics at /metrics (outside /api, not in the OpenAPI document). With a token
 * (REGUA_METRICS_TOKEN) a scraper presents it as a bearer token; without one, only a client on
 * this machine that did not come through a proxy (no X-Forwarded-For) is answered, so a reverse
 * proxy in front of Régua never exposes it. Anyone else gets 404.
 */
export function metricsRoutes(app: Api, { db, token }: ApiDeps & { token: string | undefined }): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const allowed = token
      ? sameSecret(request.headers.authorization ?? '', `Bearer ${token}`)
      : isLoopback(request.socket.remoteAddress) && request.headers['x-forwarded-for'] === undefined;
    if (!allowed) return reply.callNotFound();
    setOutboxDepth(await outboxByStatusAndChannel(db));
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
