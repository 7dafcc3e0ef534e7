/**
 * Issue 14, class 8: polygon work near-linear in vertices. Self-intersection detection
 * (geo/self-intersections.ts) gives turf.kinks' answer on random polygons, and a 200,000-vertex
 * community goes through the repair step (which took minutes with turf.kinks' all-pairs test).
 */
import * as turf from '@turf/turf';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAX_COMMUNITY_VERTICES,
  MAX_FILE_VERTICES,
  readCommunities,
  repairPolygon,
} from '../../src/coverage/communities.js';
import { tmp } from '../support/env.js';
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

describe('bounds on community outlines (issue 14, class 8): refused with one line, or handled in bounded memory', () => {
  const wobbly = (lon: number, lat: number, n: number): Position[] => {
    const pts: Position[] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const r = 0.002 * (1 + 0.05 * Math.sin(a * 50));
      pts.push([lon + r * Math.cos(a), lat + r * Math.sin(a)]);
    }
    return ring(pts as [number, number][]);
  };
  const file = (rings: Position[][]) => {
    const p = join(tmp(), 'c.geojson');
    writeFileSync(
      p,
      JSON.stringify({
        type: 'FeatureCollection',
        features: rings.map((r, i) => ({
          type: 'Feature',
          properties: { id: `C${i + 1}` },
          geometry: { type: 'Polygon', coordinates: [r] },
        })),
      }),
    );
    return p;
  };

  it(`a community of more than ${MAX_COMMUNITY_VERTICES.toLocaleString('en-US')} vertices is refused, naming it and what to do`, async () => {
    const p = file([wobbly(113.05, 23.68, 1000), wobbly(113.06, 23.68, MAX_COMMUNITY_VERTICES + 1)]);
    await expect(readCommunities(p)).rejects.toThrow(
      /c\.geojson: feature 2 \(id C2\) has 250,002 vertices; a community outline may have at most 250,000: simplify the outlines in QGIS/,
    );
  });

  it(`communities of more than ${MAX_FILE_VERTICES.toLocaleString('en-US')} vertices in all are refused`, async () => {
    const rings = [0, 1, 2, 3].map((i) => wobbly(113.04 + 0.01 * i, 23.68, 249_000));
    rings.push(wobbly(113.04, 23.69, 5000));
    const p = file(rings);
    await expect(readCommunities(p)).rejects.toThrow(
      /the communities have 1,001,005 vertices in all, more than the 1,000,000 one run handles/,
    );
  }, 30_000);

  it('a hole that repeats its outer ring (turf cannot split it): that community is skipped with the reason, the others read', async () => {
    const sq = ring([
      [113.05, 23.68],
      [113.052, 23.68],
      [113.052, 23.682],
      [113.05, 23.682],
    ]);
    const p = file([wobbly(113.06, 23.68, 100), sq]);
    const raw = JSON.parse(readFileSync(p, 'utf8'));
    raw.features[1].geometry.coordinates = [sq, sq];
    writeFileSync(p, JSON.stringify(raw));
    const r = await readCommunities(p);
    expect(r.communities.map((c) => c.id)).toEqual(['C1']);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        feature: 2,
        id: 'C2',
        reason: expect.stringMatching(/cannot be split into simple parts.*QGIS/),
      }),
    ]);
  });
});
