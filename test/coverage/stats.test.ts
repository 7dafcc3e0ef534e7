import { describe, expect, it } from 'vitest';
import { weightedQuantile } from '../../src/coverage/stats.js';
import { lcg } from '../support/rng.js';

/** the definition: indices sorted by (value, index) with Array.sort, weights summed in that order */
function reference(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  if (total <= 0) return NaN;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i];
    if (acc >= q * total - 1e-9) return values[i];
  }
  return values[idx[idx.length - 1]];
}

describe('weightedQuantile', () => {
  it('equals the Array.sort definition on random inputs with ties, Infinity and float weights', () => {
    const rnd = lcg(7);
    for (let t = 0; t < 3000; t++) {
      const n = Math.floor(rnd() * (t < 2000 ? 40 : 2000));
      const ties = rnd() < 0.5;
      const values = Float64Array.from({ length: n }, () =>
        rnd() < 0.1 ? Infinity : ties ? Math.floor(rnd() * 8) * 50 : rnd() * 3000,
      );
      const weights = Float64Array.from({ length: n }, () => (rnd() < 0.5 ? 1 + Math.floor(rnd() * 4) : rnd() * 3));
      for (const q of [0, 0.25, 0.5, 0.9, 1])
        expect(Object.is(weightedQuantile(values, weights, q), reference(values, weights, q))).toBe(true);
    }
  });

  it('sorted, reversed and constant inputs (the quicksort worst cases)', () => {
    const n = 5000;
    const up = Float64Array.from({ length: n }, (_, i) => i);
    const down = Float64Array.from({ length: n }, (_, i) => n - i);
    const flat = new Float64Array(n).fill(3);
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    for (const v of [up, down, flat]) expect(weightedQuantile(v, w, 0.5)).toBe(reference(v, w, 0.5));
  });

  it('no weight: NaN', () => {
    expect(weightedQuantile([1, 2], [0, 0], 0.5)).toBeNaN();
  });
});
