/**
 * A point snapped onto the walking network — what OSRM calls a PhantomNode — and the one place
 * that knows which ends of its edge can be walked, and how far, for every search that starts or
 * ends at such a point (snapping, routes, isochrones, coverage).
 *
 *              Q                     the original point (a resident, a gate, a facility, --from)
 *              │ dist                its off-network leg, walked in a straight line
 *   u ─────────P──────────────── v   edge e, geometry from u to v, length L = edgeLen[e]
 *   ◄─ along ─►◄─── L - along ───►
 *
 * Which ends can be walked depends on the edge's oneway:foot flag:
 *
 *   two-way             u ◄──P──► v    P walks to u and to v; u and v walk to P
 *   EDGE_FORWARD_ONLY   u ───P──► v    P walks only to v; only u walks to P
 *   EDGE_BACKWARD_ONLY  u ◄──P─── v    P walks only to u; only v walks to P
 *
 * A point snapped exactly onto an end (along 0 or L) *is* that node: it walks wherever the node
 * does, whatever the edge's direction.
 *
 * Every cost here includes the off-network leg of the point it is about, so the walk between two
 * snapped points is  leg + network + leg.  The network part alone is `sameEdgeMetres` when both
 * points lie on one edge and walk along it, else a graph search between edge ends.
 */
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../network/types.js';
import type { Seed } from '../route/dijkstra.js';

export interface SnappedPoint {
  edge: number;
  /** metres along the edge from its u end */
  along: number;
  /** the snap point on the edge */
  lon: number;
  lat: number;
  /** straight-line distance from the original point to the snap point (the off-network leg), metres */
  dist: number;
}

/** the columns of the network a snapped point's costs read */
export type EdgeTable = Pick<WalkNetwork, 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags'>;

/** may edge e be walked from u towards v? */
export function walksForward(net: EdgeTable, e: number): boolean {
  return (net.edgeFlags[e] & EDGE_BACKWARD_ONLY) === 0;
}

/** may edge e be walked from v towards u? */
export function walksBackward(net: EdgeTable, e: number): boolean {
  return (net.edgeFlags[e] & EDGE_FORWARD_ONLY) === 0;
}

/**
 * Network metres from P to u and to v, Infinity where the edge may not be walked that way.
 *
 *   u ◄──── along ──── P ──── L - along ────► v
 */
export function leaveMetres(net: EdgeTable, p: SnappedPoint): [toU: number, toV: number] {
  const e = p.edge;
  const L = net.edgeLen[e];
  return [
    walksBackward(net, e) || p.along <= 0 ? p.along : Infinity,
    walksForward(net, e) || p.along >= L ? L - p.along : Infinity,
  ];
}

/**
 * Network metres from u and from v to P, Infinity where the edge may not be walked that way.
 *
 *   u ──── along ────► P ◄──── L - along ──── v
 */
export function enterMetres(net: EdgeTable, p: SnappedPoint): [fromU: number, fromV: number] {
  const e = p.edge;
  const L = net.edgeLen[e];
  return [
    walksForward(net, e) || p.along <= 0 ? p.along : Infinity,
    walksBackward(net, e) || p.along >= L ? L - p.along : Infinity,
  ];
}

/** a search seed at one end of the point's edge (`end` tells which even on a loop edge, where u = v) */
export interface EndSeed extends Seed {
  end: 'u' | 'v';
}

/** Seeds of a search from P on the forward graph: the ends P walks to, at leg + metres to the end. */
export function sourceSeeds(net: EdgeTable, p: SnappedPoint): EndSeed[] {
  const [toU, toV] = leaveMetres(net, p);
  const seeds: EndSeed[] = [];
  if (toU < Infinity) seeds.push({ node: net.edgeU[p.edge], cost: p.dist + toU, end: 'u' });
  if (toV < Infinity) seeds.push({ node: net.edgeV[p.edge], cost: p.dist + toV, end: 'v' });
  return seeds;
}

