import { dateInZone } from '../../domain/dates.ts';
import { collectionMetricsReport, metricsPeriod, metricsToJson } from '../../use-cases/insight/collection-metrics.ts';
import { principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { MetricsJsonSchema, MetricsQuery } from '../schemas/insight.ts';
import type { Api, ApiDeps } from '../types.ts';

export function insightRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/metrics',
    { schema: { tags: ['reports'], summary: 'Collection metrics per currency for a period (as regua metrics --json)', querystring: MetricsQuery, response: withErrors({ 200: MetricsJsonSchema }) } },
    async (request) => {
      const organisation = principalOf(request).organisation;
      const period = metricsPeriod(request.query.as_of ?? dateInZone(new Date(), organisation.timezone), request.query.from, request.query.to);
      return metricsToJson(await collectionMetricsReport(db, organisation.id, period));
    },
  );
}
