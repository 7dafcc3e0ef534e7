/**
 * A walking route between two snapped points (the `route` command): our typed-array Dijkstra on
 * the network's forward graph (built once per network), started from the ends the start point
 * walks to and stopped as soon as the end point's best arrival is settled; the path is read back
 * from the search tree. (ngraph.path over a graph built once was measured against it —
 * BENCHMARKS.md, `node bench/route-inprocess.mjs` — and stays the tests' independent oracle.)
 */
import type { Position } from 'geojson';
import { ARC_REVERSED } from '../network/csr.js';
import { edgeSubline } from '../network/edge-geometry.js';
import type { WalkNetwork } from '../network/types.js';
import { enterMetres, leaveMetres, sameEdgeMetres, sourceSeeds, type SnappedPoint } from '../snap/snapped-point.js';
import { Dijkstra, type Seed } from './dijkstra.js';
import { walkGraph, type GraphNetwork } from './walk-graph.js';

/** a piece of an edge walked from metre `from` to metre `to` (measured from its u end) */
export type EdgePiece = [edge: number, from: number, to: number];

export interface Route {
  /** total walking length: off-network legs + network part, metres */
  lengthM: number;
  networkM: number;
  legFromM: number;
  legToM: number;
  coordinates: Position[];
  edges: number[];
}

/** a point and where it was snapped */
export interface PlacedPoint {
  lon: number;
  lat: number;
  snap: SnappedPoint;
}

/**
 * The line walked from `from` to `to`: the off-network leg, the edge pieces in walking order, the
 * leg at the end; coordinates rounded to 7 decimals, without repeated points.
 */
export function walkLine(net: WalkNetwork, from: PlacedPoint, pieces: EdgePiece[], to: PlacedPoint): Position[] {
  const coords: Position[] = [];
  const push = (x: number, y: number) => {
    const q = [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
    const last = coords[coords.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) coords.push(q);
  };
  push(from.lon, from.lat);
  push(from.snap.lon, from.snap.lat);
  for (const [e, a, b] of pieces) for (const p of edgeSubline(net, e, a, b)) push(p[0], p[1]);
  push(to.snap.lon, to.snap.lat);
  push(to.lon, to.lat);
  return coords;
}

/** The shortest walk between two snapped points as edge pieces and its network metres, or null. */
export function shortestPieces(
  net: GraphNetwork,
  from: SnappedPoint,
  to: SnappedPoint,
  dijkstra = new Dijkstra(walkGraph(net).forward, net.nodeCount),
): { pieces: EdgePiece[]; networkM: number } | null {
  const [fromU, fromV] = enterMetres(net, to);
  const exits: Seed[] = [];
  if (fromU < Infinity) exits.push({ node: net.edgeU[to.edge], cost: fromU });
  if (fromV < Infinity) exits.push({ node: net.edgeV[to.edge], cost: fromV });
  // seeds without the leg: the search measures network metres only
  const seeds = sourceSeeds(net, { ...from, dist: 0 });
  const direct = sameEdgeMetres(net, from, to);
  const found = dijkstra.runToExits(seeds, exits);
  if (direct < Infinity && direct <= found.cost)
    return { pieces: [[from.edge, from.along, to.along]], networkM: direct };
  if (found.exit < 0) return null;
  const csr = dijkstra.csr;
  const edgeOf = (a: number) => csr.edge[a] & ~ARC_REVERSED;
  const tail = (a: number) => (csr.edge[a] & ARC_REVERSED ? net.edgeV[edgeOf(a)] : net.edgeU[edgeOf(a)]);
  const arcs = dijkstra.pathTo(found.exit, tail);
  // the node the walk enters the graph at: the tail of its first arc, or the exit itself
  const entry = arcs.length ? tail(arcs[0]) : found.exit;
  const L = (e: number) => net.edgeLen[e];
  // which end of its edge the walk leaves the start by (on a loop edge, u = v: the cheaper side)
  const [toU, toV] = leaveMetres(net, from);
  const viaU = entry === net.edgeU[from.edge] && (entry !== net.edgeV[from.edge] || toU <= toV);
  const pieces: EdgePiece[] = [[from.edge, from.along, viaU ? 0 : L(from.edge)]];
  for (const a of arcs) {
    const e = edgeOf(a);
    pieces.push(csr.edge[a] & ARC_REVERSED ? [e, L(e), 0] : [e, 0, L(e)]);
  }
  const exitU = found.exit === net.edgeU[to.edge] && (found.exit !== net.edgeV[to.edge] || fromU <= fromV);
  pieces.push([to.edge, exitU ? 0 : L(to.edge), to.along]);
  return { pieces, networkM: found.cost };
}

/** The walking route from one snapped point to another, or null if none exists. */
export function findRoute(net: WalkNetwork, from: PlacedPoint, to: PlacedPoint): Route | null {
  const found = shortestPieces(net, from.snap, to.snap);
  if (!found) return null;
  return {
    lengthM: from.snap.dist + found.networkM + to.snap.dist,
    networkM: found.networkM,
    legFromM: from.snap.dist,
    legToM: to.snap.dist,
    coordinates: walkLine(net, from, found.pieces, to),
    edges: [...new Set(found.pieces.map((p) => p[0]))],
  };
}
