import type { IsoDate } from '../../dates.ts';
import { auc, brier, calibrationByDecile, type CalibrationRow, type Scored } from './backtest.ts';
import { featuresOf, ruleBasedProbability, type Example } from './features.ts';
import { predict, trainLogistic, type LogisticModel } from './logistic.ts';

/** Below this many examples (or without both outcomes) on either side of the cut-off, the rule-based score is used. */
const minimumExamples = 200;

export interface Evaluation {
  readonly auc: number | null;
  readonly brier: number | null;
  readonly calibration: CalibrationRow[];
}

export interface RiskBacktest {
  readonly cutoff: IsoDate;
  readonly trainCount: number;
  readonly testCount: number;
  /** null when there was too little history: the rule-based score stands. */
  readonly model: LogisticModel | null;
  readonly modelEvaluation: Evaluation | null;
  readonly ruleEvaluation: Evaluation;
}

/**
 * Time split: train on the invoices due before `cutoff`, test the model and the rule-based
 * score on those due on or after it.
 */
export function backtestRisk(examples: readonly Example[], cutoff: IsoDate): RiskBacktest {
  const train = examples.filter((e) => e.dueDate < cutoff);
  const test = examples.filter((e) => e.dueDate >= cutoff);
  const ruleEvaluation = evaluate(test.map((e) => ({ probability: ruleBasedProbability(e.behaviour), outcome: e.outcome })));
  const bothOutcomes = (set: readonly Example[]) => set.some((e) => e.outcome === 1) && set.some((e) => e.outcome === 0);
  if (train.length < minimumExamples || !bothOutcomes(train)) {
    return { cutoff, trainCount: train.length, testCount: test.length, model: null, modelEvaluation: null, ruleEvaluation };
  }
  const model = trainLogistic(
    train.map((e) => featuresOf(e.behaviour)),
    train.map((e) => e.outcome),
  );
  const modelEvaluation = evaluate(test.map((e) => ({ probability: predict(model, featuresOf(e.behaviour)), outcome: e.outcome })));
  return { cutoff, trainCount: train.length, testCount: test.length, model, modelEvaluation, ruleEvaluation };
}

function evaluate(scored: readonly Scored[]): Evaluation {
  return { auc: auc(scored), brier: brier(scored), calibration: calibrationByDecile(scored) };
}
