/**
 * Snapping: a point goes to the nearest point on the nearest walkable edge (not the nearest
 * node), skipping edges on small disconnected fragments (as Valhalla's minimum_reachability
 * does). The edge is split virtually at the snap point; the straight leg from the point to the
 * network is walked and counted in every distance.
 */
import { metresPerDegree, segmentLength } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { builtEdgeIndex, type EdgeIndex, edgeIndex } from './edge-index.js';
import type { SnappedPoint } from './snapped-point.js';

import { DEFAULT_SNAP, type SnapOptions } from '../params/parameters.js';
import { hypot } from '../geo/hypot.js';

export type { SnapOptions, SnappedPoint };

export type SnapResult = { ok: true; snap: SnappedPoint } | { ok: false; reason: string; nearestM?: number };

export function snapPoint(net: WalkNetwork, lon: number, lat: number, opts: Partial<SnapOptions> = {}): SnapResult {
  // a point without numeric coordinates has no nearest edge (the index search would take every
  // segment, step by step: minutes on a city)
  if (!Number.isFinite(lon) || !Number.isFinite(lat))
    return { ok: false, reason: `the point (${lon}, ${lat}) has no numeric coordinates` };
  const { maxSnapM: maxD, minComponent } = { ...DEFAULT_SNAP, ...opts };
  const minComp = Math.min(minComponent, net.meta.componentSizes[0] ?? 0);
  const ei = edgeIndex(net);
  const { proj, index, segEdge, segVertex } = ei;
  const { geomLon, geomLat } = net;
  // exact distances in a frame centred on the query point; the index's projection (centred on the
  // network) is only used to find candidates. Away from its centre it stretches distances by up to
  // proj.k / k(lat) — under 1 % across a city, far more across a province — so the search radius
  // and the stop test are widened by that factor.
  const { kx, ky } = metresPerDegree(lat);
  const qx = proj.x(lon);
  const qy = proj.y(lat);
  const slack = Math.max(1, proj.kx / kx, proj.ky / ky) * 1.02;
  const sizes = net.meta.componentSizes;
  let best = -1;
  let bestD = Infinity;
  let bestT = 0;
  let nearestAny = Infinity;
  let k = 16;
  for (;;) {
    const cand = index.neighbors(qx, qy, k, maxD * slack + 1);
    for (const s of cand) {
      const a = segVertex[s];
      const ax = (geomLon[a] - lon) * kx;
      const ay = (geomLat[a] - lat) * ky;
      const bx = (geomLon[a + 1] - lon) * kx;
      const by = (geomLat[a + 1] - lat) * ky;
      const d = segmentDistance(ax, ay, bx, by);
      const t = segmentT[0];
      if (d < nearestAny) nearestAny = d;
      const e = segEdge[s];
      if (sizes[net.nodeComp[net.edgeU[e]]] < minComp) continue;
      // deterministic tie-break: lower segment index
      if (d < bestD || (d === bestD && s < best)) {
        bestD = d;
        best = s;
        bestT = t;
      }
    }
    if (cand.length < k) break; // all candidates within range were seen
    // candidates come in order of box distance: if the last box is farther than the best exact
    // distance (with slack), no later candidate can beat it
    const last = cand[cand.length - 1];
    if (bestD < Infinity && segmentBoxDistance(net, ei, last, qx, qy) > bestD * slack + 1) break;
    k *= 4;
  }
  if (best < 0 || bestD > maxD) {
    if (!Number.isFinite(nearestAny)) {
      // nothing within range: find how far the network is, for the message
      for (const s of index.neighbors(qx, qy, 8)) {
        const a = segVertex[s];
        nearestAny = Math.min(
          nearestAny,
          pointSegmentMetres(lon, lat, geomLon[a], geomLat[a], geomLon[a + 1], geomLat[a + 1], kx, ky),
        );
      }
    }
    if (nearestAny <= maxD)
      return {
        ok: false,
        reason:
          `the walkable ways within ${maxD} m belong to small disconnected fragments (fewer than ` +
          `${minComp} nodes); lower --min-component or check the network there`,
        nearestM: nearestAny,
      };
    return {
      ok: false,
      reason:
        `no walkable way within ${maxD} m${Number.isFinite(nearestAny) ? ` (nearest is ${Math.round(nearestAny)} m away)` : ''}` +
        '; raise --max-snap or check the coordinates',
      nearestM: Number.isFinite(nearestAny) ? nearestAny : undefined,
    };
  }
  return { ok: true, snap: snapOnSegment(net, ei, best, bestT, bestD) };
}

/** above this many point × edge tests, snapPoints builds the edge index instead of scanning */
const SCAN_LIMIT = 2e7;

/**
 * snapPoint for each of a few points, to the bit. Building the edge index of the whole network
 * costs more than a few points need (Liechtenstein's 56,000 segments: ~35 ms on a cold JIT, for 85
 * isochrone origins whose searches then take ~13 ms); so while points × edges stays under
 * SCAN_LIMIT and no index exists yet, each point tests every edge's box (in degrees, made once) and
 * the segments of the edges within maxSnapM with snapPoint's exact distance, in segment order (the
 * lower index wins ties, as there), small fragments skipped. A point with no answer goes to
 * snapPoint itself, for its reason (that builds the index).
 */
