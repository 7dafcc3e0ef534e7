/**
 * Snapping many points of one area at once — a community's residents and its 10 m gap grid, the
 * candidate sites of a study area: the network segments near the area are taken from the edge
 * index once and binned in a uniform grid of CELL_M cells, so each point reads a few cells
 * instead of running a k-nearest query (with its allocations) on the whole network's index.
 *
 * The answer is snapPoint's, to the bit: the nearest segment by the same exact distance (in a
 * frame at the point's own latitude), the lower segment index on ties, small fragments skipped,
 * nothing beyond maxSnapM, and the same snapped point (snapOnSegment). Points outside the area
 * go to snapPoint itself. Only the answer is given, not why a point could not be snapped.
 */
import { metresPerDegree } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { DEFAULT_SNAP, type SnapOptions } from '../params/parameters.js';
import { type EdgeIndex, edgeIndex } from './edge-index.js';
import { segmentDistance, segmentT, snapOnSegment, snapPoint } from './snap.js';
import type { SnappedPoint } from './snapped-point.js';

/** cell size (m, in the edge index's projection): a few segments per cell in a dense city */
const CELL_M = 20;

/** snapPoint's slack: how much the edge index's projection may stretch distances at latitude lat */
function slackAt(ei: EdgeIndex, lat: number): number {
  const { kx, ky } = metresPerDegree(lat);
  return Math.max(1, ei.proj.kx / kx, ei.proj.ky / ky) * 1.02;
}

export class AreaSnapper {
  private readonly ei: EdgeIndex;
  private readonly maxD: number;
  private readonly box: [number, number, number, number];
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cellOff: Uint32Array;
  private readonly cellSeg: Uint32Array;
  /** per local segment: the query that last looked at it (each segment once per query) */
  private readonly seen: Uint32Array;
  /** local segment k -> segment index of the edge index */
  private readonly segOf: Uint32Array;
  private query = 0;

  /** the area: [minLon, minLat, maxLon, maxLat] */
  constructor(
    private readonly net: WalkNetwork,
    box: [number, number, number, number],
    private readonly opts: Partial<SnapOptions> = {},
  ) {
    const { maxSnapM, minComponent } = { ...DEFAULT_SNAP, ...opts };
    this.maxD = maxSnapM;
    const minComp = Math.min(minComponent, net.meta.componentSizes[0] ?? 0);
    this.box = box;
    const ei = edgeIndex(net);
    this.ei = ei;
    const { proj } = ei;
    // every segment that can be the nearest within maxSnapM of a point in the box: its box lies
    // within maxSnapM × slack (+1, as snapPoint) of the box in the index's projection
    const slack = Math.max(slackAt(ei, box[1]), slackAt(ei, box[3]));
    const m = maxSnapM * slack + 1;
    const bx0 = proj.x(box[0]) - m;
    const by0 = proj.y(box[1]) - m;
    const bx1 = proj.x(box[2]) + m;
    const by1 = proj.y(box[3]) + m;
    const { geomLon, geomLat } = net;
    const sizes = net.meta.componentSizes;
    const near = ei.index.search(bx0, by0, bx1, by1);
    this.x0 = bx0;
    this.y0 = by0;
    const nx = Math.max(1, Math.ceil((bx1 - bx0) / CELL_M));
    const ny = Math.max(1, Math.ceil((by1 - by0) / CELL_M));
    this.nx = nx;
    this.ny = ny;
    // each kept segment's span of cells, in typed arrays (not a tuple and a closure call a
    // segment: half the build's time, 170 builds a city job)
    const { segVertex, segEdge } = ei;
    const { nodeComp, edgeU } = net;
    const segOf = new Uint32Array(Math.max(1, near.length));
    const span = new Int32Array(4 * near.length);
    let kept = 0;
    for (let q = 0; q < near.length; q++) {
      const s = near[q];
      if (sizes[nodeComp[edgeU[segEdge[s]]]] < minComp) continue;
      const a = segVertex[s];
      const ax = proj.x(geomLon[a]);
      const ay = proj.y(geomLat[a]);
      const bx = proj.x(geomLon[a + 1]);
      const by = proj.y(geomLat[a + 1]);
      span[4 * kept] = this.clampX(Math.floor((Math.min(ax, bx) - bx0) / CELL_M));
      span[4 * kept + 1] = this.clampY(Math.floor((Math.min(ay, by) - by0) / CELL_M));
      span[4 * kept + 2] = this.clampX(Math.floor((Math.max(ax, bx) - bx0) / CELL_M));
      span[4 * kept + 3] = this.clampY(Math.floor((Math.max(ay, by) - by0) / CELL_M));
      segOf[kept++] = s;
    }
    const nCells = nx * ny;
    const off = new Uint32Array(nCells + 1);
    for (let k = 0; k < kept; k++)
      for (let j = span[4 * k + 1]; j <= span[4 * k + 3]; j++)
        for (let i = span[4 * k]; i <= span[4 * k + 2]; i++) off[j * nx + i + 1]++;
    for (let c = 0; c < nCells; c++) off[c + 1] += off[c];
    const seg = new Uint32Array(off[nCells]);
    const fill = off.slice(0, nCells);
    for (let k = 0; k < kept; k++)
      for (let j = span[4 * k + 1]; j <= span[4 * k + 3]; j++)
        for (let i = span[4 * k]; i <= span[4 * k + 2]; i++) seg[fill[j * nx + i]++] = k;
    this.cellOff = off;
    this.cellSeg = seg;
    this.seen = new Uint32Array(Math.max(1, kept));
    this.segOf = segOf;
  }

