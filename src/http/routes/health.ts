import { Type } from '@sinclair/typebox';
import { databaseReachable, readiness } from '../../use-cases/health.ts';
import type { Api, ApiDeps } from '../types.ts';

const Ready = Type.Object(
  {
    status: Type.String({ examples: ['ok'] }),
    database: Type.String({ examples: ['ok'] }),
    pending_migrations: Type.Array(Type.String(), { description: 'migrations of this release the database has not applied yet' }),
  },
  { title: 'Readiness' },
);
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

  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness check',
        description:
          'Ready to serve: the database answers and every migration of this release is applied; 503 otherwise (keep the process out of the load balancer).',
        security: [],
        response: { 200: Ready, 503: Ready },
      },
    },
    async (request, reply) => {
      const state = await readiness(db);
      if (!state.ready) {
        request.log.warn({ database: state.database, pending: state.pendingMigrations }, 'not ready');
        reply.code(503);
      }
      return { status: state.ready ? 'ok' : 'error', database: state.database, pending_migrations: state.pendingMigrations };
    },
  );
}