export function snapPoints(
  net: WalkNetwork,
  points: [number, number][],
  opts: Partial<SnapOptions> = {},
): SnapResult[] {
  if (builtEdgeIndex(net) || points.length * net.edgeCount > SCAN_LIMIT)
    return points.map(([lon, lat]) => snapPoint(net, lon, lat, opts));
  const { maxSnapM: maxD, minComponent } = { ...DEFAULT_SNAP, ...opts };
  const minComp = Math.min(minComponent, net.meta.componentSizes[0] ?? 0);
  const { geomLon, geomLat, geomOff, edgeCount } = net;
  const sizes = net.meta.componentSizes;
  const { nodeComp, edgeU } = net;
  // each edge's box in degrees (NaN for a small fragment's: never within reach), so a point looks
  // at the segments of the few edges near it
  const box = new Float64Array(4 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let v = geomOff[e]; v < geomOff[e + 1]; v++) {
      const x = geomLon[v];
      const y = geomLat[v];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (sizes[nodeComp[edgeU[e]]] < minComp) x0 = x1 = y0 = y1 = Number.NaN;
    box[4 * e] = x0;
    box[4 * e + 1] = y0;
    box[4 * e + 2] = x1;
    box[4 * e + 3] = y1;
  }
  return points.map(([lon, lat]) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return snapPoint(net, lon, lat, opts);
    const { kx, ky } = metresPerDegree(lat);
    // an edge whose box lies beyond maxSnapM (with 1 % to spare for rounding) has no segment the
    // exact test below would keep: skipping it changes nothing
    const dLon = (maxD / kx) * 1.01;
    const dLat = (maxD / ky) * 1.01;
    let best = -1;
    let bestE = -1;
    let bestA = -1;
    let bestD = Infinity;
    let bestT = 0;
    for (let e = 0; e < edgeCount; e++) {
      // NaN boxes (small fragments) fail every test
      if (!(box[4 * e] <= lon + dLon && box[4 * e + 2] >= lon - dLon)) continue;
      if (!(box[4 * e + 1] <= lat + dLat && box[4 * e + 3] >= lat - dLat)) continue;
      const g1 = geomOff[e + 1];
      // segment index of the edge's first segment, as the edge index numbers them
      let s = geomOff[e] - e;
      for (let a = geomOff[e]; a + 1 < g1; a++, s++) {
        const ax = (geomLon[a] - lon) * kx;
        const bx = (geomLon[a + 1] - lon) * kx;
        if ((ax > maxD && bx > maxD) || (ax < -maxD && bx < -maxD)) continue;
        const ay = (geomLat[a] - lat) * ky;
        const by = (geomLat[a + 1] - lat) * ky;
        if ((ay > maxD && by > maxD) || (ay < -maxD && by < -maxD)) continue;
        const d = segmentDistance(ax, ay, bx, by);
        const t = segmentT[0];
        if (d < bestD) {
          bestD = d;
          best = s;
          bestE = e;
          bestA = a;
          bestT = t;
        }
      }
    }
    if (best < 0 || bestD > maxD) return snapPoint(net, lon, lat, opts);
    return { ok: true, snap: snapAt(net, bestE, bestA, bestT, bestD) };
  });
}

/** the parameter (0 … 1) of the nearest point of the segment segmentDistance measured last */
export const segmentT = new Float64Array(1);

/**
 * Distance from the origin to the segment (ax, ay)–(bx, by) in a local metric frame centred on the
 * point being snapped; the nearest point's parameter goes to segmentT[0]. The one home of the
 * arithmetic snapPoint, snapPoints and AreaSnapper share, so that their answers agree to the bit.
 */
export function segmentDistance(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
  t = t < 0 ? 0 : Math.min(t, 1);
  segmentT[0] = t;
  return hypot(ax + t * dx, ay + t * dy);
}

/** the snapped point at parameter t of segment s (the nearest segment found), its off-network leg dist metres */
export function snapOnSegment(net: WalkNetwork, ei: EdgeIndex, s: number, t: number, dist: number): SnappedPoint {
  return snapAt(net, ei.segEdge[s], ei.segVertex[s], t, dist);
}

/** the snapped point at parameter t of the segment from vertex a of edge e */
function snapAt(net: WalkNetwork, e: number, a: number, t: number, dist: number): SnappedPoint {
  const { geomLon, geomLat } = net;
  const sLon = geomLon[a] + t * (geomLon[a + 1] - geomLon[a]);
  const sLat = geomLat[a] + t * (geomLat[a + 1] - geomLat[a]);
  let along = 0;
  for (let v = net.geomOff[e]; v < a; v++)
    along += segmentLength(geomLon[v], geomLat[v], geomLon[v + 1], geomLat[v + 1]);
  along += segmentLength(geomLon[a], geomLat[a], sLon, sLat);
  along = Math.min(along, net.edgeLen[e]);
  return { edge: e, along, lon: sLon, lat: sLat, dist };
}

function pointSegmentMetres(
  lon: number,
  lat: number,
  lon1: number,
  lat1: number,
  lon2: number,
  lat2: number,
  kx: number,
  ky: number,
): number {
  const ax = (lon1 - lon) * kx;
  const ay = (lat1 - lat) * ky;
  const dx = (lon2 - lon1) * kx;
  const dy = (lat2 - lat1) * ky;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
  t = t < 0 ? 0 : Math.min(t, 1);
  return hypot(ax + t * dx, ay + t * dy);
}

/** distance from (x, y) to the bounding box of segment s, in the index's projection */
function segmentBoxDistance(net: WalkNetwork, ei: EdgeIndex, s: number, x: number, y: number): number {
  const a = ei.segVertex[s];
  const ax = ei.proj.x(net.geomLon[a]);
  const ay = ei.proj.y(net.geomLat[a]);
  const bx = ei.proj.x(net.geomLon[a + 1]);
  const by = ei.proj.y(net.geomLat[a + 1]);
  const dx = Math.max(Math.min(ax, bx) - x, 0, x - Math.max(ax, bx));
  const dy = Math.max(Math.min(ay, by) - y, 0, y - Math.max(ay, by));
  return hypot(dx, dy);
}
