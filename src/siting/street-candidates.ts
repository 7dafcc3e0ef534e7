/**
 * Candidate sites generated along the walkable streets (candidates.ts has the other sources and the
 * Candidate type). Apart, with nothing but the network's arrays, its snapping index and the water
 * areas as inputs, so that the coverage search thread can run it beside the analysis
 * (coverage/search-worker.ts, run-suggest.ts candidatesOnThread): the same code on the same
 * numbers, the same candidates.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { metresPerDegree, segmentLength } from '../geo/geodesy.js';
import type { PolygonIndex } from '../geo/polygon-index.js';
import { edgeSubline } from '../network/edge-geometry.js';
import { EDGE_STEPS, type WalkNetwork } from '../network/types.js';
import { snapPoint, type SnapOptions } from '../snap/snap.js';
import type { Candidate } from './candidates.js';

/** what streetCandidates (and snapPoint under it, on the network's snapping index) reads of a network */
export type StreetNetwork = Pick<
  WalkNetwork,
  'edgeCount' | 'edgeU' | 'edgeLen' | 'edgeFlags' | 'nodeComp' | 'geomOff' | 'geomLon' | 'geomLat'
> & { meta: Pick<WalkNetwork['meta'], 'componentSizes' | 'bbox'> };

/** every candidate is rounded to 7 decimals (the outputs' precision) before it is snapped: candidates.ts */
export const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** the water areas among a network's tagged features: no candidate site on them */
export function waterAreas(net: WalkNetwork): (Polygon | MultiPolygon)[] {
  const out: (Polygon | MultiPolygon)[] = [];
  for (const f of net.features().tagged.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const t = ((f.properties ?? {}) as { tags?: Record<string, string> }).tags ?? {};
    if (t.natural === 'water' || t.waterway === 'riverbank') out.push(g);
  }
  return out;
}

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
  /** the last point asked for (at): fields, not a new array per point */
  lon = 0;
  lat = 0;

  constructor(private readonly net: StreetNetwork) {}

  start(e: number): void {
    this.e = e;
    this.k = this.net.geomOff[e];
    this.end = this.net.geomOff[e + 1];
    this.s = 0;
  }

  at(a: number): void {
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
        this.lon = x0 + (x1 - x0) * t;
        this.lat = y0 + (y1 - y0) * t;
        return;
      }
      this.s = s1;
    }
    const [p] = edgeSubline(this.net as WalkNetwork, this.e, a, a); // past the end by rounding: as before
    [this.lon, this.lat] = p as [number, number];
  }
}

/** grid cells the thinning keeps as one flat array of list heads (more: a Map) */
const FLAT_CELLS = 1 << 22;

/**
 * The kept points in spacing-sized cells, for the thinning test (streetCandidates): each cell's
 * points a list through typed arrays (a cell holds at most four points a spacing apart), the cells
 * a flat array of list heads numbered from the study area's first cell — every point tested lies
 * in the boxes, so it and its neighbours are in that range — or, for a range too large, a Map.
 */
class KeptPoints {
  private x: Float64Array = new Float64Array(1024);
  private y: Float64Array = new Float64Array(1024);
  private next = new Int32Array(1024);
  private n = 0;
  private readonly head: Int32Array | null;
  private readonly heads = new Map<number, number>();
  private readonly s2: number;

  constructor(
    private readonly spacingM: number,
    private readonly cx0: number,
    private readonly cy0: number,
    private readonly rows: number,
    cols: number,
  ) {
    this.head = cols * rows <= FLAT_CELLS ? new Int32Array(cols * rows).fill(-1) : null;
    this.s2 = spacingM * spacingM;
  }

  private first(cx: number, cy: number): number {
    if (this.head) return this.head[(cx - this.cx0) * this.rows + (cy - this.cy0)];
    return this.heads.get(cx * 4194304 + cy) ?? -1;
  }

  /** whether a kept point lies closer than the spacing (the cell's own first, then its eight neighbours) */
  tooClose(x: number, y: number): boolean {
    const cx = Math.floor(x / this.spacingM);
    const cy = Math.floor(y / this.spacingM);
    const { x: px, y: py, next, s2 } = this;
    for (let q = 0; q < 9; q++)
      for (let p = this.first(cx + NEAR_DX[q], cy + NEAR_DY[q]); p >= 0; p = next[p])
        if ((px[p] - x) ** 2 + (py[p] - y) ** 2 < s2) return true;
    return false;
  }

  add(x: number, y: number): void {
    if (this.n === this.x.length) {
      this.x = grown(this.x);
      this.y = grown(this.y);
      const next = new Int32Array(2 * this.n);
      next.set(this.next);
      this.next = next;
    }
    const p = this.n++;
    this.x[p] = x;
    this.y[p] = y;
    const cx = Math.floor(x / this.spacingM);
    const cy = Math.floor(y / this.spacingM);
    if (this.head) {
      const k = (cx - this.cx0) * this.rows + (cy - this.cy0);
      this.next[p] = this.head[k];
      this.head[k] = p;
    } else {
      this.next[p] = this.first(cx, cy);
      this.heads.set(cx * 4194304 + cy, p);
    }
  }
}

function grown(a: Float64Array): Float64Array {
  const b = new Float64Array(2 * a.length);
  b.set(a);
  return b;
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
 * cells; edges in index order: deterministic); none on water (`water`: the network's water areas).
 */
export function streetCandidates(
  net: StreetNetwork,
  water: PolygonIndex[],
  boxes: [number, number, number, number][],
  spacingM: number,
  snapOpts: SnapOptions,
): GeneratedCandidates {
  const lat0 = boxes.length ? (boxes[0][1] + boxes[0][3]) / 2 : 0;
  const { kx, ky } = metresPerDegree(lat0);
  const inStudy = boxTest(boxes);
  // thinning grid: spacing-sized cells from the study area's first cell (a point in the boxes lies
  // in their cells' range, a neighbour one beyond)
  const ext = boxes.reduce(
    (e, b) => [Math.min(e[0], b[0]), Math.min(e[1], b[1]), Math.max(e[2], b[2]), Math.max(e[3], b[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
  const cx0 = Math.floor((ext[0] * kx) / spacingM) - 1;
  const cy0 = Math.floor((ext[1] * ky) / spacingM) - 1;
  const rows = Math.floor((ext[3] * ky) / spacingM) - cy0 + 2;
  const cols = Math.floor((ext[2] * kx) / spacingM) - cx0 + 2;
  const kept = new KeptPoints(spacingM, cx0, cy0, rows, cols);
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
      walk.at(a);
      const { lon, lat } = walk;
      if (!inStudy(lon, lat)) continue;
      const x = lon * kx;
      const y = lat * ky;
      if (kept.tooClose(x, y)) continue;
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
      const near = snapPoint(net as WalkNetwork, rl, rt, nearOpts);
      const s = near.ok ? near : snapPoint(net as WalkNetwork, rl, rt, snapOpts);
      if (!s.ok) {
        skipped.unsnapped++;
        continue;
      }
      kept.add(x, y);
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
  return { candidates: out, skipped };
}
