/**
 * A small seeded pseudo-random generator (mulberry32) for demo and benchmark data: the same
 * seed always gives the same sequence, on every platform. Not for anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times as often. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  chance(probability: number): boolean;
  /** Standard normal (mean 0, deviation 1), by Box-Muller. */
  normal(): number;
  /** `median · e^(sigma · N(0,1))`: most values near the median, a long tail above it. */
  logNormal(median: number, sigma: number): number;
  /** Days to an event with this mean, memoryless (exponential), as a whole number ≥ 0. */
  exponentialDays(mean: number): number;
  /** Digits or characters drawn uniformly from an alphabet. */
  string(length: number, alphabet: string): string;
}

/** Mixes up to a few 32-bit inputs into one seed (murmur3 finaliser), so derived streams do not overlap. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (!Number.isSafeInteger(part)) throw new RangeError(`seed part ${part} is not an integer`);
    // Fold values above 32 bits in, so seeds like 2^40 and 2^40 + 1 still differ.
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h = Math.imul(h ^ Math.floor(part / 0x1_0000_0000), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function createRandom(seed: number): Random {
  let state = mixSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) throw new RangeError(`bad range [${min}, ${max}]`);
    return min + Math.floor(next() * (max - min + 1));
  };
  const normal = (): number => {
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      if (!(total > 0)) throw new RangeError('weights must add up to more than zero');
      let target = next() * total;
      for (const [value, weight] of entries) {
        target -= weight;
        if (target < 0) return value;
      }
      // Floating-point leftovers: the last entry with a weight.
      return [...entries].reverse().find(([, weight]) => weight > 0)![0];
    },
    chance: (probability) => next() < probability,
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    exponentialDays: (mean) => Math.floor(-Math.log(1 - next()) * mean),
    string(length, alphabet) {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet.charAt(int(0, alphabet.length - 1));
      return out;
    },
  };
}
