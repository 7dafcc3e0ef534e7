/**
 * Snapping: a point goes to the nearest point on the nearest walkable edge (not the nearest
 * node), skipping edges on small disconnected fragments (as Valhalla's minimum_reachability
 * does). The edge is split virtually at the snap point; the straight leg from the point to the
 * network is walked and counted in every distance.
 */
import { metresPerDegree, segmentLength } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { type EdgeIndex, edgeIndex } from './edge-index.js';
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
      const dx = bx - ax;
      const dy = by - ay;
      const l2 = dx * dx + dy * dy;
      let t = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
      t = t < 0 ? 0 : Math.min(t, 1);
      const d = hypot(ax + t * dx, ay + t * dy);
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

/** the snapped point at parameter t of segment s (the nearest segment found), its off-network leg dist metres */
export function snapOnSegment(net: WalkNetwork, ei: EdgeIndex, s: number, t: number, dist: number): SnappedPoint {
  const { geomLon, geomLat } = net;
  const e = ei.segEdge[s];
  const a = ei.segVertex[s];
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