/** Seeds of a search towards P on the reverse graph: the ends that walk to P, at leg + metres from the end. */
export function targetSeeds(net: EdgeTable, p: SnappedPoint): EndSeed[] {
  const [fromU, fromV] = enterMetres(net, p);
  const seeds: EndSeed[] = [];
  if (fromU < Infinity) seeds.push({ node: net.edgeU[p.edge], cost: p.dist + fromU, end: 'u' });
  if (fromV < Infinity) seeds.push({ node: net.edgeV[p.edge], cost: p.dist + fromV, end: 'v' });
  return seeds;
}

/**
 * Walking metres from a forward search's sources to P (P's leg included), given the search's node
 * distances; Infinity when neither walkable end was reached. Same-edge sources are not seen here:
 * add `sameEdgeMetres` for them.
 */
export function arrivalMetres(net: EdgeTable, nodeDist: Float64Array, p: SnappedPoint): number {
  const [fromU, fromV] = enterMetres(net, p);
  const viaU = nodeDist[net.edgeU[p.edge]] + fromU;
  const viaV = nodeDist[net.edgeV[p.edge]] + fromV;
  return Math.min(viaU, viaV) + p.dist;
}

/**
 * Walking metres from P (its leg included) to a reverse search's targets, given that search's
 * node distances; Infinity when neither end P walks to reaches a target.
 */
export function departureMetres(net: EdgeTable, nodeDist: Float64Array, p: SnappedPoint): number {
  return departureMetresAt(net, nodeDist, p.edge, p.along, p.dist);
}

/**
 * departureMetres of the point `along` metres along edge `e`, `leg` metres off it (SnappedColumns'
 * form); with `rank`, node v's distance is nodeDist[rank[v]] (a search run on a renumbered graph)
 */
export function departureMetresAt(
  net: EdgeTable,
  nodeDist: Float64Array,
  e: number,
  along: number,
  leg: number,
  rank: Uint32Array | null = null,
): number {
  const L = net.edgeLen[e];
  const u = net.edgeU[e];
  const v = net.edgeV[e];
  // inlined leaveMetres: this runs for every resident and gap-grid point of every category
  const viaU = walksBackward(net, e) || along <= 0 ? along + nodeDist[rank ? rank[u] : u] : Infinity;
  const viaV = walksForward(net, e) || along >= L ? L - along + nodeDist[rank ? rank[v] : v] : Infinity;
  return leg + Math.min(viaU, viaV);
}

/**
 * Many snapped points in columns, for a community's gap grid (thousands of points each, millions
 * on a province: as objects they were ~100 bytes each and most of the JS heap). `edge` is -1 where
 * a point is not snapped. Only what distances need is kept: the edge, the metres along it, the leg.
 */
export class SnappedColumns {
  readonly edge: Int32Array;
  readonly along: Float64Array;
  readonly dist: Float64Array;

  constructor(
    readonly length: number,
    columns?: { edge: Int32Array; along: Float64Array; dist: Float64Array },
  ) {
    this.edge = columns?.edge ?? new Int32Array(length).fill(-1);
    this.along = columns?.along ?? new Float64Array(length);
    this.dist = columns?.dist ?? new Float64Array(length);
  }

  set(k: number, p: SnappedPoint | null): void {
    if (!p) {
      this.edge[k] = -1;
      return;
    }
    this.edge[k] = p.edge;
    this.along[k] = p.along;
    this.dist[k] = p.dist;
  }
}

/**
 * Network metres from P straight along the edge to T when both lie on the same edge and the edge
 * may be walked from P towards T (legs not included); Infinity otherwise.
 *
 *   u ──── P ═══════► T ──── v     T beyond P: needs the u → v direction
 *   u ──── T ◄═══════ P ──── v     T before P: needs the v → u direction
 *   u ──── P=T ───────────── v     the same spot: 0 m, whatever the direction
 */
export function sameEdgeMetres(net: EdgeTable, p: SnappedPoint, t: SnappedPoint): number {
  if (p.edge !== t.edge) return Infinity;
  const delta = t.along - p.along;
  if (delta > 0) return walksForward(net, p.edge) ? delta : Infinity;
  if (delta < 0) return walksBackward(net, p.edge) ? -delta : Infinity;
  return 0;
}
