/**
 * The maximal covering solver: hand cases against exhaustive enumeration, random small instances
 * (greedy <= optimum <= bound), and generated instances of up to 300 candidates against an exact
 * optimum from Debian's CBC reading an LP file written here (skipped with a notice without cbc).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoverInstance, exhaustiveMaxCover, maxCover, minSitesLowerBound } from '../../src/siting/mclp.js';
import { lagrangianBound } from '../../src/siting/lagrangian.js';
import { hasTool, tmp } from '../support/env.js';

function instance(weights: number[], sets: number[][]): CoverInstance {
  const off = new Uint32Array(sets.length + 1);
  sets.forEach((s, i) => {
    off[i + 1] = off[i] + s.length;
  });
  return { weight: Float64Array.from(weights), off, idx: Uint32Array.from(sets.flat()) };
}

describe('hand cases: greedy + swap = the exhaustive optimum', () => {
  it('a case where plain greedy is fooled and the swap pass repairs it', () => {
    // points p0..p4; site 0 covers the two middle points and a small extra (5.5), sites 1 and 2
    // the two pairs (4 each). Greedy takes 0 then one pair: 7.5; the optimum is {1, 2}: 8.
    const inst = instance(
      [2, 2, 2, 2, 1.5],
      [
        [1, 2, 4],
        [0, 1],
        [2, 3],
      ],
    );
    const noSwap = maxCover(inst, 2, { swap: false });
    expect(noSwap.chosen).toEqual([0, 1]);
    expect(noSwap.value).toBe(7.5);
    const a = maxCover(inst, 2);
    const opt = exhaustiveMaxCover(inst, 2);
    expect(opt.value).toBe(8);
    expect([...a.chosen].sort()).toEqual([...opt.chosen].sort());
    expect(a.value).toBe(8);
    expect(a.swaps).toBe(1);
    expect(a.bound).toBeGreaterThanOrEqual(opt.value);
  });

  it('five candidates on a street, k = 1, 2, 3', () => {
    // a street of 10 households weighted unevenly; each candidate covers a window of 3
    const w = [5, 1, 1, 8, 2, 2, 9, 1, 1, 4];
    const sets = [
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
      [6, 7, 8],
      [7, 8, 9],
    ];
    const inst = instance(w, sets);
    for (const k of [1, 2, 3]) {
      const a = maxCover(inst, k);
      const opt = exhaustiveMaxCover(inst, k);
      expect(a.value).toBe(opt.value);
      expect([...a.chosen].sort()).toEqual([...opt.chosen].sort());
      expect(a.gains.reduce((s, g) => s + g, 0)).toBe(a.value);
      expect(a.bound).toBeGreaterThanOrEqual(opt.value);
    }
  });

  it('a site that covers nothing new is never chosen, and the run stops early', () => {
    const inst = instance([3, 4], [[0], [0], [1], []]);
    const a = maxCover(inst, 4);
    expect([...a.chosen].sort()).toEqual([0, 2]);
    expect(a.value).toBe(7);
    expect(a.bound).toBe(7);
  });

  it('fewest sites to reach a target, and its lower bound', () => {
    const inst = instance([1, 1, 1, 1, 1, 1], [[0, 1, 2], [3, 4], [5], [0, 3]]);
    const a = maxCover(inst, 10, { target: 5 });
    expect(a.chosen).toEqual([0, 1]);
    expect(a.value).toBe(5);
    expect(minSitesLowerBound(inst, 5)).toBe(2);
    expect(minSitesLowerBound(inst, 7)).toBe(Infinity);
  });
});

const instArb = fc
  .record({
    points: fc.integer({ min: 1, max: 14 }),
    cands: fc.integer({ min: 1, max: 9 }),
    k: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ points, cands, k }) =>
    fc.record({
      k: fc.constant(k),
      weights: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: points, maxLength: points }),
      sets: fc.array(fc.uniqueArray(fc.nat(points - 1), { maxLength: points }), {
        minLength: cands,
        maxLength: cands,
      }),
    }),
  );

describe('random small instances against enumeration', () => {
  it('greedy <= optimum <= bound; greedy+swap >= 1 - 1/e of the optimum', () => {
    let equal = 0;
    let runs = 0;
    fc.assert(
      fc.property(instArb, ({ k, weights, sets }) => {
        const inst = instance(weights, sets);
        const a = maxCover(inst, k);
        const opt = exhaustiveMaxCover(inst, k);
        runs++;
        if (a.value === opt.value) equal++;
        expect(a.value).toBeLessThanOrEqual(opt.value + 1e-9);
        expect(a.bound).toBeGreaterThanOrEqual(opt.value - 1e-9);
        // the bound from the greedy start, as where the work budget leaves few steps: never below either
        for (const steps of [8, 20])
          expect(
            lagrangianBound(inst, Math.max(k, 1), a.value, steps, undefined, undefined, a.chosen),
          ).toBeGreaterThanOrEqual(opt.value - 1e-9);
        expect(a.value).toBeGreaterThanOrEqual((1 - 1 / Math.E) * opt.value - 1e-9);
        expect(a.chosen.length).toBeLessThanOrEqual(k);
        expect(new Set(a.chosen).size).toBe(a.chosen.length);
      }),
      { numRuns: 400, seed: 12 },
    );
    // (not an assertion of optimality: a record of how often the heuristic is exact)
    expect(equal / runs).toBeGreaterThan(0.8);
  });
});

/** mulberry32 (as scripts/prng.mjs): seeded, so the instances are the same every run */
function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** a clustered demand field and random candidates in a square, Euclidean coverage radius */
function generated(seed: number, cands: number, points: number, r: number): CoverInstance {
  const rand = mulberry32(seed);
  const centres = Array.from({ length: 8 }, () => [rand() * 3000, rand() * 3000]);
  const px: number[] = [];
  const py: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < points; i++) {
    const c = centres[Math.floor(rand() * centres.length)];
    px.push(c[0] + (rand() - 0.5) * 900);
    py.push(c[1] + (rand() - 0.5) * 900);
    w.push(1 + Math.floor(rand() * 60));
  }
  const sets: number[][] = [];
  for (let c = 0; c < cands; c++) {
    const x = rand() * 3000;
    const y = rand() * 3000;
    const s: number[] = [];
    for (let i = 0; i < points; i++) if ((px[i] - x) ** 2 + (py[i] - y) ** 2 <= r * r) s.push(i);
    sets.push(s);
  }
  return instance(w, sets);
}

