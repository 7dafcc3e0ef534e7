/**
 * Candidate sites for new facilities: a planner's file (vacant lots, ground floors for lease — any
 * list the facility-list readers take; a category column, when present, restricts a site to that
 * category), or points generated along the walkable streets in and near the communities at a
 * stated spacing (no steps, no water: a bridge is no building plot; motorways are not in the
 * walking network at all), optionally with OSM brownfield/greenfield/construction parcels.
 *
 * Every candidate is rounded to 7 decimals (the precision of every output) *before* it is
 * snapped, so a suggestion fed back as a planned facility snaps to exactly the same place.
 */
import { basename } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { readFacilityList, rowLabel } from '../facilities/facility-list.js';
import type { ColumnMapping, Crs } from '../facilities/types.js';
import { resolveCategory } from '../profiles/names.js';
import type { Profile } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import { metresPerDegree, segmentLength } from '../geo/geodesy.js';
import { PolygonIndex } from '../geo/polygon-index.js';
import { EDGE_STEPS, type WalkNetwork } from '../network/types.js';
import { edgeSubline } from '../network/edge-geometry.js';
import { snapPoint, type SnapOptions, type SnappedPoint } from '../snap/snap.js';
import type { Community } from '../coverage/communities.js';

export interface Candidate {
  id: string;
  name: string | null;
  lon: number;
  lat: number;
  source: 'generated' | 'file' | 'parcel';
  /** category ids this site may take; null: any */
  categories: string[] | null;
  snap: SnappedPoint;
}

export const DEFAULT_SPACING_M = 100;
const PARCEL_LANDUSE = new Set(['brownfield', 'greenfield', 'construction']);

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** lon/lat boxes around the communities, widened by `marginM` */
export function studyBoxes(communities: Community[], marginM: number): [number, number, number, number][] {
  return communities.map((c) => {
    const pi = new PolygonIndex(c.geometry);
    const [x0, y0, x1, y1] = pi.lonLatBbox;
    const { kx, ky } = metresPerDegree((y0 + y1) / 2);
    return [x0 - marginM / kx, y0 - marginM / ky, x1 + marginM / kx, y1 + marginM / ky];
  });
}

export function inBoxes(boxes: [number, number, number, number][], lon: number, lat: number): boolean {
  for (const b of boxes) if (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]) return true;
  return false;
}

function areaPolygons(net: WalkNetwork, keep: (tags: Record<string, string>) => boolean): PolygonIndex[] {
  const out: PolygonIndex[] = [];
  for (const f of net.features().tagged.features as Feature[]) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const tags = ((f.properties ?? {}) as { tags?: Record<string, string> }).tags ?? {};
    if (keep(tags)) out.push(new PolygonIndex(g as Polygon | MultiPolygon));
  }
  return out;
}

const isWater = (t: Record<string, string>) => t.natural === 'water' || t.waterway === 'riverbank';

/**
 * inBoxes as a closure over flat arrays, with the boxes' union checked first and then only the
 * boxes over the point's cell of a 64 × 64 grid on the union: the candidate generator asks it for
 * every sample point along every street of the city. (A point in a box lies in a cell the box is
 * listed for: the cell numbers are monotone in the coordinates, each computed the same way.)
 */
