/**
 * Gap polygons: the parts of a community farther than a category's threshold from its nearest
 * facility. The community is sampled on a grid (GAP_RESOLUTION_M); each grid point's walking
 * distance to the nearest facility comes from the category's search; the contour at the threshold
 * is traced by the same marching squares as the isochrones (interpolated, holes kept) and clipped
 * to the community's boundary.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { LocalProjection } from '../geo/geodesy.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import { ContourTracer, ringArea } from '../isochrone/contour.js';
import type { WalkNetwork } from '../network/types.js';
import { snapPoint, type Snap, type SnapOptions } from '../snap/snap.js';

export const GAP_RESOLUTION_M = 10;
const FAR = 1e9; // stands for "unreachable" in the contour field

/** a community's sample grid with each point's snap (null: no walkable way within reach) */
export interface GapGrid {
  proj: LocalProjection;
  x0: number;
  y0: number;
  w: number;
  h: number;
  r: number;
  /** grid points inside the community or within two cells of its boundary */
  inside: Uint8Array;
  snaps: (Snap | null)[];
  index: PolygonIndex;
}

export function gapGrid(net: WalkNetwork, g: Polygon | MultiPolygon, snapOpts: SnapOptions, r = GAP_RESOLUTION_M): GapGrid {
  const index = new PolygonIndex(g);
  const proj = index.proj;
  const [bx0, by0, bx1, by1] = index.bbox;
  // one sample of margin outside the polygon on every side (the tracer needs it)
  const x0 = bx0 - 2 * r;
  const y0 = by0 - 2 * r;
  const w = Math.ceil((bx1 - bx0) / r) + 5;
  const h = Math.ceil((by1 - by0) / r) + 5;
  const inside = new Uint8Array(w * h);
  const snaps: (Snap | null)[] = new Array(w * h).fill(null);
  for (let j = 1; j < h - 1; j++)
    for (let i = 1; i < w - 1; i++) {
      const x = x0 + i * r;
      const y = y0 + j * r;
      // points just outside the boundary too, so the contour runs past it and is then clipped exactly
      if (!index.withinXY(x, y, 2 * r)) continue;
      const k = i + j * w;
      inside[k] = 1;
      const s = snapPoint(net, proj.lon(x), proj.lat(y), snapOpts);
      snaps[k] = s.ok ? s.snap : null;
    }
  return { proj, x0, y0, w, h, r, inside, snaps, index };
}

export interface Gap {
  polygons: Position[][][];
  areaM2: number;
}

/** The region of the grid where distance(point) > threshold, clipped to the community. */
export async function traceGap(grid: GapGrid, distance: (s: Snap) => number, threshold: number, community: Polygon | MultiPolygon): Promise<Gap | null> {
  const { w, h, r, inside, snaps } = grid;
  // field: negative inside the gap (distance beyond the threshold), positive elsewhere
  const field = new Float64Array(w * h).fill(FAR);
  let any = false;
  for (let k = 0; k < w * h; k++) {
    if (!inside[k]) continue;
    const s = snaps[k];
    const d = s ? distance(s) : Infinity;
    field[k] = Number.isFinite(d) ? threshold - d : -FAR;
    if (d > threshold) any = true;
  }
  if (!any) return null;
  const rings = new ContourTracer().trace({ d2: field, w, x0: 1, y0: 1, x1: w - 1, y1: h - 1, level: 0, squared: false });
  if (!rings.length) return null;
  const toLonLat = (ring: Float64Array): Position[] => {
    const pts: Position[] = [];
    for (let i = 0; i < ring.length; i += 2) pts.push([grid.proj.lon(grid.x0 + ring[i] * r), grid.proj.lat(grid.y0 + ring[i + 1] * r)]);
    pts.push(pts[0]);
    return pts;
  };
  const outers = rings.filter((q) => ringArea(q) > 0);
  const holes = rings.filter((q) => ringArea(q) <= 0);
  const turf = await import('@turf/turf');
  const polys: Position[][][] = outers.map((o) => [toLonLat(o)]);
  for (const hole of holes) {
    const hp = toLonLat(hole);
    const owner = polys.find((p) => turf.booleanPointInPolygon(hp[0], { type: 'Polygon', coordinates: [p[0]] }));
    (owner ?? polys[0])?.push(hp);
  }
  if (!polys.length) return null;
  const raw: Polygon | MultiPolygon = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  const clipped = turf.intersect(turf.featureCollection([turf.feature(raw), turf.feature(community)]));
  if (!clipped) return null;
  const g = clipped.geometry as Polygon | MultiPolygon;
  const round = (p: Position[][][]) => p.map((poly) => poly.map((ring) => ring.map((c) => [Math.round(c[0] * 1e7) / 1e7, Math.round(c[1] * 1e7) / 1e7])));
  const out = round(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  return { polygons: out, areaM2: Math.round(turf.area(clipped)) };
}
