/**
 * Faithful walking isochrones. For one origin set:
 *  1. bounded multi-source Dijkstra to the largest band;
 *  2. every reached piece of the network — partial edges up to the exact point where the budget
 *     runs out, the origin's own edge on both sides of the snap point, and the off-network leg —
 *     is sampled every half cell onto a grid holding, per grid point, the smallest walking
 *     distance of the network near it;
 *  3. per band, the grid points within the band form a mask; an exact Euclidean distance
 *     transform measures how far every grid point is from the mask, and marching squares trace
 *     the contour at the corridor half-width.
 * The polygon is therefore the set of places within `corridor` metres of a reached part of the
 * network (to within the grid resolution): blocks no reached street enters stay holes, rivers
 * without a reached bridge are not crossed, and bands nest by construction (a larger budget
 * only adds grid points to the mask).
 */
import { LocalProjection, segmentLength } from '../geo/geodesy.js';
import { ARC_REVERSED, type Csr } from '../network/csr.js';
import type { EngineNetwork } from './shared-network.js';
import { InputError } from '../util/errors.js';
import { Dijkstra, type Seed } from '../route/dijkstra.js';
import { walksBackward, walksForward, type SnappedPoint } from '../snap/snapped-point.js';
import { ContourTracer } from './contour.js';
import { MIN_PART_M2, ringsToPolygons } from './rings.js';
import { Edt } from './edt.js';

import { MAX_GRID_CELLS } from '../params/parameters.js';

export interface IsochroneOptions {
  /** band budgets in metres, ascending */
  budgets: number[];
  corridorM: number;
  resolutionM: number;
}

export interface BandResult {
  budget: number;
  /**
   * polygons, each a list of rings (exterior counter-clockwise first, then its holes), each ring
   * flat [lon, lat, lon, lat, ...] rounded to 7 decimals, not repeating its first point
   */
  polygons: Float64Array[][];
  areaM2: number;
  /** length of network walkable within the budget, metres (partial edges included) */
  reachedLengthM: number;
  /** graph nodes within the budget */
  reachedNodes: number;
}

export interface OriginPoint {
  lon: number;
  lat: number;
  snap: SnappedPoint;
}

/**
 * Where walking distance enters an edge: at metre `atM` from u with `costM` already walked, and
 * spreading towards v and/or towards u, so that d(s) = costM + |s - atM| on the side(s) it spreads to.
 * In columns, reused from edge to edge (an object per source and an array per interval were most
 * of what the isochrones allocated: ~450 MB on the city case).
 *
 *   reached end u:    u ●═══════════► v      {atM: 0, towardsV}          (if the edge walks u → v)
 *   reached end v:    u ◄═══════════● v      {atM: L, towardsU}          (if it walks v → u)
 *   an origin's snap: u ◄═════●═════► v      {atM: along, both ways the edge allows}
 */
class EdgeSources {
  n = 0;
  atM = new Float64Array(8);
  costM = new Float64Array(8);
  towardsV = new Uint8Array(8);
  towardsU = new Uint8Array(8);
  // coveredLength's intervals
  lo = new Float64Array(8);
  hi = new Float64Array(8);

  add(atM: number, costM: number, towardsV: boolean, towardsU: boolean): void {
    if (this.n === this.atM.length) {
      const grow = <T extends Float64Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.atM = grow(this.atM);
      this.costM = grow(this.costM);
      this.towardsV = grow(this.towardsV);
      this.towardsU = grow(this.towardsU);
      this.lo = grow(this.lo);
      this.hi = grow(this.hi);
    }
    const i = this.n++;
    this.atM[i] = atM;
    this.costM[i] = costM;
    this.towardsV[i] = towardsV ? 1 : 0;
    this.towardsU[i] = towardsU ? 1 : 0;
  }
}

export class IsochroneEngine {
  readonly dijkstra: Dijkstra;
  private edgeStamp: Uint32Array;
  private stamp = 0;
  private edt = new Edt();
  private tracer = new ContourTracer();
  private grid = new Float32Array(0);
  private dist2 = new Float64Array(0);
  // samples of reached network: x, y (metres), d (metres)
  private sx = new Float64Array(4096);
  private sy = new Float64Array(4096);
  private sd = new Float64Array(4096);
  private ns = 0;
  private sources = new EdgeSources();

  constructor(
    private readonly net: EngineNetwork,
    csr: Csr,
    private readonly opts: IsochroneOptions,
  ) {
    this.dijkstra = new Dijkstra(csr, net.nodeCount);
    this.edgeStamp = new Uint32Array(net.edgeCount);
  }

  private sample(x: number, y: number, d: number): void {
    if (this.ns === this.sx.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.sx = grow(this.sx);
      this.sy = grow(this.sy);
      this.sd = grow(this.sd);
    }
    this.sx[this.ns] = x;
    this.sy[this.ns] = y;
    this.sd[this.ns++] = d;
  }

