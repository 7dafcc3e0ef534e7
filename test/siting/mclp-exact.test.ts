/**
 * The solver's shortcuts change no answer: on random instances (many equal weights, so many
 * ties) maxCover gives exactly the answer, gains, swaps and bounds of the straightforward solver
 * it replaced (test/support/mclp-reference.ts), and lagrangianBound the same value to the bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedyStart, lagrangianBound } from '../../src/siting/lagrangian.js';
import { type CoverInstance, maxCover, transposeLists } from '../../src/siting/mclp.js';
import * as ref from '../support/mclp-reference.js';

const instanceArb = fc
  .record({ points: fc.integer({ min: 1, max: 60 }), sites: fc.integer({ min: 1, max: 40 }) })
  .chain(({ points, sites }) =>
    fc.record({
      weight: fc.array(fc.oneof(fc.constantFrom(0, 1, 2, 0.5, 1 / 3), fc.double({ min: 0.01, max: 50, noNaN: true })), {
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
        // (a lower value above the bound, e.g. 1e3 here: negative steps, every multiplier moves)
        for (const lower of [0, 1, 10, 1e3])
          expect(lagrangianBound(inst, k, lower, 40)).toBe(ref.lagrangianBound(inst, k, lower, 40));
        // from the greedy start (few steps left by the work budget): the same steps, the same value
        const chosen = maxCover(inst, k).chosen;
        const u0 = greedyStart(inst, Math.max(k, 1), chosen);
        for (let d = 0; d < weight.length; d++) expect(u0[d] >= 0 && u0[d] <= inst.weight[d]).toBe(true);
        expect(lagrangianBound(inst, k, 1, 20, undefined, undefined, chosen)).toBe(
          ref.lagrangianBound(inst, k, 1, 20, undefined, chosen),
        );
        // the lists by point given (instance.ts), each point's candidates in any order, with entries
        // of candidates outside the instance (local -1) among them: the same answer
        const t = transposeLists(inst);
        const n = inst.off.length - 1;
        const cand: number[] = [];
        const start = new Uint32Array(weight.length);
        const end = new Uint32Array(weight.length);
        for (let d = 0; d < weight.length; d++) {
          start[d] = cand.length;
          cand.push(n + (d % 3));
          for (let a = t.end[d]; a-- > t.start[d]; ) cand.push(t.cand[a], n + (a % 2));
          end[d] = cand.length;
        }
        const local = Int32Array.from({ length: n + 3 }, (_, c) => (c < n ? c : -1));
        const byPoint = { start, end, cand: Uint32Array.from(cand), local };
        expect(maxCover({ ...inst, byPoint }, k)).toEqual(ref.maxCover(inst, k));
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('on larger instances, where most candidates are far from the top k (the bound skips their sums)', () => {
    // (points reach their multipliers' caps and leave them again: the bound's shortcut for capped points)
    let seed = 99;
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let t = 0; t < 6; t++) {
      const points = 400;
      // points on a line, candidates covering a window around them: overlapping, uneven lists
      const weight = Array.from({ length: points }, () => (rnd() < 0.3 ? 1 : Math.round(rnd() * 400) / 7));
      const sets = Array.from({ length: 250 }, () => {
        const c = Math.floor(rnd() * points);
        const r = 1 + Math.floor(rnd() * 25);
        const s: number[] = [];
        for (let d = Math.max(0, c - r); d <= Math.min(points - 1, c + r); d++) if (rnd() < 0.8) s.push(d);
        return s;
      });
      const inst = instance(weight, sets);
      for (const k of [1, 5, 12]) {
        expect(maxCover(inst, k)).toEqual(ref.maxCover(inst, k));
        expect(lagrangianBound(inst, k, 0)).toBe(ref.lagrangianBound(inst, k, 0));
        const lower = maxCover(inst, k).value;
        expect(lagrangianBound(inst, k, lower, 200)).toBe(ref.lagrangianBound(inst, k, lower, 200));
      }
    }
  });
});
