import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { courtLanguage, ecbMainRefinancingRates, escalationStepsFor, jurisdictionFor, mergeRates, rateInForce, statutoryEcbRateBps } from './jurisdiction.ts';

describe('jurisdictionFor', () => {
  it('caps a Brazilian consumer fine at 2 % and interest at 1 % a month', () => {
    const br = jurisdictionFor('BR');
    assert.equal(br.country, 'BR');
    assert.equal(br.consumerLateFeeMaxBps, 200);
    assert.equal(br.businessLateFeeMaxBps, undefined);
    assert.equal(br.monthlyInterestMaxBps, 100);
    assert.equal(br.statutoryB2B, undefined);
    assert.match(br.notes, /CDC art\. 52 §1/);
  });

  it('gives Spain ECB + 8 points and EUR 40, with the ECB rate as a parameter', () => {
    assert.deepEqual(jurisdictionFor('ES', { ecbRateBps: 450 }).statutoryB2B, { referenceRateBps: 450, addedBps: 800, fixedCompensationMinor: 4000 });
    assert.equal(jurisdictionFor('es').statutoryB2B?.referenceRateBps, ecbMainRefinancingRates.at(-1)!.rateBps);
    assert.equal(jurisdictionFor('ES').consumerLateFeeMaxBps, undefined);
    assert.throws(() => jurisdictionFor('ES', { ecbRateBps: 2.15 }), /whole number of basis points/);
  });

  it('sets no caps in the US, Mexico or an unknown country', () => {
    for (const country of ['US', 'MX', 'ar']) {
      const rules = jurisdictionFor(country);
      assert.equal(rules.country, country.toUpperCase());
      assert.deepEqual(
        [rules.consumerLateFeeMaxBps, rules.businessLateFeeMaxBps, rules.monthlyInterestMaxBps, rules.statutoryB2B],
        [undefined, undefined, undefined, undefined],
        country,
      );
      assert.ok(rules.notes.length > 0);
    }
  });
});

describe('the ECB reference rate table', () => {
  it('gives the rate in force on a date, and the Ley 3/2004 rate of the half-year before its first day', () => {
    assert.equal(rateInForce(ecbMainRefinancingRates, '2016-03-15'), undefined);
    assert.equal(rateInForce(ecbMainRefinancingRates, '2023-09-20'), 450);
    assert.equal(rateInForce(ecbMainRefinancingRates, '2024-06-11'), 450);
    // BOE: 12.00 % for H2 2023, 12.50 % for H1 2024, 12.25 % for H2 2024, 11.15 % for H1 2025, 10.15 % for H2 2025.
    const statutory = ['2023-07-01', '2024-01-01', '2024-12-31', '2025-01-02', '2025-12-31'].map((d) => statutoryEcbRateBps(ecbMainRefinancingRates, d)! + 800);
    assert.deepEqual(statutory, [1200, 1250, 1225, 1115, 1015]);
  });

  it("lets an organisation's rows replace or extend the shipped ones", () => {
    const merged = mergeRates(ecbMainRefinancingRates, [
      { effectiveFrom: '2025-06-11', rateBps: 200 },
      { effectiveFrom: '2026-03-01', rateBps: 250 },
    ]);
    assert.equal(rateInForce(merged, '2025-12-31'), 200);
    assert.equal(rateInForce(merged, '2026-03-01'), 250);
    assert.equal(merged.length, ecbMainRefinancingRates.length + 1);
  });
});

describe('escalation steps per debtor country', () => {
  it('runs the bureau flow and the court only for Brazil by default, an agency anywhere; configured lists win', () => {
    assert.deepEqual(escalationStepsFor('BR', {}), ['bureau_listing', 'agency', 'court']);
    assert.deepEqual(escalationStepsFor('mx', {}), ['agency']);
    assert.deepEqual(escalationStepsFor('MX', { MX: ['court', 'agency'] }), ['agency', 'court']);
    assert.deepEqual(escalationStepsFor('BR', { BR: [] }), []);
  });

  it('writes for the court in its language', () => {
    assert.deepEqual(['BR', 'ES', 'MX', 'US', 'DE'].map(courtLanguage), ['pt-BR', 'es', 'es', 'en', 'en']);
  });
});