function boxTest(boxes: [number, number, number, number][]): (lon: number, lat: number) => boolean {
  const n = boxes.length;
  const b = new Float64Array(n * 4);
  let [u0, u1, u2, u3] = [Infinity, Infinity, -Infinity, -Infinity];
  boxes.forEach((x, i) => {
    b.set(x, i * 4);
    u0 = Math.min(u0, x[0]);
    u1 = Math.min(u1, x[1]);
    u2 = Math.max(u2, x[2]);
    u3 = Math.max(u3, x[3]);
  });
  const G = 64;
  const dx = (u2 - u0) / G || 1;
  const dy = (u3 - u1) / G || 1;
  const col = (lon: number) => Math.min(G - 1, Math.floor((lon - u0) / dx));
  const row = (lat: number) => Math.min(G - 1, Math.floor((lat - u1) / dy));
  // the boxes over each cell, as offsets into one list
  const count = new Uint32Array(G * G + 1);
  const each = (fn: (cell: number, box: number) => void) => {
    for (let i = 0; i < n; i++)
      for (let r = row(b[i * 4 + 1]), r1 = row(b[i * 4 + 3]); r <= r1; r++)
        for (let c = col(b[i * 4]), c1 = col(b[i * 4 + 2]); c <= c1; c++) fn(r * G + c, i);
  };
  each((cell) => count[cell + 1]++);
  for (let k = 0; k < G * G; k++) count[k + 1] += count[k];
  const fill = count.slice(0, G * G);
  const list = new Uint32Array(count[G * G]);
  each((cell, box) => {
    list[fill[cell]++] = box * 4;
  });
  return (lon, lat) => {
    if (!(lon >= u0 && lon <= u2 && lat >= u1 && lat <= u3)) return false;
    const cell = row(lat) * G + col(lon);
    for (let a = count[cell], end = count[cell + 1]; a < end; a++) {
      const i = list[a];
      if (lon >= b[i] && lon <= b[i + 2] && lat >= b[i + 1] && lat <= b[i + 3]) return true;
    }
    return false;
  };
}

/**
 * Points along one edge at increasing distances `a` (start(e), then at(a)): edgeSubline(net, e, a,
 * a)[0] without building the line — the first segment whose running length reaches a, found by
 * resuming at the segment the last point was on (the earlier ones end before it), with the same
 * running sums as a walk from the edge's start.
 */
class EdgeWalk {
  private e = 0;
  private k = 0;
  private end = 0;
  private s = 0;

  constructor(private readonly net: WalkNetwork) {}

  start(e: number): void {
    this.e = e;
    this.k = this.net.geomOff[e];
    this.end = this.net.geomOff[e + 1];
    this.s = 0;
  }

  at(a: number): [number, number] {
    const { geomLon, geomLat } = this.net;
    for (; this.k + 1 < this.end; this.k++) {
      const k = this.k;
      const x0 = geomLon[k];
      const y0 = geomLat[k];
      const x1 = geomLon[k + 1];
      const y1 = geomLat[k + 1];
      const l = segmentLength(x0, y0, x1, y1);
      const s = this.s;
      const s1 = s + l;
      if (s1 >= a && s <= a) {
        const t = l > 0 ? (Math.max(a, s) - s) / l : 0;
        return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t];
      }
      this.s = s1;
    }
    const [p] = edgeSubline(this.net, this.e, a, a); // past the end by rounding: as before
    return p as [number, number];
  }
}

/** how far a generated point's first snap looks (it lies on its edge but for ~1 cm of rounding) */
const NEAR_SNAP_M = 1;

/** a cell and its eight neighbours, the cell itself first */
const NEAR_DX = [0, -1, -1, -1, 0, 0, 1, 1, 1];
const NEAR_DY = [0, -1, 0, 1, -1, 1, -1, 0, 1];

export interface GeneratedCandidates {
  candidates: Candidate[];
  /** points dropped and why */
  skipped: { water: number; unsnapped: number };
}

/**
 * Points along every walkable edge (except steps) inside the boxes, first every spacing/4 metres,
 * then thinned so that no two kept points are closer than `spacingM` (a hash grid of spacing-sized
 * cells; edges in index order: deterministic).
 */
