import { riskModelReport } from '../../use-cases/insight/risk-report.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { RiskModelJsonSchema } from '../schemas/risk.ts';
import type { Api, ApiDeps } from '../types.ts';

export function riskRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/risk/model',
    {
      schema: {
        tags: ['reports'],
        summary: 'The newest risk model: version, AUC, Brier score and calibration by decile on the held-out period, for the model and the rule-based score',
        response: withErrors({ 200: RiskModelJsonSchema }),
      },
    },
    async (request) => riskModelReport(db, contextOf(request)),
  );
}
