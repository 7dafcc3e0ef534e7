/**
 * Point-in-polygon and distance-to-boundary for (multi)polygons of any size, in a local metric
 * projection, with a Flatbush index over the boundary segments so each test costs O(log n).
 * Used to clip networks, to place residents in communities and to find boundary crossings.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { LocalProjection } from './geodesy.js';
import { hypot } from './hypot.js';

export class PolygonIndex {
  readonly proj: LocalProjection;
  /** segment endpoints in metres: x1,y1,x2,y2 per segment */
  private seg: Float64Array;
  private index: Flatbush;
  readonly bbox: [number, number, number, number]; // metres
  readonly lonLatBbox: [number, number, number, number];

  constructor(geom: Polygon | MultiPolygon, proj?: LocalProjection) {
    const polys: Position[][][] = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    let n = 0;
    for (const p of polys)
      for (const ring of p) {
        n += Math.max(0, ring.length - 1);
        for (const c of ring) {
          if (c[0] < minLon) minLon = c[0];
          if (c[0] > maxLon) maxLon = c[0];
          if (c[1] < minLat) minLat = c[1];
          if (c[1] > maxLat) maxLat = c[1];
        }
      }
    this.lonLatBbox = [minLon, minLat, maxLon, maxLat];
    this.proj = proj ?? new LocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
    this.seg = new Float64Array(Math.max(1, n) * 4);
    this.index = new Flatbush(Math.max(1, n));
    let k = 0;
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    for (const p of polys)
      for (const ring of p)
        for (let i = 0; i + 1 < ring.length; i++) {
          const x1 = this.proj.x(ring[i][0]);
          const y1 = this.proj.y(ring[i][1]);
          const x2 = this.proj.x(ring[i + 1][0]);
          const y2 = this.proj.y(ring[i + 1][1]);
          this.seg[k * 4] = x1;
          this.seg[k * 4 + 1] = y1;
          this.seg[k * 4 + 2] = x2;
          this.seg[k * 4 + 3] = y2;
          this.index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
          bx0 = Math.min(bx0, x1);
          by0 = Math.min(by0, y1);
          bx1 = Math.max(bx1, x1);
          by1 = Math.max(by1, y1);
          k++;
        }
    if (n === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
    this.bbox = [bx0, by0, bx1, by1];
  }

  /** even-odd rule, which handles holes and multipolygons alike */
  containsXY(x: number, y: number): boolean {
    if (x < this.bbox[0] || x > this.bbox[2] || y < this.bbox[1] || y > this.bbox[3]) return false;
    let inside = false;
    const s = this.seg;
    for (const i of this.index.search(x, y, Infinity, y)) {
      const x1 = s[i * 4];
      const y1 = s[i * 4 + 1];
      const x2 = s[i * 4 + 2];
      const y2 = s[i * 4 + 3];
      if (y1 > y !== y2 > y) {
        const xc = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
        if (xc > x) inside = !inside;
      }
    }
    return inside;
  }

  /**
   * containsXY for a whole row of points at height y, to the bit: the boundary segments that cross
   * the row are found once (xc and the segment's max x, as containsXY's ray search filters them),
   * then each point counts the crossings to its right. For grids (coverage/gaps.ts).
   */
  rowContains(y: number): (x: number) => boolean {
    if (y < this.bbox[1] || y > this.bbox[3]) return () => false;
    const s = this.seg;
    const xc: number[] = [];
    const maxX: number[] = [];
    for (const i of this.index.search(-Infinity, y, Infinity, y)) {
      const x1 = s[i * 4];
      const y1 = s[i * 4 + 1];
      const x2 = s[i * 4 + 2];
      const y2 = s[i * 4 + 3];
      if (y1 > y !== y2 > y) {
        xc.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
        maxX.push(Math.max(x1, x2));
      }
    }
    const [bx0, , bx1] = this.bbox;
    return (x: number) => {
      if (x < bx0 || x > bx1) return false;
      let inside = false;
      for (let k = 0; k < xc.length; k++) if (maxX[k] >= x && xc[k] > x) inside = !inside;
      return inside;
    };
  }

  /**
   * boundaryDistanceXY(x0 + i r, y0 + j r, maxD) for every point of a w × h grid (index i + j w),
   * to the bit: each boundary segment visits the grid points whose search box (± maxD) meets its
   * box, which are exactly the points whose search would return it.
   */
  gridBoundaryDistances(x0: number, y0: number, r: number, w: number, h: number, maxD: number): Float64Array {
    const out = new Float64Array(w * h).fill(Infinity);
    const s = this.seg;
    const n = s.length / 4;
    for (let k = 0; k < n; k++) {
      const x1 = s[k * 4];
      const y1 = s[k * 4 + 1];
      const x2 = s[k * 4 + 2];
      const y2 = s[k * 4 + 3];
      const sx0 = Math.min(x1, x2);
      const sx1 = Math.max(x1, x2);
      const sy0 = Math.min(y1, y2);
      const sy1 = Math.max(y1, y2);
      // a cell of slack on each side; the exact box test below decides
      const i0 = Math.max(0, Math.floor((sx0 - maxD - x0) / r) - 1);
      const i1 = Math.min(w - 1, Math.ceil((sx1 + maxD - x0) / r) + 1);
      const j0 = Math.max(0, Math.floor((sy0 - maxD - y0) / r) - 1);
      const j1 = Math.min(h - 1, Math.ceil((sy1 + maxD - y0) / r) + 1);
      for (let j = j0; j <= j1; j++) {
        const y = y0 + j * r;
        if (!(sy0 <= y + maxD && sy1 >= y - maxD)) continue;
        for (let i = i0; i <= i1; i++) {
          const x = x0 + i * r;
          if (!(sx0 <= x + maxD && sx1 >= x - maxD)) continue;
          const d = pointSegmentDistance(x, y, x1, y1, x2, y2);
          if (d < out[i + j * w]) out[i + j * w] = d;
        }
      }
    }
    for (let k = 0; k < out.length; k++) if (!(out[k] <= maxD)) out[k] = Infinity;
    return out;
  }

  contains(lon: number, lat: number): boolean {
    return this.containsXY(this.proj.x(lon), this.proj.y(lat));
  }

  /** distance in metres from the point to the nearest boundary segment, or Infinity beyond maxD */
  boundaryDistanceXY(x: number, y: number, maxD: number): number {
    let best = Infinity;
    const s = this.seg;
    for (const i of this.index.search(x - maxD, y - maxD, x + maxD, y + maxD)) {
      const d = pointSegmentDistance(x, y, s[i * 4], s[i * 4 + 1], s[i * 4 + 2], s[i * 4 + 3]);
      if (d < best) best = d;
    }
    return best <= maxD ? best : Infinity;
  }

  /** inside, or within `margin` metres of the boundary */
  withinXY(x: number, y: number, margin: number): boolean {
    return this.containsXY(x, y) || (margin > 0 && this.boundaryDistanceXY(x, y, margin) <= margin);
  }

  within(lon: number, lat: number, margin: number): boolean {
    return this.withinXY(this.proj.x(lon), this.proj.y(lat), margin);
  }

  /** boundary segments (indices) whose bbox meets the box, for crossing tests */
  segmentsNear(x0: number, y0: number, x1: number, y1: number): number[] {
    return this.index.search(x0, y0, x1, y1);
  }

  segment(i: number): [number, number, number, number] {
    const s = this.seg;
    return [s[i * 4], s[i * 4 + 1], s[i * 4 + 2], s[i * 4 + 3]];
  }
}

export function pointSegmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / l2 : 0;
  t = t < 0 ? 0 : Math.min(t, 1);
  return hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

export function bboxPolygon(b: [number, number, number, number]): Polygon {
  const [x0, y0, x1, y1] = b;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}
