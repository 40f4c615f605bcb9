import { collectionMetricsReport, metricsPeriod, metricsToJson } from '../../use-cases/insight/collection-metrics.ts';
import { backtestToJson, forecastBacktestReport, forecastReport, forecastToJson } from '../../use-cases/insight/cash-forecast.ts';
import { checkCredit, creditDecisionToJson, stagedCreditOf } from '../../use-cases/insight/credit-decision.ts';
import { setStagedCredit, stagedCreditToJson } from '../../use-cases/insight/credit-settings.ts';
import { behaviourToJson, customerBehaviour } from '../../use-cases/insight/customer-behaviour.ts';
import { ValidationError } from '../../use-cases/errors.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { IdParams, refFromPath } from '../schemas/common.ts';
import {
  BehaviourJson,
  BacktestJsonSchema,
  BehaviourQuery,
  CreditDecisionJson,
  CreditDecisionQuery,
  ForecastJsonSchema,
  ForecastQuery,
  MetricsJsonSchema,
  MetricsQuery,
  StagedCreditBody,
  StagedCreditJson,
} from '../schemas/insight.ts';
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

  app.get(
    '/customers/:id/credit-decision',
    {
      schema: {
        tags: ['customers'],
        operationId: 'getCustomerCreditDecision',
        summary: 'May this amount be sold on credit to the customer today? allow / review / deny with the reasons (limit, exposure, overdue, risk, probation)',
        params: IdParams,
        querystring: CreditDecisionQuery,
        response: withErrors({ 200: CreditDecisionJson }),
      },
    },
    async (request) => {
      const { amount, currency, as_of } = request.query;
      const check = { amount, ...(currency ? { currency } : {}), ...(as_of ? { asOf: as_of } : {}) };
      return creditDecisionToJson(await checkCredit(db, contextOf(request), refFromPath(request.params.id), check));
    },
  );

  app.get(
    '/settings/credit',
    {
      schema: {
        tags: ['settings'],
        operationId: 'getStagedCreditSettings',
        summary: 'Staged credit: probation days, initial limit, step per invoice paid on time, maximum (null: off)',
        response: withErrors({ 200: StagedCreditJson }),
      },
    },
    async (request) => ({ staged_credit: stagedCreditToJson(stagedCreditOf(contextOf(request).org)) }),
  );

  app.put(
    '/settings/credit',
    {
      schema: {
        tags: ['settings'],
        operationId: 'putStagedCreditSettings',
        summary: 'Turn staged credit on (all fields) or off (enabled: false)',
        body: StagedCreditBody,
        response: withErrors({ 200: StagedCreditJson }),
      },
    },
    async (request) => {
      const b = request.body;
      if (!b.enabled) return { staged_credit: stagedCreditToJson(await setStagedCredit(db, contextOf(request), null)) };
      const missing = (['probation_days', 'initial_limit', 'step', 'max_limit'] as const).filter((f) => b[f] === undefined);
      if (missing.length > 0) throw new ValidationError(missing.map((field) => ({ field, reason: 'is required to turn staged credit on' })));
      const saved = await setStagedCredit(db, contextOf(request), {
        ...(b.currency ? { currency: b.currency } : {}),
        probationDays: b.probation_days!,
        initialLimit: b.initial_limit!,
        step: b.step!,
        maxLimit: b.max_limit!,
      });
      return { staged_credit: stagedCreditToJson(saved) };
    },
  );

  app.get(
    '/forecast',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getCashForecast',
        summary: 'Cash forecast: expected receipts per week for the next 13 weeks per currency, with a low/high band (as regua forecast --json)',
        querystring: ForecastQuery,
        response: withErrors({ 200: ForecastJsonSchema }),
      },
    },
    async (request) => forecastToJson(await forecastReport(db, contextOf(request), request.query.as_of)),
  );

  app.get(
    '/forecast/backtest',
    {
      schema: {
        tags: ['reports'],
        operationId: 'getCashForecastBacktest',
        summary: 'The forecast replayed on 6 past dates against what was received, beside the naive forecast (as regua forecast backtest --json)',
        querystring: ForecastQuery,
        response: withErrors({ 200: BacktestJsonSchema }),
      },
    },
    async (request) => backtestToJson(await forecastBacktestReport(db, contextOf(request), request.query.as_of)),
  );
}
