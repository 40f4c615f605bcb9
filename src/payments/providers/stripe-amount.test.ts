import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { currencyExponent, parseAmount } from '../../domain/money.ts';
import { fromStripeAmount, stripeExponent, toStripeAmount } from './stripe-amount.ts';

const minor = (text: string, currency: string): number => {
  const parsed = parseAmount(text, currency);
  assert.ok(parsed.ok);
  return parsed.minor;
};

describe('Stripe amounts', () => {
  it("follow Stripe's currency guide: zero-decimal, three-decimal, and two-decimal for the rest", () => {
    // Each expected value is the decimal amount written in Stripe's documented unit.
    assert.equal(toStripeAmount(minor('500', 'JPY'), 'JPY'), 500);
    assert.equal(toStripeAmount(minor('10.00', 'USD'), 'USD'), 1000);
    assert.equal(toStripeAmount(minor('5.120', 'KWD'), 'KWD'), 5120);
    assert.equal(toStripeAmount(minor('5', 'ISK'), 'ISK'), 500);
    assert.equal(toStripeAmount(minor('1000', 'HUF'), 'HUF'), 100000);
    assert.equal(toStripeAmount(minor('123.45', 'BRL'), 'BRL'), 12345);
  });

  it('round-trip exactly for every currency Régua knows', () => {
    const currencies = Intl.supportedValuesOf('currency').filter((c) => currencyExponent(c) <= stripeExponent(c));
    fc.assert(
      fc.property(fc.constantFrom(...currencies), fc.integer({ min: 1, max: 1e12 }), (currency, amount) => {
        assert.equal(fromStripeAmount(toStripeAmount(amount, currency), currency), amount);
      }),
    );
  });

  it('rounds half away from zero when Stripe reports finer units than Régua keeps', () => {
    // 1000.50 HUF in Stripe's two decimals; Régua keeps whole forints.
    assert.equal(fromStripeAmount(100050, 'HUF'), 1001);
    assert.equal(fromStripeAmount(100049, 'HUF'), 1000);
  });

  it('refuses an amount finer than Stripe can write (LYD: three decimals in Régua, two at Stripe)', () => {
    assert.equal(toStripeAmount(minor('12.340', 'LYD'), 'LYD'), 1234);
    assert.throws(() => toStripeAmount(minor('12.345', 'LYD'), 'LYD'), RangeError);
  });
});
