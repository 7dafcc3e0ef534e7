import { describe, expect, it } from 'vitest';
import { Edt } from '../../src/isochrone/edt.js';
import { lcg } from '../support/rng.js';

const INF = 1e20;

/** the oracle: every window cell's squared distance to the nearest site in the window, by enumeration */
function bruteForce(values: Float32Array, budget: number, w: number, x0: number, y0: number, x1: number, y1: number) {
  const sites: [number, number][] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (values[x + y * w] <= budget) sites.push([x, y]);
  const d2 = new Map<number, number>();
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      let best = Number.POSITIVE_INFINITY;
      for (const [sx, sy] of sites) best = Math.min(best, (x - sx) ** 2 + (y - sy) ** 2);
      d2.set(x + y * w, best);
    }
  return d2;
}

/**
 * A grid of walking distances like the isochrones' (streets as lines of reached samples, some
 * scattered points), or with sites at random (`dense` of the cells).
 */
function grid(rnd: () => number, w: number, h: number, dense: number): Float32Array {
  const v = new Float32Array(w * h).fill(Number.POSITIVE_INFINITY);
  if (dense > 0) {
    for (let i = 0; i < w * h; i++) if (rnd() < dense) v[i] = rnd() * 1000;
    return v;
  }
  for (let s = 0; s < 4; s++) {
    let x = rnd() * w;
    let y = rnd() * h;
    const a = rnd() * 2 * Math.PI;
    for (let t = 0; t < 2 * (w + h); t++, x += Math.cos(a) * 0.5, y += Math.sin(a) * 0.5) {
      const gx = Math.round(x);
      const gy = Math.round(y);
      if (gx >= 0 && gy >= 0 && gx < w && gy < h) v[gx + gy * w] = Math.min(v[gx + gy * w], t * 5);
    }
  }
  return v;
}

describe('Edt: exact squared distances below the cap, against enumeration', () => {
  // the isochrones' caps (corridor / resolution + 2: 50 m at 10 m, 50 m at 15 m), one past the
  // bounded search's limit (the envelope of parabolas) and none
  for (const cap of [7, 50 / 15 + 2, 20, Number.POSITIVE_INFINITY])
    it(`cap ${cap.toFixed(2)}: 60 seeded grids and windows`, () => {
      const rnd = lcg(Math.round(cap * 1000) % 100000);
      const edt = new Edt();
      for (let n = 0; n < 60; n++) {
        const w = 8 + Math.floor(rnd() * 60);
        const h = 8 + Math.floor(rnd() * 60);
        const values = grid(rnd, w, h, n % 3 === 0 ? rnd() * 0.05 : 0);
        const budget = n % 5 === 0 ? -1 : 200 + rnd() * 800; // some windows without a site
        const x0 = Math.floor(rnd() * 4);
        const y0 = Math.floor(rnd() * 4);
        const x1 = w - Math.floor(rnd() * 4);
        const y1 = h - Math.floor(rnd() * 4);
        const out = new Float64Array(w * h).fill(-7);
        edt.transform(values, budget, w, x0, y0, x1, y1, out, cap);
        const want = bruteForce(values, budget, w, x0, y0, x1, y1);
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const k = x + y * w;
            const got = out[k];
            const exp = want.get(k);
            if (exp === undefined) expect(got, `outside the window at ${x},${y}`).toBe(-7);
            else if (exp < cap * cap) expect(got, `grid ${n} at ${x},${y}`).toBe(exp);
            else expect(got >= cap * cap || got === INF, `grid ${n} at ${x},${y}: ${got}`).toBe(true);
          }
      }
    });
});
