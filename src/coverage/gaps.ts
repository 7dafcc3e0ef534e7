/**
 * Gap polygons: the parts of a community farther than a category's threshold from its nearest
 * facility. The community is sampled on a grid (GAP_RESOLUTION_M, params/parameters.ts); each grid point's walking
 * distance to the nearest facility comes from the category's search; the contour at the threshold
 * is traced by the same marching squares as the isochrones (interpolated, holes kept), clipped
 * to the community's boundary within the same contour.
 */
import { type LocalProjection, metresPerDegree } from '../geo/geodesy.js';
import type { PolygonIndex } from '../geo/polygon-index.js';
import { ContourTracer } from '../isochrone/contour.js';
import { MIN_PART_M2, ringsToPolygons } from '../isochrone/rings.js';
import type { WalkNetwork } from '../network/types.js';
import { GAP_RESOLUTION_M } from '../params/parameters.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import { type SnappedPoint, SnappedColumns } from '../snap/snapped-point.js';
import type { AreaSnapper } from '../snap/area-snapper.js';

const FAR = 1e9; // stands for "unreachable" in the contour field

// traceGap's field and tracer, reused from call to call (40,000 community × category pairs on a
// province, each a field of thousands of cells: garbage the collector spent seconds on). Used
// synchronously, one call at a time.
let field = new Float64Array(0);
const tracer = new ContourTracer();

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
  /** signed distance to the community's boundary (metres, positive inside), clamped to ±2 cells */
  boundary: Float64Array;
  /** each grid point's snap (edge -1: none) */
  points: SnappedColumns;
  index: PolygonIndex;
}

/**
 * The grid over a community's polygon (its index, shared with the other stages). Inside tests go
 * row by row and boundary distances segment by segment (PolygonIndex's grid forms, identical to
 * the per-point ones), and the points are snapped with the community's AreaSnapper when given.
 */
export function gapGrid(
  net: WalkNetwork,
  index: PolygonIndex,
  snapOpts: SnapOptions,
  r = GAP_RESOLUTION_M,
  snapper?: AreaSnapper,
): GapGrid {
  const proj = index.proj;
  const [bx0, by0, bx1, by1] = index.bbox;
  // two samples of margin outside the polygon on every side (the boundary term needs one, the tracer one)
  const x0 = bx0 - 2 * r;
  const y0 = by0 - 2 * r;
  const w = Math.ceil((bx1 - bx0) / r) + 5;
  const h = Math.ceil((by1 - by0) / r) + 5;
  const inside = new Uint8Array(w * h);
  const boundary = new Float64Array(w * h).fill(-2 * r);
  const points = new SnappedColumns(w * h);
  const near = index.gridBoundaryDistances(x0, y0, r, w, h, 2 * r);
  const snap = (lon: number, lat: number): SnappedPoint | null => {
    if (snapper) return snapper.snap(lon, lat);
    const s = snapPoint(net, lon, lat, snapOpts);
    return s.ok ? s.snap : null;
  };
  for (let j = 1; j < h - 1; j++) {
    const y = y0 + j * r;
    const contains = index.rowContains(y);
    for (let i = 1; i < w - 1; i++) {
      const x = x0 + i * r;
      const k = i + j * w;
      const isIn = contains(x);
      const bd = Math.min(2 * r, near[k]);
      boundary[k] = isIn ? bd : -bd;
      if (!isIn && bd >= 2 * r) continue;
      inside[k] = 1;
      points.set(k, snap(proj.lon(x), proj.lat(y)));
    }
  }
  return { proj, x0, y0, w, h, r, inside, boundary, points, index };
}

/**
 * The box the community's AreaSnapper covers: its outline's box plus three grid cells (the grid's
 * two of margin and one of rounding), so that its residents and grid points snap through it.
 */
export function snapBox(area: PolygonIndex, r = GAP_RESOLUTION_M): [number, number, number, number] {
  const [x0, y0, x1, y1] = area.lonLatBbox;
  const { kx, ky } = metresPerDegree((y0 + y1) / 2);
  const m = 3 * r + 1;
  return [x0 - m / kx, y0 - m / ky, x1 + m / kx, y1 + m / ky];
}

/** a gap grid's own arrays, to make on one thread and use on another (search-worker.ts) */
export type GapGridParts = Pick<GapGrid, 'x0' | 'y0' | 'w' | 'h' | 'r' | 'inside' | 'boundary'> &
  Pick<SnappedColumns, 'edge' | 'along' | 'dist'>;

export function gapGridParts(g: GapGrid): GapGridParts {
  const { x0, y0, w, h, r, inside, boundary, points } = g;
  return { x0, y0, w, h, r, inside, boundary, edge: points.edge, along: points.along, dist: points.dist };
}

/** the grid of gapGridParts, over the community's polygon index (the same as the one it was made over) */
export function gapGridOf(index: PolygonIndex, p: GapGridParts): GapGrid {
  const points = new SnappedColumns(p.w * p.h, { edge: p.edge, along: p.along, dist: p.dist });
  return {
    proj: index.proj,
    x0: p.x0,
    y0: p.y0,
    w: p.w,
    h: p.h,
    r: p.r,
    inside: p.inside,
    boundary: p.boundary,
    points,
    index,
  };
}

export interface Gap {
  /**
   * each polygon's rings as flat [lon, lat, …] runs, unclosed, at 1e-7 degrees (the isochrones'
   * form, `FlatPolygons` in outputs/schema.ts): a province's 30,000 gaps held as [lon, lat] arrays
   * were ~335 MB of the JS heap, as flat rings ~74 MB of typed arrays
   */
  polygons: Float64Array[][];
  areaM2: number;
}

/**
 * The part of the community where distance(point) > threshold. One field describes both
 * conditions — f = max(threshold − distance, −signed distance to the boundary) is negative exactly
 * inside the community and beyond the threshold — so a single contour gives the gap already
 * clipped to the community (interpolated along both edges), without polygon clipping.
 * `distance` holds each grid point's walking distance (read only where the point is snapped).
 */
export function traceGap(grid: GapGrid, distance: Float64Array, threshold: number): Gap | null {
  const { w, h, r, inside, points, boundary } = grid;
  if (field.length < w * h) field = new Float64Array(w * h);
  const f = field.subarray(0, w * h).fill(FAR);
  let any = false;
  for (let k = 0; k < w * h; k++) {
    if (!inside[k]) continue;
    // grid point k's walking distance (Infinity where it is not snapped)
    const d = points.edge[k] < 0 ? Infinity : distance[k];
    const beyond = Number.isFinite(d) ? threshold - d : -FAR;
    f[k] = Math.max(beyond, -boundary[k]);
    if (f[k] < 0) any = true;
  }
  if (!any) return null;
  const rings = tracer.trace({
    d2: f,
    w,
    x0: 1,
    y0: 1,
    x1: w - 1,
    y1: h - 1,
    level: 0,
    squared: false,
  });
  if (!rings.length) return null;
  const { polygons, area } = ringsToPolygons(
    rings,
    (x, y) => [grid.proj.lon(grid.x0 + x * r), grid.proj.lat(grid.y0 + y * r)],
    MIN_PART_M2 / (r * r),
  );
  if (!polygons.length) return null;
  return { polygons, areaM2: Math.round(area * r * r) };
}
