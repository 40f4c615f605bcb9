import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocateProportionally, currencyExponent, displayAmount, divideRounded, formatAmount, parseAmount } from './money.ts';

describe('money', () => {
  it('knows the minor units of ISO 4217 currencies', () => {
    assert.equal(currencyExponent('BRL'), 2);
    assert.equal(currencyExponent('CLP'), 0);
    assert.equal(currencyExponent('KWD'), 3);
    assert.throws(() => currencyExponent('XXY'), /unknown currency XXY/);
  });

  it('parses decimal-point amounts exactly', () => {
    assert.deepEqual(parseAmount('1234.56', 'BRL'), { ok: true, minor: 123456 });
    assert.deepEqual(parseAmount('0.1', 'BRL'), { ok: true, minor: 10 });
    assert.deepEqual(parseAmount('19.99', 'USD'), { ok: true, minor: 1999 });
    assert.deepEqual(parseAmount('1500', 'CLP'), { ok: true, minor: 1500 });
    assert.deepEqual(parseAmount('-5.00', 'EUR'), { ok: true, minor: -500 });
  });

  it('parses pt-BR comma amounts', () => {
    assert.deepEqual(parseAmount('1.234,56', 'BRL', 'comma'), { ok: true, minor: 123456 });
    assert.deepEqual(parseAmount('1234,5', 'BRL', 'comma'), { ok: true, minor: 123450 });
    assert.equal(parseAmount('1,234.56', 'BRL', 'comma').ok, false);
  });

  it('names what is wrong with a bad amount', () => {
    assert.deepEqual(parseAmount('12.345', 'BRL'), { ok: false, reason: '"12.345" has more than 2 decimal places for BRL' });
    assert.deepEqual(parseAmount('1,5', 'BRL'), { ok: false, reason: '"1,5" is not a decimal amount like 1234.56' });
    assert.deepEqual(parseAmount('', 'BRL'), { ok: false, reason: 'amount is empty' });
    assert.equal(parseAmount('1e5', 'BRL').ok, false);
    assert.equal(parseAmount('99999999999999999', 'BRL').ok, false);
  });

  it('formats minor units as the contract decimal string', () => {
    assert.equal(formatAmount(123456, 'BRL'), '1234.56');
    assert.equal(formatAmount(5, 'BRL'), '0.05');
    assert.equal(formatAmount(-5, 'BRL'), '-0.05');
    assert.equal(formatAmount(1500, 'CLP'), '1500');
    assert.equal(formatAmount(1, 'KWD'), '0.001');
  });

  it('displays amounts in the reader locale', () => {
    assert.equal(displayAmount(123456, 'BRL', 'pt-BR'), 'R$\u00a01.234,56');
    assert.equal(displayAmount(123456, 'USD', 'en'), '$1,234.56');
  });

  it('round-trips parse and format for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom('BRL', 'CLP', 'KWD', 'EUR'), (minor, currency) => {
        assert.deepEqual(parseAmount(formatAmount(minor, currency), currency), { ok: true, minor });
      }),
    );
  });

  it('rounds integer division half away from zero', () => {
    assert.equal(divideRounded(5, 2), 3);
    assert.equal(divideRounded(-5, 2), -3);
    assert.equal(divideRounded(4, 3), 1);
    assert.equal(divideRounded(200, 3), 67);
  });

  it('splits an amount proportionally to the cent', () => {
    assert.deepEqual(allocateProportionally(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(allocateProportionally(1000, [50, 30, 20]), [500, 300, 200]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 20 }), (amount, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = allocateProportionally(amount, weights);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          amount,
        );
        parts.forEach((part, i) => assert.ok(part >= 0 && (weights[i] !== 0 || part === 0)));
      }),
    );
  });
});
