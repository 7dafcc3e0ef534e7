import { describe, expect, it } from 'vitest';
import { keptVertices, ringsToPolygons, SIMPLIFY_CELLS } from '../../src/isochrone/rings.js';

/** distance from p to the segment a–b */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** a seeded ring: a star polygon with straight runs of collinear points and small wiggles */
function ring(seed: number): Float64Array {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const corners = 3 + Math.floor(rnd() * 12);
  const pts: number[] = [];
  const cx = rnd() * 100;
  const cy = rnd() * 100;
  const c = Array.from({ length: corners }, (_, i) => {
    const a = (2 * Math.PI * i) / corners;
    const rad = 5 + rnd() * 40;
    return [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
  });
  for (let i = 0; i < corners; i++) {
    const [ax, ay] = c[i];
    const [bx, by] = c[(i + 1) % corners];
    const steps = 1 + Math.floor(rnd() * 20);
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      // every third run wiggles by up to twice the tolerance, the others are collinear to rounding
      const wiggle = i % 3 === 0 ? (rnd() - 0.5) * 4 * SIMPLIFY_CELLS : 0;
      pts.push(ax + t * (bx - ax) + wiggle, ay + t * (by - ay) - wiggle);
    }
  }
  return Float64Array.from(pts);
}

describe('contour rings: collinear vertices left out (rings.ts keptVertices)', () => {
  it('keeps only the corners of a square traced with a vertex on every cell', () => {
    const r: number[] = [];
    for (let x = 0; x < 10; x++) r.push(x, 0);
    for (let y = 0; y < 10; y++) r.push(10, y);
    for (let x = 10; x > 0; x--) r.push(x, 10);
    for (let y = 10; y > 0; y--) r.push(0, y);
    const keep = keptVertices(Float64Array.from(r), SIMPLIFY_CELLS);
    const kept = [...keep].flatMap((k, v) => (k ? [[r[2 * v], r[2 * v + 1]]] : []));
    expect(kept).toEqual([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]);
  });

  it('every left-out vertex lies within the tolerance of the chord that replaces it (400 seeded rings)', () => {
    let left = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const r = ring(seed);
      const n = r.length / 2;
      const keep = Uint8Array.from(keptVertices(r, SIMPLIFY_CELLS));
      expect(keep[0]).toBe(1);
      const kept = [...keep.keys()].filter((v) => keep[v]);
      expect(kept.length).toBeGreaterThanOrEqual(3);
      for (let j = 0; j < kept.length; j++) {
        const a = kept[j];
        const b = kept[(j + 1) % kept.length];
        for (let v = a + 1; v !== (b === 0 ? n : b); v++) {
          left++;
          const d = segDist(r[2 * v], r[2 * v + 1], r[2 * a], r[2 * a + 1], r[2 * b], r[2 * b + 1]);
          expect(d).toBeLessThanOrEqual(SIMPLIFY_CELLS * (1 + 1e-9));
        }
      }
    }
    expect(left).toBeGreaterThan(1000);
  });

  it('a vertex beyond the tolerance stays (a spike back along the chord too)', () => {
    const r = Float64Array.from([0, 0, 5, 2 * SIMPLIFY_CELLS, 10, 0, 10, 10, 0, 10]);
    expect([...keptVertices(r, SIMPLIFY_CELLS)]).toEqual([1, 1, 1, 1, 1]);
    // 0,0 → 10,0 → 12,0 (beyond the chord's end) → 10,0.5 …: the spike's tip is kept
    const spike = Float64Array.from([0, 0, 10, 0, 12, 0, 10, 0.0005, 10, 10, 0, 10]);
    expect(keptVertices(spike, SIMPLIFY_CELLS)[2]).toBe(1);
  });

  it('ringsToPolygons: the area is the traced rings’, the output the kept vertices', () => {
    const r = ring(7);
    const { polygons, area } = ringsToPolygons([r], (x, y) => [x / 1000, y / 1000]);
    const traced = (() => {
      let a = 0;
      for (let i = 0, n = r.length; i < n; i += 2) {
        const j = (i + 2) % n;
        a += r[i] * r[j + 1] - r[j] * r[i + 1];
      }
      return a / 2;
    })();
    expect(area).toBeCloseTo(traced, 9);
    const kept = [...keptVertices(r, SIMPLIFY_CELLS)].filter((k) => k).length;
    expect(polygons[0][0].length).toBe(2 * kept);
    expect(kept).toBeLessThan(r.length / 2);
  });
});
