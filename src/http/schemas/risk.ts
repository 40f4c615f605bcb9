import { Type } from '@sinclair/typebox';
import { IsoDate, Nullable, StringEnum } from './common.ts';

const Evaluation = Type.Object({
  auc: Nullable(Type.Number({ description: 'area under the ROC curve on the held-out invoices (0.5 a coin, 1 perfect); null without both outcomes' })),
  brier: Nullable(Type.Number({ description: 'mean squared error of the probability (0 perfect, 0.25 a coin)' })),
  calibration: Type.Array(
    Type.Object({
      decile: Type.Integer({ minimum: 1, maximum: 10 }),
      count: Type.Integer(),
      mean_predicted: Type.Number(),
      observed_rate: Type.Number({ description: 'share of these invoices paid more than 30 days late (or not at all)' }),
    }),
  ),
});

/** The shape of `regua risk report --json` and GET /api/v1/risk/model. */
export const RiskModelJsonSchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  kind: StringEnum(['logistic', 'rules'], { description: "'rules': too little history, the documented rule-based score is used" }),
  trained_at: Type.String({ format: 'date-time' }),
  trained_on: IsoDate(),
  cutoff: IsoDate({ description: 'trained on invoices due before this date, tested on those due from it' }),
  train_count: Type.Integer(),
  test_count: Type.Integer(),
  rules_because: Nullable(Type.String()),
  model: Nullable(Evaluation),
  rules: Evaluation,
});
