import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, mixSeed } from './random.ts';

const draws = (seed: number, n = 20) => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('seeded random', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    assert.deepEqual(draws(42), draws(42));
    assert.notDeepEqual(draws(42), draws(43));
    assert.notDeepEqual(draws(0), draws(2 ** 40), 'seeds above 32 bits are not truncated to the same stream');
    assert.notDeepEqual(draws(2 ** 40), draws(2 ** 40 + 1));
  });

  it('derives separate streams from (seed, index, purpose)', () => {
    assert.notEqual(mixSeed(1, 2, 3), mixSeed(1, 3, 2));
    assert.notEqual(mixSeed(1, 2), mixSeed(2, 1));
    assert.equal(mixSeed(7, 8, 9), mixSeed(7, 8, 9));
  });

  it('draws integers in the closed range, reaching both ends', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const value = random.int(-2, 3);
      assert.ok(Number.isInteger(value) && value >= -2 && value <= 3, `${value}`);
      seen.add(value);
    }
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [-2, -1, 0, 1, 2, 3],
    );
    assert.throws(() => random.int(3, 2), RangeError);
  });

  it('picks by weight and never picks a zero weight', () => {
    const random = createRandom(5);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        random.weighted([
          ['a', 3],
          ['never', 0],
          ['b', 1],
        ] as const)
      ]++;
    assert.equal(counts.never, 0);
    // Expected 7 500 / 2 500; a 4-sigma band is about ±175.
    assert.ok(Math.abs(counts.a - 7_500) < 200, `a drawn ${counts.a} times`);
    assert.throws(() => random.weighted([['x', 0]]), RangeError);
  });

  it('keeps chance(0) false and chance(1) true', () => {
    const random = createRandom(9);
    for (let i = 0; i < 1_000; i++) {
      assert.equal(random.chance(0), false);
      assert.equal(random.chance(1), true);
    }
  });

  it('centres log-normal values on the median', () => {
    const random = createRandom(11);
    const values = Array.from({ length: 4_001 }, () => random.logNormal(1_000, 0.7)).sort((a, b) => a - b);
    const median = values[2_000]!;
    assert.ok(median > 930 && median < 1_070, `median ${median}`);
    assert.ok(values.every((v) => v > 0));
  });

  it('draws strings from the alphabet only', () => {
    const text = createRandom(3).string(500, 'AB7');
    assert.equal(text.length, 500);
    assert.match(text, /^[AB7]+$/);
  });
});
