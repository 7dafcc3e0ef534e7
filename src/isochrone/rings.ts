/**
 * Contour rings -> polygons: exteriors (counter-clockwise) with their holes (clockwise) assigned to
 * the smallest exterior containing them, coordinates mapped to lon/lat and rounded to 7 decimals.
 * Marching-squares rings never cross, so testing one vertex of a hole is enough.
 * Parts and holes smaller than `minArea` (in the rings' own units², e.g. MIN_PART_M2 / cell²) are
 * dropped: specks of a grid cell or less are artefacts of the grid, not places (a 0.08 m² hole).
 * Vertices within a thousandth of a cell of the line through their kept neighbours (1 cm at the
 * 10 m grids, below the 7 decimals the coordinates keep) are left out: where a contour follows a
 * straight line (a community's boundary, a street's corridor) the tracer puts one on every cell,
 * ~37 % of a city's gap vertices and ~31 % of its isochrones' (BENCHMARKS.md, issue 11). The
 * area is that of the traced rings.
 */
import { ringArea } from './contour.js';

/** parts and holes of isochrones and gaps smaller than this are dropped (m²): 5 m × 5 m */
export const MIN_PART_M2 = 25;

/** how far (in cells) a left-out vertex may lie from the simplified ring */
export const SIMPLIFY_CELLS = 1e-3;

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
    const keep = keptVertices(ring, SIMPLIFY_CELLS);
    let n = 0;
    for (let v = 0; v < keep.length; v++) n += keep[v];
    const out = new Float64Array(2 * n);
    for (let v = 0, o = 0; v < keep.length; v++) {
      if (!keep[v]) continue;
      const [lon, lat] = toLonLat(ring[2 * v], ring[2 * v + 1]);
      out[o++] = Math.round(lon * 1e7) / 1e7;
      out[o++] = Math.round(lat * 1e7) / 1e7;
    }
    return out;
  };
  return { polygons: outers.map((o) => [map(o.ring), ...o.holes.map(map)]), area };
}

// Douglas–Peucker's scratch, reused from ring to ring (one call at a time)
let keepBuf = new Uint8Array(0);
let stack = new Int32Array(0);

/**
 * Which vertices of a closed ring (x, y, … without its closing point) Douglas–Peucker keeps at
 * tolerance `tol`: the ring cut at vertex 0 and the vertex farthest from it, each half simplified
 * so that every left-out vertex lies within `tol` of the chord that replaces it. 1 per kept vertex,
 * in order; at least three vertices of a ring of three or more stay. The result is scratch: read
 * it before the next call.
 */
export function keptVertices(r: Float64Array, tol: number): Uint8Array {
  const n = r.length >> 1;
  if (keepBuf.length < n) keepBuf = new Uint8Array(Math.max(n, 2 * keepBuf.length));
  const keep = keepBuf.subarray(0, n);
  if (n <= 3) return keep.fill(1);
  keep.fill(0);
  let far = 0;
  let best = -1;
  for (let v = 1; v < n; v++) {
    const d = (r[2 * v] - r[0]) ** 2 + (r[2 * v + 1] - r[1]) ** 2;
    if (d > best) {
      best = d;
      far = v;
    }
  }
  keep[0] = keep[far] = 1;
  if (stack.length < 2 * n + 4) stack = new Int32Array(2 * n + 4);
  let top = 0;
  // spans (a, b) of vertex indexes, b may be n (vertex 0 again)
  stack[top++] = 0;
  stack[top++] = far;
  stack[top++] = far;
  stack[top++] = n;
  while (top > 0) {
    const b = stack[--top];
    const a = stack[--top];
    if (b - a < 2) continue;
    const bb = b === n ? 0 : b;
    const ax = r[2 * a];
    const ay = r[2 * a + 1];
    const dx = r[2 * bb] - ax;
    const dy = r[2 * bb + 1] - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let at = -1;
    for (let v = a + 1; v < b; v++) {
      const px = r[2 * v] - ax;
      const py = r[2 * v + 1] - ay;
      // distance to the segment (to its ends beyond them): a spike back along the chord is kept
      const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
      const ex = px - t * dx;
      const ey = py - t * dy;
      const d = ex * ex + ey * ey;
      if (d > worst) {
        worst = d;
        at = v;
      }
    }
    if (worst > tol * tol) {
      keep[at] = 1;
      stack[top++] = a;
      stack[top++] = at;
      stack[top++] = at;
      stack[top++] = b;
    }
  }
  // a ring cut to two vertices by a tolerance wider than itself keeps its farthest third one
  let k = 0;
  for (let v = 0; v < n; v++) k += keep[v];
  if (k < 3) {
    let third = -1;
    let worst = -1;
    for (let v = 1; v < n; v++) {
      if (v === far) continue;
      const d = Math.abs((r[2 * far] - r[0]) * (r[1] - r[2 * v + 1]) - (r[0] - r[2 * v]) * (r[2 * far + 1] - r[1]));
      if (d > worst) {
        worst = d;
        third = v;
      }
    }
    keep[third] = 1;
  }
  return keep;
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