  compute(points: OriginPoint[], seeds: Seed[]): BandResult[] {
    const net = this.net;
    const { budgets, resolutionM: r } = this.opts;
    const bmax = budgets[budgets.length - 1];
    const dj = this.dijkstra;
    dj.run(seeds, bmax);
    const dist = dj.dist;
    const origin = points[0];
    const proj = new LocalProjection(origin.lon, origin.lat);
    const { kx, ky } = proj;
    const lon0 = origin.lon;
    const lat0 = origin.lat;
    this.ns = 0;
    const step = r / 2;
    const reachedLen = new Float64Array(budgets.length);
    const reachedNodes = new Uint32Array(budgets.length);
    const sources = this.sources;

    const doEdge = (e: number) => {
      const L = net.edgeLen[e];
      const forward = walksForward(net, e);
      const backward = walksBackward(net, e);
      sources.n = 0;
      const du = dist[net.edgeU[e]];
      const dv = dist[net.edgeV[e]];
      if (du <= bmax && forward) sources.add(0, du, true, false);
      if (dv <= bmax && backward) sources.add(L, dv, false, true);
      for (const p of points)
        if (p.snap.edge === e && p.snap.dist <= bmax) sources.add(p.snap.along, p.snap.dist, forward, backward);
      if (!sources.n) return;
      const { atM, costM, towardsV, towardsU } = sources;
      // reached length per band: union of intervals [at - back*(B-a), at + fwd*(B-a)] within [0, L]
      for (let b = 0; b < budgets.length; b++) reachedLen[b] += coveredLength(sources, budgets[b], L);
      // sample along the geometry
      const g0 = net.geomOff[e];
      const g1 = net.geomOff[e + 1];
      let s = 0;
      for (let k = g0; k + 1 < g1; k++) {
        const ax = (net.geomLon[k] - lon0) * kx;
        const ay = (net.geomLat[k] - lat0) * ky;
        const bx = (net.geomLon[k + 1] - lon0) * kx;
        const by = (net.geomLat[k + 1] - lat0) * ky;
        const segL = segmentLength(net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]);
        const n = Math.max(1, Math.ceil(segL / step));
        for (let i = k === g0 ? 0 : 1; i <= n; i++) {
          const t = i / n;
          const at = s + segL * t;
          let d = Infinity;
          for (let j = 0; j < sources.n; j++) {
            const delta = at - atM[j];
            if (delta >= 0 ? towardsV[j] : towardsU[j]) {
              const v = costM[j] + (delta >= 0 ? delta : -delta);
              if (v < d) d = v;
            }
          }
          if (d <= bmax) this.sample(ax + (bx - ax) * t, ay + (by - ay) * t, d);
        }
        s += segL;
      }
    };

