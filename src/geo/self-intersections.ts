/**
 * Whether a polygon's rings cross themselves or each other, in O(n log n) for n vertices: every
 * segment is put in a Flatbush index and tested only against the segments whose boxes meet its
 * own. (turf.kinks compares every pair, which took minutes on a 200,000-vertex community.)
 * The same test as turf.kinks (non-parallel segments that meet, ends included, neighbours
 * excepted), so the answer is the same: the tests compare the two on random polygons.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

export function hasSelfIntersection(polys: Position[][][]): boolean {
  let n = 0;
  for (const p of polys) for (const r of p) n += Math.max(0, r.length - 1);
  if (n < 3) return false;
  const seg = new Float64Array(n * 4);
  const ring = new Uint32Array(n); // ring number of each segment
  const pos = new Uint32Array(n); // index in its ring
  const len = new Uint32Array(n); // segments in its ring
  const index = new Flatbush(n);
  let k = 0;
  let rn = 0;
  for (const p of polys)
    for (const r of p) {
      const m = r.length - 1;
      for (let i = 0; i < m; i++, k++) {
        const x1 = r[i][0];
        const y1 = r[i][1];
        const x2 = r[i + 1][0];
        const y2 = r[i + 1][1];
        seg[k * 4] = x1;
        seg[k * 4 + 1] = y1;
        seg[k * 4 + 2] = x2;
        seg[k * 4 + 3] = y2;
        ring[k] = rn;
        pos[k] = i;
        len[k] = m;
        index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
      }
      rn++;
    }
  index.finish();
  for (let a = 0; a < n; a++) {
    const ax1 = seg[a * 4];
    const ay1 = seg[a * 4 + 1];
    const ax2 = seg[a * 4 + 2];
    const ay2 = seg[a * 4 + 3];
    const hits = index.search(Math.min(ax1, ax2), Math.min(ay1, ay2), Math.max(ax1, ax2), Math.max(ay1, ay2));
    for (const b of hits) {
      if (b <= a) continue;
      // neighbours in the same ring share a vertex by construction (the first and last too: rings are closed)
      if (ring[a] === ring[b]) {
        const d = pos[b] - pos[a];
        if (d === 1 || d === len[a] - 1) continue;
      }
      if (crosses(ax1, ay1, ax2, ay2, seg[b * 4], seg[b * 4 + 1], seg[b * 4 + 2], seg[b * 4 + 3])) return true;
    }
  }
  return false;
}

/** non-parallel segments meeting anywhere, their ends included (turf.kinks' own test) */
function crosses(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
): boolean {
  const den = (by2 - by1) * (ax2 - ax1) - (bx2 - bx1) * (ay2 - ay1);
  if (den === 0) return false;
  const dy = ay1 - by1;
  const dx = ax1 - bx1;
  const ta = ((bx2 - bx1) * dy - (by2 - by1) * dx) / den;
  const tb = ((ax2 - ax1) * dy - (ay2 - ay1) * dx) / den;
  return ta >= 0 && ta <= 1 && tb >= 0 && tb <= 1;
}
