/**
 * Issue 14, class 8: polygon work near-linear in vertices. Self-intersection detection
 * (geo/self-intersections.ts) gives turf.kinks' answer on random polygons, and a 200,000-vertex
 * community goes through the repair step (which took minutes with turf.kinks' all-pairs test).
 */
import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { repairPolygon } from '../../src/coverage/communities.js';
import { hasSelfIntersection } from '../../src/geo/self-intersections.js';

const ring = (pts: [number, number][]): Position[] => [...pts, pts[0]];

describe('self-intersections', () => {
  it('agrees with turf.kinks on random polygons (with holes, on a coarse grid so vertices coincide)', () => {
    const pt = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.array(fc.array(pt, { minLength: 3, maxLength: 8 }), { minLength: 1, maxLength: 3 }), (rings) => {
        const coords = rings.map((r) => ring(r as [number, number][]));
        const kinks = turf.kinks({ type: 'Polygon', coordinates: coords }).features.length > 0;
        expect(hasSelfIntersection([coords])).toBe(kinks);
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('a bow-tie crosses, a square does not', () => {
    expect(
      hasSelfIntersection([
        [
          ring([
            [0, 0],
            [2, 2],
            [2, 0],
            [0, 2],
          ]),
        ],
      ]),
    ).toBe(true);
    expect(
      hasSelfIntersection([
        [
          ring([
            [0, 0],
            [2, 0],
            [2, 2],
            [0, 2],
          ]),
        ],
      ]),
    ).toBe(false);
  });

  it('a 200,000-vertex community is repaired (checked) in bounded time', async () => {
    const n = 200_000;
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = 0.003 * (1 + 0.05 * Math.sin(a * 50));
      pts.push([113.045 + r * Math.cos(a), 23.675 + r * Math.sin(a)]);
    }
    const repairs: string[] = [];
    const g = await repairPolygon({ type: 'Polygon', coordinates: [ring(pts)] }, repairs);
    expect(g?.type).toBe('Polygon');
    expect(repairs).toEqual([]);
  }, 20_000);
});
