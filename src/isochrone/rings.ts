/**
 * Contour rings -> polygons: exteriors (counter-clockwise) with their holes (clockwise) assigned to
 * the smallest exterior containing them, coordinates mapped to lon/lat and rounded to 7 decimals.
 * Marching-squares rings never cross, so testing one vertex of a hole is enough.
 * Parts and holes smaller than `minArea` (in the rings' own units², e.g. MIN_PART_M2 / cell²) are
 * dropped: specks of a grid cell or less are artefacts of the grid, not places (a 0.08 m² hole).
 */
import { ringArea } from './contour.js';

/** parts and holes of isochrones and gaps smaller than this are dropped (m²): 5 m × 5 m */
export const MIN_PART_M2 = 25;

export function ringsToPolygons(
  rings: Float64Array[],
  toLonLat: (x: number, y: number) => [number, number],
  minArea = 0,
): { polygons: Float64Array[][]; area: number } {
  const outers: { ring: Float64Array; area: number; holes: Float64Array[]; bbox: number[] }[] = [];
  const holes: Float64Array[] = [];
  let area = 0;
  for (const ring of rings) {
    const a = ringArea(ring);
    if (Math.abs(a) < minArea) continue;
    if (a > 0) outers.push({ ring, area: a, holes: [], bbox: bboxOf(ring) });
    else holes.push(ring);
  }
  for (const hole of holes) {
    const x = hole[0];
    const y = hole[1];
    let best: (typeof outers)[number] | null = null;
    for (const o of outers) {
      if (x < o.bbox[0] || x > o.bbox[2] || y < o.bbox[1] || y > o.bbox[3]) continue;
      if (pointInRing(o.ring, x, y) && (!best || o.area < best.area)) best = o;
    }
    // a hole always lies inside an exterior; if numerics disagree, keep it with the largest
    (best ?? outers.reduce((m, o) => (o.area > m.area ? o : m), outers[0]))?.holes.push(hole);
  }
  for (const o of outers) area += o.area + o.holes.reduce((s, h) => s + ringArea(h), 0);
  // deterministic order: largest exterior first
  outers.sort((a, b) => b.area - a.area || a.ring[0] - b.ring[0] || a.ring[1] - b.ring[1]);
  const map = (ring: Float64Array): Float64Array => {
    const out = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) {
      const [lon, lat] = toLonLat(ring[i], ring[i + 1]);
      out[i] = Math.round(lon * 1e7) / 1e7;
      out[i + 1] = Math.round(lat * 1e7) / 1e7;
    }
    return out;
  };
  return { polygons: outers.map((o) => [map(o.ring), ...o.holes.map(map)]), area };
}

function bboxOf(r: Float64Array): number[] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] < x0) x0 = r[i];
    if (r[i] > x1) x1 = r[i];
    if (r[i + 1] < y0) y0 = r[i + 1];
    if (r[i + 1] > y1) y1 = r[i + 1];
  }
  return [x0, y0, x1, y1];
}

function pointInRing(r: Float64Array, x: number, y: number): boolean {
  let inside = false;
  const n = r.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = r[i];
    const yi = r[i + 1];
    const xj = r[j];
    const yj = r[j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