    // edges leaving every reached node (this covers every edge with a usable reached end)
    const stamp = ++this.stamp;
    const csr = dj.csr;
    const touched = dj.touched;
    for (let i = 0; i < dj.touchedCount; i++) {
      const u = touched[i];
      const du = dist[u];
      for (let b = 0; b < budgets.length; b++) if (du <= budgets[b]) reachedNodes[b]++;
      for (let a = csr.off[u]; a < csr.off[u + 1]; a++) {
        const e = csr.edge[a] & ~ARC_REVERSED;
        if (this.edgeStamp[e] === stamp) continue;
        this.edgeStamp[e] = stamp;
        doEdge(e);
      }
    }
    for (const p of points) {
      const e = p.snap.edge;
      if (this.edgeStamp[e] !== stamp) {
        this.edgeStamp[e] = stamp;
        doEdge(e);
      }
      // the off-network leg from the origin point to the network
      const n = Math.ceil(p.snap.dist / step);
      const ox = (p.lon - lon0) * kx;
      const oy = (p.lat - lat0) * ky;
      const tx = (p.snap.lon - lon0) * kx;
      const ty = (p.snap.lat - lat0) * ky;
      for (let i = 0; i < n; i++) {
        const t = i / n;
        const d = p.snap.dist * t;
        if (d <= bmax) this.sample(ox + (tx - ox) * t, oy + (ty - oy) * t, d);
      }
    }
    return this.polygons(proj, reachedLen, reachedNodes);
  }

  private polygons(proj: LocalProjection, reachedLen: Float64Array, reachedNodes: Uint32Array): BandResult[] {
    const { budgets, corridorM, resolutionM: r } = this.opts;
    const ns = this.ns;
    const out: BandResult[] = [];
    if (ns === 0)
      return budgets.map((b, i) => ({
        budget: b,
        polygons: [],
        areaM2: 0,
        reachedLengthM: reachedLen[i],
        reachedNodes: reachedNodes[i],
      }));
    const sx = this.sx;
    const sy = this.sy;
    const sd = this.sd;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < ns; i++) {
      if (sx[i] < minX) minX = sx[i];
      if (sx[i] > maxX) maxX = sx[i];
      if (sy[i] < minY) minY = sy[i];
      if (sy[i] > maxY) maxY = sy[i];
    }
    const padCells = Math.ceil(corridorM / r) + 3;
    const gx0 = minX - padCells * r;
    const gy0 = minY - padCells * r;
    const w = Math.ceil((maxX - minX) / r) + 2 * padCells + 1;
    const h = Math.ceil((maxY - minY) / r) + 2 * padCells + 1;
    const cells = w * h;
    if (cells > MAX_GRID_CELLS)
      throw new InputError(
        `an isochrone grid of ${w} × ${h} cells (${budgets[budgets.length - 1]} m at ${r} m ` +
          `resolution) is too large; use a coarser resolution or smaller bands`,
      );
    if (this.grid.length < cells) {
      this.grid = new Float32Array(cells);
      this.dist2 = new Float64Array(cells);
    }
    const grid = this.grid;
    grid.fill(Infinity, 0, cells);
    // per band: bounding box (in grid points) of the points within the band
    const nb = budgets.length;
    const bx0 = new Int32Array(nb).fill(w);
    const by0 = new Int32Array(nb).fill(h);
    const bx1 = new Int32Array(nb).fill(-1);
    const by1 = new Int32Array(nb).fill(-1);
    for (let i = 0; i < ns; i++) {
      const gx = Math.round((sx[i] - gx0) / r);
      const gy = Math.round((sy[i] - gy0) / r);
      const k = gx + gy * w;
      const d = sd[i];
      if (d < grid[k]) grid[k] = d;
      for (let b = 0; b < nb; b++) {
        if (d <= budgets[b]) {
          if (gx < bx0[b]) bx0[b] = gx;
          if (gx > bx1[b]) bx1[b] = gx;
          if (gy < by0[b]) by0[b] = gy;
          if (gy > by1[b]) by1[b] = gy;
        }
      }
    }
    const cw = corridorM / r; // corridor in grid units
    const d2 = this.dist2;
    const reach = Math.ceil(cw) + 2;
    for (let b = 0; b < nb; b++) {
      const budget = budgets[b];
      if (bx1[b] < 0) {
        out.push({ budget, polygons: [], areaM2: 0, reachedLengthM: reachedLen[b], reachedNodes: reachedNodes[b] });
        continue;
      }
      // the window keeps one sample of margin inside the grid for the contour tracer
      const x0 = Math.max(1, bx0[b] - reach);
      const y0 = Math.max(1, by0[b] - reach);
      const x1 = Math.min(w - 1, bx1[b] + reach + 1);
      const y1 = Math.min(h - 1, by1[b] + reach + 1);
      this.edt.transform(grid, budget, w, x0, y0, x1, y1, d2, cw + 2);
      const rings = this.tracer.trace({ d2, w, x0, y0, x1, y1, level: cw });
      const { polygons, area } = ringsToPolygons(
        rings,
        (x, y) => [proj.lon(gx0 + x * r), proj.lat(gy0 + y * r)],
        MIN_PART_M2 / (r * r),
      );
      out.push({
        budget,
        polygons,
        areaM2: area * r * r,
        reachedLengthM: reachedLen[b],
        reachedNodes: reachedNodes[b],
      });
    }
    return out;
  }
}

/**
 * length of [0, L] covered by the sources' intervals for a budget B: the intervals in order of
 * their start (a stable insertion sort: there are one to three on almost every edge), merged
 */
function coveredLength(src: EdgeSources, B: number, L: number): number {
  const { lo, hi } = src;
  let m = 0;
  for (let j = 0; j < src.n; j++) {
    const rem = B - src.costM[j];
    if (rem < 0) continue;
    const a = src.atM[j];
    const l = Math.max(0, src.towardsU[j] ? a - rem : a);
    const h = Math.min(L, src.towardsV[j] ? a + rem : a);
    if (!(h > l)) continue;
    let i = m++;
    while (i > 0 && lo[i - 1] > l) {
      lo[i] = lo[i - 1];
      hi[i] = hi[i - 1];
      i--;
    }
    lo[i] = l;
    hi[i] = h;
  }
  if (m === 0) return 0;
  let total = 0;
  let cl = lo[0];
  let ch = hi[0];
  for (let i = 1; i < m; i++) {
    if (lo[i] <= ch) ch = Math.max(ch, hi[i]);
    else {
      total += ch - cl;
      cl = lo[i];
      ch = hi[i];
    }
  }
  return total + ch - cl;
}