export function generateCandidates(
  net: WalkNetwork,
  boxes: [number, number, number, number][],
  spacingM: number,
  snapOpts: SnapOptions,
  { parcels = false } = {},
): GeneratedCandidates {
  const water = areaPolygons(net, isWater);
  const lat0 = boxes.length ? (boxes[0][1] + boxes[0][3]) / 2 : 0;
  const { kx, ky } = metresPerDegree(lat0);
  const inStudy = boxTest(boxes);
  // thinning grid: spacing-sized cells under numeric keys, each a flat list of x, y; the keys
  // small integers from the study area's first cell (a point in the boxes lies in their cells'
  // range, a neighbour one beyond), unless the range is too large for that
  const cells = new Map<number, number[]>();
  const ext = boxes.reduce(
    (e, b) => [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  const cx0 = Math.floor((ext[0] * kx) / spacingM) - 1;
  const cy0 = Math.floor((ext[1] * ky) / spacingM) - 1;
  const rows = Math.floor((ext[3] * ky) / spacingM) - cy0 + 2;
  const cols = Math.floor((ext[2] * kx) / spacingM) - cx0 + 2;
  const small = cols * rows < 2 ** 30;
  const cellKey = small
    ? (cx: number, cy: number) => (cx - cx0) * rows + (cy - cy0)
    : (cx: number, cy: number) => cx * 4194304 + cy;
  const s2 = spacingM * spacingM;
  const tooClose = (x: number, y: number) => {
    const cx = Math.floor(x / spacingM);
    const cy = Math.floor(y / spacingM);
    // the point's own cell first: a point too close is most often there
    for (let q = 0; q < 9; q++) {
      const list = cells.get(cellKey(cx + NEAR_DX[q], cy + NEAR_DY[q]));
      if (!list) continue;
      for (let i = 0; i < list.length; i += 2) if ((list[i] - x) ** 2 + (list[i + 1] - y) ** 2 < s2) return true;
    }
    return false;
  };
  const out: Candidate[] = [];
  const skipped = { water: 0, unsnapped: 0 };
  const step = Math.max(5, spacingM / 4);
  const minComp = snapOpts.minComponent ?? 0;
  const walk = new EdgeWalk(net);
  const nearOpts = { ...snapOpts, maxSnapM: Math.min(NEAR_SNAP_M, snapOpts.maxSnapM) };
  for (let e = 0; e < net.edgeCount; e++) {
    if (net.edgeFlags[e] & EDGE_STEPS) continue;
    if ((net.meta.componentSizes[net.nodeComp[net.edgeU[e]]] ?? 0) < minComp) continue;
    const L = net.edgeLen[e];
    const g0 = net.geomOff[e];
    if (!inStudy(net.geomLon[g0], net.geomLat[g0]) && !inStudy(net.geomLon[g0 + 1], net.geomLat[g0 + 1])) continue;
    walk.start(e);
    for (let a = Math.min(step / 2, L / 2); a <= L; a += step) {
      const [lon, lat] = walk.at(a);
      if (!inStudy(lon, lat)) continue;
      const x = lon * kx;
      const y = lat * ky;
      if (tooClose(x, y)) continue;
      const rl = round7(lon);
      const rt = round7(lat);
      if (water.some((w) => w.contains(rl, rt))) {
        skipped.water++;
        continue;
      }
      // the point lies on edge e (an edge of a large enough component) but for the 7-decimal
      // rounding (~1 cm), so the nearest edge is within NEAR_SNAP_M: a search that far finds the
      // same segment, parameter and distance as one to the maximum snap distance, with far less
      // of the index to look at; the full search where it finds none
      const near = snapPoint(net, rl, rt, nearOpts);
      const s = near.ok ? near : snapPoint(net, rl, rt, snapOpts);
      if (!s.ok) {
        skipped.unsnapped++;
        continue;
      }
      const key = cellKey(Math.floor(x / spacingM), Math.floor(y / spacingM));
      const list = cells.get(key);
      if (list) list.push(x, y);
      else cells.set(key, [x, y]);
      out.push({
        id: `G${out.length + 1}`,
        name: null,
        lon: rl,
        lat: rt,
        source: 'generated',
        categories: null,
        snap: s.snap,
      });
    }
  }
  if (parcels) out.push(...parcelCandidates(net, boxes, snapOpts, skipped));
  return { candidates: out, skipped };
}

/** OSM landuse=brownfield|greenfield|construction areas: a point inside each (its pole of the bbox centre, else a vertex) */
function parcelCandidates(
  net: WalkNetwork,
  boxes: [number, number, number, number][],
  snapOpts: SnapOptions,
  skipped: { unsnapped: number },
): Candidate[] {
  const out: Candidate[] = [];
  for (const f of net.features().tagged.features as Feature[]) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const p = (f.properties ?? {}) as { tags?: Record<string, string>; osm_type?: string; osm_id?: number };
    const t = p.tags ?? {};
    if (!PARCEL_LANDUSE.has(t.landuse ?? '')) continue;
    const pi = new PolygonIndex(g as Polygon | MultiPolygon);
    const [x0, y0, x1, y1] = pi.lonLatBbox;
    let lon = (x0 + x1) / 2;
    let lat = (y0 + y1) / 2;
    if (!pi.contains(lon, lat)) {
      const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
      [lon, lat] = ring[0];
    }
    lon = round7(lon);
    lat = round7(lat);
    if (!inBoxes(boxes, lon, lat)) continue;
    const s = snapPoint(net, lon, lat, snapOpts);
    if (!s.ok) {
      skipped.unsnapped++;
      continue;
    }
    out.push({
      id: `${p.osm_type ?? 'way'}/${p.osm_id ?? out.length}`,
      name: t.name ?? null,
      lon,
      lat,
      source: 'parcel',
      categories: null,
      snap: s.snap,
    });
  }
  return out;
}

export interface FileCandidates {
  candidates: Candidate[];
  rows: number;
  outside: number;
  unsnapped: number;
  unknownCategories: Record<string, number>;
}

/**
 * A planner's candidate sites from any file the facility-list readers take. A category column, if
 * the file has one, limits each site to that category (an empty cell: any category).
 */
export async function readCandidateFile(
  net: WalkNetwork,
  spec: { file: string; crs: Crs; crsSpec?: string; layer?: string; columns?: ColumnMapping; sheet?: string },
  profile: Profile,
  boxes: [number, number, number, number][],
  snapOpts: SnapOptions,
): Promise<FileCandidates> {
  const list = await readFacilityList(spec.file, {
    crs: spec.crs,
    crsSpec: spec.crsSpec,
    layer: spec.layer,
    columns: spec.columns,
    sheet: spec.sheet,
  });
  const out: Candidate[] = [];
  let outside = 0;
  let unsnapped = 0;
  const unknown: Record<string, number> = {};
  for (const r of list.rows) {
    const lon = round7(r.lon);
    const lat = round7(r.lat);
    if (!inBoxes(boxes, lon, lat)) {
      outside++;
      continue;
    }
    let cats: string[] | null = null;
    const v = r.category?.trim();
    if (v) {
      const id = resolveCategory(profile, v);
      if (!id) {
        unknown[v] = (unknown[v] ?? 0) + 1;
        continue;
      }
      cats = [id];
    }
    const s = snapPoint(net, lon, lat, snapOpts);
    if (!s.ok) {
      unsnapped++;
      continue;
    }
    out.push({
      id: r.sourceId ?? `${basename(spec.file)} ${rowLabel(list.format)} ${r.row}`,
      name: r.name,
      lon,
      lat,
      source: 'file',
      categories: cats,
      snap: s.snap,
    });
  }
  if (!out.length)
    throw new InputError(
      `${spec.file}: none of its ${list.rows.length} candidate sites lies inside the study area (the communities and ` +
        `their walking distance around them)${outside ? `: ${outside} are outside` : ''}${unsnapped ? `, ${unsnapped} are too far from a walkable way` : ''}` +
        '; check the coordinate system (--candidates-crs) and that the file covers these communities',
    );
  return { candidates: out, rows: list.rows.length, outside, unsnapped, unknownCategories: unknown };
}
