import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonsGeometry, polygonsJson } from '../../src/io/geojson.js';

describe('GeoJSON geometry bytes', () => {
  it('equal JSON.stringify of the same polygons (coordinates rounded to 7 decimals)', () => {
    const coord = fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }).map((n) => n / 1e7);
    const ring = fc
      .array(coord, { minLength: 6, maxLength: 40 })
      .filter((a) => a.length % 2 === 0)
      .map((a) => Float64Array.from(a));
    fc.assert(
      fc.property(fc.array(fc.array(ring, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (polys) => {
        const text = Buffer.from(polygonsJson(polys)).toString('utf8');
        const expected = JSON.stringify(polygonsGeometry(polys));
        // JSON.stringify writes 1e-7 as "1e-7"; the writer keeps plain decimals: compare as JSON values
        expect(JSON.parse(text)).toEqual(JSON.parse(expected));
        expect(text).not.toMatch(/e-/);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
