import { collectionMetricsReport, metricsPeriod, metricsToJson } from '../../use-cases/insight/collection-metrics.ts';
import { behaviourToJson, customerBehaviour } from '../../use-cases/insight/customer-behaviour.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { IdParams, refFromPath } from '../schemas/common.ts';
import { BehaviourJson, BehaviourQuery, MetricsJsonSchema, MetricsQuery } from '../schemas/insight.ts';
import type { Api, ApiDeps } from '../types.ts';

export function insightRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['reports'],
        summary: 'Collection metrics per currency for a period (as regua metrics --json)',
        querystring: MetricsQuery,
        response: withErrors({ 200: MetricsJsonSchema }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const period = metricsPeriod(request.query.as_of ?? businessDateOf(ctx), request.query.from, request.query.to);
      return metricsToJson(await collectionMetricsReport(db, ctx, period));
    },
  );

  app.get(
    '/customers/:id/behaviour',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's payment behaviour as of a date: punctuality, trend, promises, disputes, broken plans, overdue",
        params: IdParams,
        querystring: BehaviourQuery,
        response: withErrors({ 200: BehaviourJson }),
      },
    },
    async (request) => behaviourToJson(await customerBehaviour(db, contextOf(request), refFromPath(request.params.id), request.query.as_of)),
  );
}
