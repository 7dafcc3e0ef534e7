/**
 * Our GCJ-02/BD-09 formulas (src/facilities/china-crs.ts) against gcoord's, to the bit: the same
 * operations in the same order, so every coordinate a list gave before is the one it gives now.
 * Random points over China's rectangle, points at and just beyond its edges, and both directions.
 */
import gcoordImport from 'gcoord';
import { describe, expect, it } from 'vitest';
import { fromWgs84, inChina, toWgs84 } from '../../src/facilities/china-crs.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { fixture } from './helpers.js';

const gcoord = ((gcoordImport as unknown as { default?: unknown }).default ??
  gcoordImport) as typeof gcoordImport.default;
const G = { gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

function points(): [number, number][] {
  let seed = 1402;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647; // seeded: the same points every run
  const out: [number, number][] = [];
  for (let i = 0; i < 20_000; i++) out.push([72 + rand() * 66, 0.8 + rand() * 55.1]);
  // the rectangle's edges, where an iteration step can leave it
  for (const lon of [72.004, 72.00400001, 72.0041, 137.8347, 137.83469999, 137.834])
    for (const lat of [0.8293, 0.82931, 0.83, 23.7, 55.8271, 55.82709999, 55.82]) out.push([lon, lat]);
  return out;
}

describe('GCJ-02 and BD-09 formulas equal gcoord 1.0.7 to the bit', () => {
  for (const crs of ['gcj02', 'bd09'] as const) {
    it(`${crs} → WGS-84 and back`, () => {
      let n = 0;
      for (const [lon, lat] of points()) {
        if (!inChina(lon, lat)) continue;
        const w = toWgs84(lon, lat, crs);
        if (w === null) {
          // where gcoord loops for ever (an iterate leaves the rectangle): only next to its edges
          const edge = Math.min(lon - 72.004, 137.8347 - lon, lat - 0.8293, 55.8271 - lat);
          expect(edge).toBeLessThan(0.02);
          continue;
        }
        expect(w).toEqual(gcoord.transform([lon, lat], G[crs], gcoord.WGS84));
        expect(fromWgs84(lon, lat, crs)).toEqual(gcoord.transform([lon, lat], gcoord.WGS84, G[crs]));
        n++;
      }
      expect(n).toBeGreaterThan(19_000);
    });
  }
  it('outside the rectangle: null, as before (gcoord would pass the point through)', () => {
    // at the west edge gcoord's iteration never ended (the reader hung): now undefined, as outside
    expect(toWgs84(72.004, 30, 'gcj02')).toBeNull();
    expect(toWgs84(72.003, 30, 'gcj02')).toBeNull();
    expect(fromWgs84(140, 30, 'bd09')).toBeNull();
    expect(toWgs84(-0.1, 51.5, 'wgs84')).toEqual([-0.1, 51.5]);
  });
  it('a list row at the edge is skipped with its line, not a hang', async () => {
    const csv = '名称,经度,纬度\n边,72.004,30\n清远,113.06,23.69\n';
    const r = await readFacilityList(fixture('edge.csv', csv), { crs: 'gcj02' });
    expect(r.rows.map((x) => x.name)).toEqual(['清远']);
    expect(r.skipped).toEqual([
      {
        row: 2,
        reason: 'coordinates (72.004, 30) are outside China: GCJ-02 conversion is undefined there; is the --crs right?',
      },
    ]);
  });
});
