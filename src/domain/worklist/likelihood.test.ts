import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expectedRecoveryMinor, likelihoodPermille } from './likelihood.ts';

describe('worklist likelihood heuristic', () => {
  it('follows the documented table', () => {
    // 10 days overdue (800), no history (750): 800 × 750 / 1000 = 600.
    assert.equal(likelihoodPermille({ daysOverdue: 10, promisesKept: 0, promisesBroken: 0, kind: 'call' }), 600);
    // 45 days (600), 1 kept of 2 (500 + 250 = 750): 450; a dispute halves it: 225.
    assert.equal(likelihoodPermille({ daysOverdue: 45, promisesKept: 1, promisesBroken: 1, kind: 'call' }), 450);
    assert.equal(likelihoodPermille({ daysOverdue: 45, promisesKept: 1, promisesBroken: 1, kind: 'dispute_deadline' }), 225);
    // 120 days (200), every promise broken (500): 100.
    assert.equal(likelihoodPermille({ daysOverdue: 120, promisesKept: 0, promisesBroken: 3, kind: 'broken_promise' }), 100);
    assert.equal(expectedRecoveryMinor(100_001, 600), 60_001); // 60 000.6 rounds to 60 001
  });

  it('never rises with age and never falls with a kept promise', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 400 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (days, kept, broken) => {
        const base = { daysOverdue: days, promisesKept: kept, promisesBroken: broken, kind: 'call' };
        const value = likelihoodPermille(base);
        assert.ok(likelihoodPermille({ ...base, daysOverdue: days + 1 }) <= value);
        assert.ok(likelihoodPermille({ ...base, promisesKept: kept + 1 }) >= value);
        assert.ok(value > 0 && value <= 1000);
      }),
    );
  });

  it('a customer the risk model scores as a likely late payer is worth less than an unscored one, at most half', () => {
    const base = { daysOverdue: 10, promisesKept: 0, promisesBroken: 0, kind: 'call' }; // 800 × 750 = 600
    assert.equal(likelihoodPermille(base), 600);
    assert.equal(likelihoodPermille({ ...base, riskProbability: null }), 600);
    assert.equal(likelihoodPermille({ ...base, riskProbability: 0.05 }), 585); // × 975
    assert.equal(likelihoodPermille({ ...base, riskProbability: 0.8 }), 360); // × 600
    assert.equal(likelihoodPermille({ ...base, riskProbability: 1 }), 300); // × 500
  });
});
