/** Parts and holes smaller than MIN_PART_M2 are dropped from isochrones and gaps; the area follows. */
import { describe, expect, it } from 'vitest';
import { MIN_PART_M2, ringsToPolygons } from '../../src/isochrone/rings.js';

// rings in grid units (1 unit = 1 m here); exteriors counter-clockwise, holes clockwise
const square = (x: number, y: number, s: number, ccw = true) =>
  Float64Array.from(ccw ? [x, y, x + s, y, x + s, y + s, x, y + s] : [x, y, x, y + s, x + s, y + s, x + s, y]);
const id = (x: number, y: number): [number, number] => [x, y];

describe('small parts and holes', () => {
  it('drops a 0.25 m² hole and a 16 m² speck, keeps a 36 m² hole and the 10 000 m² part', () => {
    const rings = [square(0, 0, 100), square(10, 10, 0.5, false), square(50, 50, 6, false), square(200, 200, 4)];
    const all = ringsToPolygons(rings, id);
    expect(all.polygons.length).toBe(2);
    expect(all.polygons[0].length).toBe(3);
    expect(all.area).toBeCloseTo(10_000 - 0.25 - 36 + 16, 6);
    const kept = ringsToPolygons(rings, id, MIN_PART_M2);
    expect(MIN_PART_M2).toBe(25);
    expect(kept.polygons.length).toBe(1);
    expect(kept.polygons[0].length).toBe(2); // the 36 m² hole stays
    expect(kept.area).toBeCloseTo(10_000 - 36, 6);
  });
});