  private clampX(i: number): number {
    return i < 0 ? 0 : i >= this.nx ? this.nx - 1 : i;
  }
  private clampY(j: number): number {
    return j < 0 ? 0 : j >= this.ny ? this.ny - 1 : j;
  }

  /** the point on the network, or null where snapPoint would not place it */
  snap(lon: number, lat: number): SnappedPoint | null {
    const b = this.box;
    if (!(lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3])) {
      const r = snapPoint(this.net, lon, lat, this.opts);
      return r.ok ? r.snap : null;
    }
    const { ei, net, maxD } = this;
    const { geomLon, geomLat } = net;
    const { segVertex } = ei;
    // the same frame and slack as snapPoint
    const { kx, ky } = metresPerDegree(lat);
    const qx = ei.proj.x(lon);
    const qy = ei.proj.y(lat);
    const slack = Math.max(1, ei.proj.kx / kx, ei.proj.ky / ky) * 1.02;
    const q = ++this.query;
    const seen = this.seen;
    const ci = Math.floor((qx - this.x0) / CELL_M);
    const cj = Math.floor((qy - this.y0) / CELL_M);
    let best = -1;
    let bestD = Infinity;
    let bestT = 0;
    const range = maxD * slack + 1;
    for (let R = 0; ; R++) {
      // every segment not yet seen has its box at least R × CELL_M away from the point
      for (let j = cj - R; j <= cj + R; j++) {
        if (j < 0 || j >= this.ny) continue;
        const edgeRow = j === cj - R || j === cj + R;
        for (let i = ci - R; i <= ci + R; i += edgeRow || R === 0 ? 1 : 2 * R) {
          if (i < 0 || i >= this.nx) continue;
          const c = j * this.nx + i;
          for (let p = this.cellOff[c], end = this.cellOff[c + 1]; p < end; p++) {
            const k = this.cellSeg[p];
            if (seen[k] === q) continue;
            seen[k] = q;
            const s = this.segOf[k];
            const a = segVertex[s];
            // snapPoint's arithmetic (segmentDistance)
            const ax = (geomLon[a] - lon) * kx;
            const ay = (geomLat[a] - lat) * ky;
            const bx = (geomLon[a + 1] - lon) * kx;
            const by = (geomLat[a + 1] - lat) * ky;
            const d = segmentDistance(ax, ay, bx, by);
            const t = segmentT[0];
            if (d < bestD || (d === bestD && s < best)) {
              bestD = d;
              best = s;
              bestT = t;
            }
          }
        }
      }
      const reach = R * CELL_M;
      if (reach > range) break;
      if (bestD < Infinity && reach > bestD * slack + 1) break;
      if (ci - R < 0 && cj - R < 0 && ci + R >= this.nx && cj + R >= this.ny) break; // the whole grid is seen
    }
    if (best < 0 || bestD > maxD) return null;
    return snapOnSegment(net, ei, best, bestT, bestD);
  }
}