function lpFile(inst: CoverInstance, k: number): string {
  const n = inst.off.length - 1;
  const covering: number[][] = Array.from({ length: inst.weight.length }, () => []);
  for (let c = 0; c < n; c++) for (let a = inst.off[c]; a < inst.off[c + 1]; a++) covering[inst.idx[a]].push(c);
  const lines = ['Maximize', ` obj: ${Array.from(inst.weight, (w, i) => `${w} y${i}`).join(' + ')}`, 'Subject To'];
  covering.forEach((cs, i) => {
    lines.push(` d${i}: y${i}${cs.map((c) => ` - x${c}`).join('')} <= 0`);
  });
  lines.push(` k: ${Array.from({ length: n }, (_, c) => `x${c}`).join(' + ')} <= ${k}`);
  lines.push('Bounds');
  for (let i = 0; i < inst.weight.length; i++) lines.push(` 0 <= y${i} <= 1`);
  lines.push('Binary', ` ${Array.from({ length: n }, (_, c) => `x${c}`).join(' ')}`, 'End', '');
  return lines.join('\n');
}

const HAS_CBC = hasTool('cbc', ['-quit']);
if (!HAS_CBC) process.stdout.write('notice: cbc (coinor-cbc) is absent: the exact-optimum comparison is skipped\n');

describe.skipIf(!HAS_CBC)('generated instances against CBC (exact optimum)', () => {
  it('greedy + swap reaches at least 95 % of the optimum, and the bound is never below it', () => {
    const dir = tmp('lc-cbc-');
    const ratios: number[] = [];
    const cases = [
      { cands: 50, points: 600, r: 300, k: 3 },
      { cands: 100, points: 1000, r: 300, k: 5 },
      { cands: 150, points: 1200, r: 350, k: 6 },
      { cands: 200, points: 1500, r: 300, k: 8 },
      { cands: 300, points: 2000, r: 250, k: 10 },
    ];
    const rows: string[] = [];
    cases.forEach((cs, i) => {
      for (const seed of [1, 2]) {
        const inst = generated(1000 * i + seed, cs.cands, cs.points, cs.r);
        const a = maxCover(inst, cs.k);
        const lp = join(dir, `m${i}-${seed}.lp`);
        const sol = join(dir, `m${i}-${seed}.sol`);
        writeFileSync(lp, lpFile(inst, cs.k));
        const r = spawnSync('cbc', [lp, 'solve', 'solu', sol], { encoding: 'utf8', timeout: 60_000 });
        expect(r.status).toBe(0);
        const head = readFileSync(sol, 'utf8').split('\n')[0];
        expect(head).toMatch(/^Optimal/);
        const opt = Number(/objective value\s+([-\d.e+]+)/.exec(head)?.[1]);
        expect(Number.isFinite(opt)).toBe(true);
        expect(a.value).toBeLessThanOrEqual(opt + 1e-6);
        expect(a.bound).toBeGreaterThanOrEqual(opt - 1e-6);
        ratios.push(a.value / opt);
        rows.push(
          `${cs.cands}x${cs.points} k=${cs.k}: ${((100 * a.value) / opt).toFixed(2)} % of the optimum; guaranteed ${((100 * a.value) / a.bound).toFixed(1)} % (greedy bound ${((100 * a.value) / a.greedyBound).toFixed(1)} %)`,
        );
      }
    });
    ratios.sort((x, y) => x - y);
    process.stdout.write(
      `siting vs CBC: greedy/optimum min ${(100 * ratios[0]).toFixed(2)} %, median ${(100 * ratios[ratios.length >> 1]).toFixed(2)} %, ` +
        `exact in ${ratios.filter((x) => x > 1 - 1e-9).length}/${ratios.length}\n  ${rows.join('\n  ')}\n`,
    );
    expect(ratios[0]).toBeGreaterThan(0.95);
  });
});
