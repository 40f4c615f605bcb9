import type { Db, Tx } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates.ts';
import { paymentBehaviour, type BehaviourHistory } from '../../domain/insight/behaviour.ts';
import { examplesOf, type Example } from '../../domain/insight/risk/features.ts';
import type { LogisticModel } from '../../domain/insight/risk/logistic.ts';
import { backtestRisk, type Evaluation } from '../../domain/insight/risk/risk-model.ts';
import { scoreBehaviour } from '../../domain/insight/risk/score.ts';
import { tierOf } from '../../domain/insight/tiers.ts';
import {
  customerInsightStates,
  insertInsightChanges,
  insertRiskModel,
  latestRiskModel,
  lockInsight,
  updateCustomerInsight,
  type CustomerInsightUpdate,
  type InsightChange,
  type RiskModelRow,
} from '../../stores/risk.ts';
import { businessDateOf, type OrgContext } from '../org-context.ts';
import { enqueueWebhookEvents, type WebhookEvent } from '../webhooks/enqueue.ts';
import { loadHistory } from './customer-behaviour.ts';

/** Days before the run date where the held-out period starts (invoices due from then on are the test set). */
const heldOutDays = 120;
/** The daily run retrains when the newest model is this old (or there is none). */
const retrainAfterDays = 7;

/** What a stored model version's metrics hold (risk_models.metrics). */
export interface StoredRiskMetrics {
  train_count: number;
  test_count: number;
  /** Why the rule-based score stands, when it does. */
  rules_because: string | null;
  model: Evaluation | null;
  rules: Evaluation;
}

export interface InsightRefresh {
  /** The model version scores come from; `trained` when this refresh trained it. */
  modelVersion: number;
  kind: 'logistic' | 'rules';
  trained: boolean;
  customersScored: number;
  tierChanges: number;
  bandChanges: number;
}

/**
 * Trains the organisation's risk model when asked (`train: 'always'`, `regua risk train`) or
 * when due (`'when_due'`, the daily run: no model yet or one older than a week), then scores
 * every customer and recomputes its tier as of the business date. Changes of tier and risk band
 * are recorded with their reason and announced by webhooks ('customer.tier_changed',
 * 'customer.risk_band_changed'); a customer's first tier and band are recorded, not announced.
 */
export async function refreshInsight(db: Db, ctx: OrgContext, options: { train: 'always' | 'when_due'; asOf?: IsoDate }): Promise<InsightRefresh> {
  const asOf = options.asOf ?? businessDateOf(ctx);
  return inTransaction(db, async (trx) => {
    await lockInsight(trx, ctx.org.id);
    const histories = await loadHistory(trx, ctx.org.id, ctx.org.timezone, null);
    let model = await latestRiskModel(trx, ctx.org.id);
    let trained = false;
    if (options.train === 'always' || !model || daysBetween(model.trained_on, asOf) >= retrainAfterDays) {
      model = await train(trx, ctx, asOf, histories);
      trained = true;
    }
    const summary = await scoreAll(trx, ctx, asOf, model, histories);
    return { modelVersion: model.version, kind: model.kind, trained, ...summary };
  });
}

async function train(trx: Tx, ctx: OrgContext, asOf: IsoDate, histories: Map<string, BehaviourHistory>): Promise<RiskModelRow> {
  const examples: Example[] = [];
  for (const history of histories.values()) examples.push(...examplesOf(history, asOf));
  const cutoff = addDays(asOf, -heldOutDays);
  const backtest = backtestRisk(examples, cutoff);
  const metrics: StoredRiskMetrics = {
    train_count: backtest.trainCount,
    test_count: backtest.testCount,
    rules_because: backtest.model
      ? null
      : `too little history: ${backtest.trainCount} invoices with a known outcome due before ${cutoff} (at least 200, some paid late and some not)`,
    model: backtest.modelEvaluation,
    rules: backtest.ruleEvaluation,
  };
  const row = {
    kind: backtest.model ? ('logistic' as const) : ('rules' as const),
    trained_at: ctx.now,
    trained_on: asOf,
    cutoff,
    coefficients: backtest.model,
    metrics,
  };
  return { ...row, version: await insertRiskModel(trx, ctx.org.id, row) };
}

async function scoreAll(trx: Tx, ctx: OrgContext, asOf: IsoDate, model: RiskModelRow, histories: Map<string, BehaviourHistory>) {
  const coefficients = model.kind === 'logistic' ? (model.coefficients as LogisticModel) : null;
  const updates: CustomerInsightUpdate[] = [];
  const changes: InsightChange[] = [];
  const events: WebhookEvent[] = [];
  const empty: BehaviourHistory = { invoices: [], allocations: [], promises: [], disputesOpenedOn: [], plans: [] };
  for (const customer of await customerInsightStates(trx, ctx.org.id)) {
    const history = histories.get(customer.id) ?? empty;
    const score = scoreBehaviour(coefficients, paymentBehaviour(history, asOf));
    const tier = tierOf(history, asOf);
    const tierChanged = customer.tier !== tier.tier;
    updates.push({
      customerId: customer.id,
      riskProbability: Math.round(score.probability * 10_000) / 10_000,
      riskBand: score.band,
      riskReasons: score.reasons,
      riskModelVersion: model.version,
      tier: tier.tier,
      tierReason: tier.reason,
      tierSince: tierChanged ? asOf : (customer.tier_since ?? asOf),
    });
    const data = { customer_id: customer.id, external_id: customer.external_id, date: asOf };
    if (tierChanged) {
      changes.push({ customer_id: customer.id, kind: 'tier', changed_on: asOf, from_value: customer.tier, to_value: tier.tier, reason: tier.reason });
      if (customer.tier !== null)
        events.push({
          id: `customer.tier_changed:${customer.id}:${asOf}`,
          type: 'customer.tier_changed',
          data: { ...data, from: customer.tier, to: tier.tier, reason: tier.reason },
        });
    }
    if (customer.risk_band !== score.band) {
      const reason = score.reasons.en.join('; ') || 'no risk factor';
      changes.push({ customer_id: customer.id, kind: 'risk_band', changed_on: asOf, from_value: customer.risk_band, to_value: score.band, reason });
      if (customer.risk_band !== null)
        events.push({
          id: `customer.risk_band_changed:${customer.id}:${asOf}`,
          type: 'customer.risk_band_changed',
          data: { ...data, from: customer.risk_band, to: score.band, probability: updates.at(-1)!.riskProbability, model_version: model.version },
        });
    }
  }
  await updateCustomerInsight(trx, ctx.org.id, asOf, updates);
  await insertInsightChanges(trx, ctx.org.id, changes);
  await enqueueWebhookEvents(trx, ctx.org.id, events, ctx.now);
  return {
    customersScored: updates.length,
    tierChanges: changes.filter((c) => c.kind === 'tier').length,
    bandChanges: changes.filter((c) => c.kind === 'risk_band').length,
  };
}
