import { businessDateOf } from '../../use-cases/org-context.ts';
import { agingReport, agingToJson } from '../../use-cases/aging-report.ts';
import { ValidationError } from '../../use-cases/errors.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { AgingJson, AgingQuery } from '../schemas/reports.ts';
import type { Api, ApiDeps } from '../types.ts';

export function reportRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/reports/aging',
    {
      schema: {
        tags: ['reports'],
        summary: 'Aging as of a date, per customer and currency (as regua aging --format json)',
        querystring: AgingQuery,
        response: withErrors({ 200: AgingJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const bounds = request.query.buckets === undefined ? ctx.org.settings.aging_buckets : parseBounds(request.query.buckets);
      const asOf = request.query.as_of ?? businessDateOf(ctx);
      return agingToJson(await agingReport(db, ctx, asOf, bounds));
    },
  );
}

function parseBounds(text: string): number[] {
  const bounds = text.split(',').map(Number);
  const ascending = bounds.every((b, i) => Number.isSafeInteger(b) && b >= 1 && (i === 0 || b > bounds[i - 1]!));
  if (!ascending || bounds.length > 20) {
    throw new ValidationError([{ field: 'query.buckets', reason: `"${text}" must be up to 20 ascending whole numbers of days ≥ 1, e.g. 30,60,90` }]);
  }
  return bounds;
}
