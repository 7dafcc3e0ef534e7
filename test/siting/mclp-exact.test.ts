/**
 * The solver's shortcuts change no answer: on random instances (many equal weights, so many
 * ties) maxCover gives exactly the answer, gains, swaps and bounds of the straightforward solver
 * it replaced (test/support/mclp-reference.ts), and lagrangianBound the same value to the bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoverInstance, lagrangianBound, maxCover } from '../../src/siting/mclp.js';
import * as ref from '../support/mclp-reference.js';

const instanceArb = fc
  .record({ points: fc.integer({ min: 1, max: 60 }), sites: fc.integer({ min: 1, max: 40 }) })
  .chain(({ points, sites }) =>
    fc.record({
      weight: fc.array(fc.oneof(fc.constantFrom(1, 2, 0.5, 1 / 3), fc.double({ min: 0.01, max: 50, noNaN: true })), {
        minLength: points,
        maxLength: points,
      }),
      sets: fc.array(fc.uniqueArray(fc.nat(points - 1), { maxLength: Math.min(points, 15) }), {
        minLength: sites,
        maxLength: sites,
      }),
      k: fc.integer({ min: 1, max: 8 }),
    }),
  );

function instance(weight: number[], sets: number[][]): CoverInstance {
  const off = new Uint32Array(sets.length + 1);
  sets.forEach((s, i) => {
    off[i + 1] = off[i] + s.length;
  });
  return {
    weight: Float64Array.from(weight),
    off,
    idx: Uint32Array.from(sets.flatMap((s) => [...s].sort((a, b) => a - b))),
  };
}

describe('maxCover and lagrangianBound = the straightforward solver, to the bit', () => {
  it('on random instances', () => {
    fc.assert(
      fc.property(instanceArb, ({ weight, sets, k }) => {
        const inst = instance(weight, sets);
        expect(maxCover(inst, k)).toEqual(ref.maxCover(inst, k));
        for (const lower of [0, 1, 10])
          expect(lagrangianBound(inst, k, lower, 40)).toBe(ref.lagrangianBound(inst, k, lower, 40));
      }),
      { numRuns: 400, seed: 12 },
    );
  });
});
