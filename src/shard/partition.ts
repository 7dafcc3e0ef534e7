/**
 * Which communities each shard runs: all communities ordered along a Hilbert curve of their
 * centroids, cut into n contiguous runs of (nearly) equal length. Neighbours on the curve are
 * neighbours on the ground, so each shard covers a compact area and its network clip is small.
 * The order depends only on the communities file, so every shard (and merge) computes the same.
 */
import type { Polygon, MultiPolygon } from 'geojson';
import type { Community } from '../coverage/communities.js';
import { HILBERT_SIDE as SIDE, hilbertIndex } from '../geo/hilbert.js';

/** area centroid of the exterior rings (the vertex mean for degenerate rings), in degrees */
export function centroid(g: Polygon | MultiPolygon): [number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let a = 0;
  let cx = 0;
  let cy = 0;
  let n = 0;
  let mx = 0;
  let my = 0;
  for (const p of polys) {
    const ring = p[0];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const f = x0 * y1 - x1 * y0;
      a += f;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
      mx += x0;
      my += y0;
      n++;
    }
  }
  if (Math.abs(a) > 1e-18) return [cx / (3 * a), cy / (3 * a)];
  return [mx / Math.max(1, n), my / Math.max(1, n)];
}

/** the indexes (into `communities`) of each of `count` shards, each in file order */
export function partition(communities: Community[], count: number): number[][] {
  const cs = communities.map((c) => centroid(c.geometry));
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of cs) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const cell = (v: number, v0: number) => Math.min(SIDE - 1, Math.floor(((v - v0) / span) * SIDE));
  const keys = cs.map(([x, y]) => hilbertIndex(cell(x, x0), cell(y, y0)));
  const order = communities.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const parts: number[][] = [];
  for (let s = 0; s < count; s++) {
    const from = Math.floor((s * order.length) / count);
    const to = Math.floor(((s + 1) * order.length) / count);
    parts.push(order.slice(from, to).sort((a, b) => a - b));
  }
  return parts;
}

/** [minLon, minLat, maxLon, maxLat] of the communities' polygons */
export function communitiesBbox(communities: Community[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of communities)
    for (const p of (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates).flat(2)) {
      if (p[0] < b[0]) b[0] = p[0];
      if (p[1] < b[1]) b[1] = p[1];
      if (p[0] > b[2]) b[2] = p[0];
      if (p[1] > b[3]) b[3] = p[1];
    }
  return b;
}
