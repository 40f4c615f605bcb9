import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../../demo/random.ts';
import { addDays, type IsoDate } from '../../dates.ts';
import { paymentBehaviour, type BehaviourHistory } from '../behaviour.ts';
import { addMonths } from '../periods.ts';
import { auc, brier, calibrationByDecile } from './backtest.ts';
import { examplesOf, featuresOf } from './features.ts';
import { predict, trainLogistic } from './logistic.ts';
import { topReasons } from './reasons.ts';
import { backtestRisk } from './risk-model.ts';

/**
 * A generated portfolio where behaviour depends on the customer and its history: each customer
 * has a hidden punctuality; some drift worse month by month. 12 monthly invoices in 2025.
 */
function portfolio(customers: number, seed: number): BehaviourHistory[] {
  const random = createRandom(seed);
  return Array.from({ length: customers }, (_, c) => {
    const punctuality = random.next() ** 2; // most pay well, a tail pays badly
    const drift = random.chance(0.3) ? 4 : 0; // days worse per month
    const history = {
      invoices: [] as BehaviourHistory['invoices'][number][],
      allocations: [] as BehaviourHistory['allocations'][number][],
      promises: [],
      disputesOpenedOn: [],
      plans: [],
    };
    for (let month = 0; month < 12; month++) {
      const issue: IsoDate = addMonths('2025-01-05', month);
      const due = addDays(issue, 30);
      const id = `C${c}-${month}`;
      history.invoices.push({
        id,
        currency: 'BRL',
        issueDate: issue,
        dueDate: due,
        amountMinor: 10_000 + random.int(0, 90_000),
        voidedOn: null,
        writtenOffOn: null,
        instalment: false,
        coveredByPlan: [],
      });
      const daysLate = Math.round(punctuality * 55 + drift * month + random.normal() * 8);
      history.allocations.push({
        invoiceId: id,
        amountMinor: history.invoices.at(-1)!.amountMinor,
        allocatedOn: addDays(due, Math.max(-3, daysLate)),
        reversedOn: null,
      });
    }
    return history;
  });
}

describe('risk model', () => {
  it('AUC, Brier and calibration of known scores', () => {
    const scored = [
      { probability: 0.9, outcome: 1 as const },
      { probability: 0.8, outcome: 0 as const },
      { probability: 0.3, outcome: 1 as const },
      { probability: 0.1, outcome: 0 as const },
    ];
    // Pairs (positive, negative): (0.9, 0.8) (0.9, 0.1) (0.3, 0.1) right, (0.3, 0.8) wrong → 3/4.
    assert.equal(auc(scored), 0.75);
    assert.equal(
      auc([
        { probability: 0.5, outcome: 1 },
        { probability: 0.5, outcome: 0 },
      ]),
      0.5,
    );
    assert.equal(auc([{ probability: 0.5, outcome: 1 }]), null);
    assert.equal(brier(scored), (0.01 + 0.64 + 0.49 + 0.01) / 4);
    assert.deepEqual(
      calibrationByDecile(scored).map((r) => r.count),
      [1, 1, 1, 1],
    );
  });

  it('logistic regression is deterministic and learns a separable rule', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i, (i * 7) % 5]);
    const labels = rows.map((r) => (r[0]! >= 20 ? 1 : 0) as 0 | 1);
    const model = trainLogistic(rows, labels);
    assert.deepEqual(trainLogistic(rows, labels), model);
    assert.ok(predict(model, [35, 0]) > 0.9 && predict(model, [5, 0]) < 0.1);
  });

  it('on a generated portfolio the trained model beats the rule-based score on the held-out period', (t) => {
    const examples = portfolio(150, 42).flatMap((h) => examplesOf(h, '2026-03-01'));
    const result = backtestRisk(examples, '2025-09-01');
    assert.ok(result.model, 'enough history to train');
    assert.ok(result.trainCount >= 1000 && result.testCount >= 500, `${result.trainCount}/${result.testCount}`);
    const model = result.modelEvaluation!;
    const rule = result.ruleEvaluation;
    assert.ok(model.auc! > rule.auc!, `AUC model ${model.auc} vs rule ${rule.auc}`);
    assert.ok(model.brier! < rule.brier!, `Brier model ${model.brier} vs rule ${rule.brier}`);
    t.diagnostic(
      `held out ${result.testCount} invoices: model AUC ${model.auc!.toFixed(3)} Brier ${model.brier!.toFixed(3)}; rule AUC ${rule.auc!.toFixed(3)} Brier ${rule.brier!.toFixed(3)}`,
    );
    assert.equal(model.calibration.length, 10);
    assert.deepEqual(backtestRisk(examples, '2025-09-01'), result, 'the same history gives the same model');
  });

  it('too little history: no model, the rule-based score stands', () => {
    const examples = portfolio(3, 7).flatMap((h) => examplesOf(h, '2026-03-01'));
    const result = backtestRisk(examples, '2025-09-01');
    assert.equal(result.model, null);
    assert.equal(result.modelEvaluation, null);
    assert.equal(result.ruleEvaluation.calibration.length > 0, true);
  });
});

describe('risk reasons', () => {
  it('names what pushes a late payer up, in pt-BR, es and en', () => {
    const histories = portfolio(150, 42);
    const result = backtestRisk(
      histories.flatMap((h) => examplesOf(h, '2026-03-01')),
      '2025-09-01',
    );
    // The worst payer by share of invoices paid > 30 days late as of the end of 2025.
    const profiles = histories.map((h) => paymentBehaviour(h, '2025-12-31'));
    const worst = profiles.reduce((a, b) => (b.paidOver30DaysLate > a.paidOver30DaysLate ? b : a));
    const en = topReasons(result.model!, worst, 'en');
    assert.ok(en.length > 0 && en.length <= 3);
    assert.ok(
      en.some((r) => /> 30 days late|days late on average/.test(r)),
      en.join('; '),
    );
    assert.equal(topReasons(result.model!, worst, 'pt-BR').length, en.length);
    assert.ok(topReasons(result.model!, worst, 'es').every((r) => !/late|atraso /.test(r)));
    // A punctual payer has nothing pushing it up.
    const best = profiles.reduce((a, b) => ((b.averageDaysLate ?? 0) < (a.averageDaysLate ?? 0) ? b : a));
    assert.ok(predict(result.model!, featuresOf(best)) < 0.1);
  });
});
