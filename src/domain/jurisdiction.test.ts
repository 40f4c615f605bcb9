import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ECB_RATE_BPS, jurisdictionFor } from './jurisdiction.ts';

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
    assert.equal(jurisdictionFor('es').statutoryB2B?.referenceRateBps, DEFAULT_ECB_RATE_BPS);
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
