import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultPaymentTerms, validatePaymentTerms } from './payment-terms.ts';

function errorsOf(input: unknown): { path: string; message: string }[] {
  const result = validatePaymentTerms(input);
  assert.equal(result.ok, false, 'expected the input to be rejected');
  return result.ok ? [] : result.errors;
}

describe('validatePaymentTerms', () => {
  it('accepts a full policy and returns it as given', () => {
    const policy = {
      netDays: 28,
      graceDays: 3,
      earlyPaymentDiscount: { bps: 200, daysBeforeDue: 10 },
      lateFee: { kind: 'fixed', amountMinor: 1500, currency: 'BRL' },
      interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
      statutoryB2B: false,
    };
    assert.deepEqual(validatePaymentTerms(policy), { ok: true, value: policy });
  });

  it('round-trips every country default through JSON', () => {
    for (const country of ['BR', 'ES', 'US', 'MX', 'FR']) {
      const terms = defaultPaymentTerms(country);
      assert.deepEqual(validatePaymentTerms(JSON.parse(JSON.stringify(terms))), { ok: true, value: terms }, country);
    }
  });

  it('names every problem by its path', () => {
    const errors = errorsOf({
      netDays: -1,
      graceDays: 1.5,
      earlyPaymentDiscount: { bps: '2%' },
      lateFee: { kind: 'fixed', amountMinor: 100, currency: 'REAL' },
      interest: { monthlyBps: 100, basis: 'compound' },
      statutoryB2B: 'yes',
      lateFees: {},
    });
    assert.deepEqual(errors, [
      { path: 'lateFees', message: 'is not a payment-terms field' },
      { path: 'netDays', message: 'must be a whole number from 0 to 365' },
      { path: 'graceDays', message: 'must be a whole number from 0 to 365' },
      { path: 'earlyPaymentDiscount.bps', message: 'must be a whole number from 0 to 10000' },
      { path: 'earlyPaymentDiscount.daysBeforeDue', message: 'is required' },
      { path: 'lateFee.currency', message: 'must be an ISO 4217 currency code such as BRL' },
      { path: 'interest.basis', message: 'must be "simple_pro_rata_30"' },
      { path: 'statutoryB2B', message: 'must be true or false' },
    ]);
  });

  it('checks each kind of late fee for its own fields', () => {
    assert.deepEqual(errorsOf({ netDays: 30, graceDays: 0, lateFee: { kind: 'percent', bps: 20000 } }), [
      { path: 'lateFee.bps', message: 'must be a whole number from 0 to 10000' },
    ]);
    assert.deepEqual(errorsOf({ netDays: 30, graceDays: 0, lateFee: { kind: 'percent', bps: 200, currency: 'BRL' } }), [
      { path: 'lateFee.currency', message: 'is not a payment-terms field' },
    ]);
    assert.deepEqual(errorsOf({ netDays: 30, graceDays: 0, lateFee: { kind: 'fixed', currency: 'BRL' } }), [
      { path: 'lateFee.amountMinor', message: 'is required' },
    ]);
    assert.deepEqual(errorsOf({ netDays: 30, graceDays: 0, lateFee: { kind: 'daily' } }), [{ path: 'lateFee.kind', message: 'must be "percent" or "fixed"' }]);
    assert.deepEqual(errorsOf({ netDays: 30, graceDays: 0, lateFee: 2 }), [{ path: 'lateFee', message: 'must be an object' }]);
  });

  it('does not allow a discount for paying earlier than the term is long', () => {
    assert.deepEqual(errorsOf({ netDays: 10, graceDays: 0, earlyPaymentDiscount: { bps: 200, daysBeforeDue: 11 } }), [
      { path: 'earlyPaymentDiscount.daysBeforeDue', message: 'must be a whole number from 0 to 10' },
    ]);
  });

  it('rejects what is not an object and requires the terms and grace', () => {
    for (const input of [null, [], 'net 30', 30]) assert.deepEqual(errorsOf(input), [{ path: '', message: 'must be an object' }]);
    assert.deepEqual(errorsOf({}), [
      { path: 'netDays', message: 'is required' },
      { path: 'graceDays', message: 'is required' },
    ]);
  });

  const validTerms = fc.record(
    {
      netDays: fc.integer({ min: 20, max: 365 }),
      graceDays: fc.integer({ min: 0, max: 365 }),
      earlyPaymentDiscount: fc.record({ bps: fc.integer({ min: 0, max: 10_000 }), daysBeforeDue: fc.integer({ min: 0, max: 20 }) }),
      lateFee: fc.oneof(
        fc.record({ kind: fc.constant('percent'), bps: fc.integer({ min: 0, max: 10_000 }) }),
        fc.record({ kind: fc.constant('fixed'), amountMinor: fc.nat(), currency: fc.constantFrom('BRL', 'EUR', 'USD', 'MXN') }),
      ),
      interest: fc.record({ monthlyBps: fc.integer({ min: 0, max: 10_000 }), basis: fc.constant('simple_pro_rata_30') }),
      statutoryB2B: fc.boolean(),
    },
    { requiredKeys: ['netDays', 'graceDays'] },
  );
  // [path, bad value]: setting that one field to it must be reported at exactly that path.
  const corruptions: [string, unknown][] = [
    ['netDays', 366],
    ['netDays', '30'],
    ['graceDays', -1],
    ['graceDays', 2.5],
    ['earlyPaymentDiscount.bps', 10_001],
    ['earlyPaymentDiscount.daysBeforeDue', 21 + 365],
    ['interest.monthlyBps', -5],
    ['interest.basis', 'compound'],
    ['statutoryB2B', 1],
  ];

  const validSections: Record<string, Record<string, unknown>> = {
    earlyPaymentDiscount: { bps: 100, daysBeforeDue: 1 },
    interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
  };

  it('accepts valid terms as they are and reports a single bad field at its path', () => {
    fc.assert(
      fc.property(validTerms, fc.option(fc.constantFrom(...corruptions), { nil: undefined }), (terms, corruption) => {
        const input = JSON.parse(JSON.stringify(terms)) as Record<string, unknown>;
        if (!corruption) {
          assert.deepEqual(validatePaymentTerms(input), { ok: true, value: JSON.parse(JSON.stringify(terms)) });
          return;
        }
        const [path, bad] = corruption;
        const [head = '', field] = path.split('.');
        if (field === undefined) input[head] = bad;
        else input[head] = { ...(input[head] ?? validSections[head]), [field]: bad };
        assert.deepEqual(
          errorsOf(input).map((e) => e.path),
          [path],
        );
      }),
    );
  });
});

describe('defaultPaymentTerms', () => {
  it('starts Brazil on net 30, a 2 % fine and 1 % a month', () => {
    assert.deepEqual(defaultPaymentTerms('BR'), {
      netDays: 30,
      graceDays: 0,
      lateFee: { kind: 'percent', bps: 200 },
      interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
    });
    assert.deepEqual(defaultPaymentTerms(' br '), defaultPaymentTerms('BR'));
  });

  it('relies on the statutory rules in Spain and charges nothing in the US and Mexico', () => {
    assert.deepEqual(defaultPaymentTerms('ES'), { netDays: 30, graceDays: 0, statutoryB2B: true });
    assert.deepEqual(defaultPaymentTerms('US'), { netDays: 30, graceDays: 0 });
    assert.deepEqual(defaultPaymentTerms('MX'), { netDays: 30, graceDays: 0 });
    assert.deepEqual(defaultPaymentTerms('DE'), { netDays: 30, graceDays: 0 });
  });
});
