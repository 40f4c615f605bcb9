import { Type } from '@sinclair/typebox';
import { databaseReachable } from '../../use-cases/health.ts';
import type { Api, ApiDeps } from '../types.ts';

const Health = Type.Object({ status: Type.String({ examples: ['ok'] }), database: Type.String({ examples: ['ok'] }) }, { title: 'Health' });

/** Liveness and database reachability, without authentication (load balancers, `regua serve` checks). */
export function healthRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Health check', security: [], response: { 200: Health, 503: Health } } },
    async (request, reply) => {
      if (await databaseReachable(db)) return { status: 'ok', database: 'ok' };
      request.log.error('health check: database unreachable');
      reply.code(503);
      return { status: 'error', database: 'unreachable' };
    },
  );
}
