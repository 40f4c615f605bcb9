import type { Db } from '../../db/database.ts';
import type { CalibrationRow } from '../../domain/insight/risk/backtest.ts';
import type { Evaluation } from '../../domain/insight/risk/risk-model.ts';
import { latestRiskModel } from '../../stores/risk.ts';
import { NotFoundError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import type { StoredRiskMetrics } from './refresh-insight.ts';

const round = (value: number | null, decimals = 4) => (value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals);

function evaluationJson(e: Evaluation) {
  return {
    auc: round(e.auc),
    brier: round(e.brier),
    calibration: e.calibration.map((row: CalibrationRow) => ({
      decile: row.decile,
      count: row.count,
      mean_predicted: round(row.meanPredicted) ?? 0,
      observed_rate: round(row.observedRate) ?? 0,
    })),
  };
}

/** The newest risk model and its backtest on the held-out period, beside the rule-based score's (`regua risk report --json`, GET /api/v1/risk/model). */
export async function riskModelReport(db: Db, ctx: OrgContext) {
  const model = await latestRiskModel(db, ctx.org.id);
  if (!model) throw new NotFoundError('risk model', '(none trained yet: the daily run trains one, or run regua risk train)');
  const metrics = model.metrics as StoredRiskMetrics;
  return {
    version: model.version,
    kind: model.kind,
    trained_at: model.trained_at.toISOString(),
    trained_on: model.trained_on,
    cutoff: model.cutoff,
    train_count: metrics.train_count,
    test_count: metrics.test_count,
    rules_because: metrics.rules_because,
    model: metrics.model === null ? null : evaluationJson(metrics.model),
    rules: evaluationJson(metrics.rules),
  };
}

export type RiskModelJson = Awaited<ReturnType<typeof riskModelReport>>;
