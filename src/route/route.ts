/**
 * A walking route between two points (the `route` command), found with ngraph.path's A* on the
 * walking graph, with the two points snapped onto their nearest edges as virtual nodes. The same
 * graph construction serves as the independent oracle for the Dijkstra tests.
 */
import createGraph, { type Graph } from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import type { Position } from 'geojson';
import { metresPerDegree, segmentLength } from '../geo/geodesy.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../network/types.js';
import type { Snap } from '../snap/snap.js';

export interface LinkData {
  w: number;
  /** network edge, or -1 for a direct link between two snap points on the same edge */
  e: number;
  /** metres along the edge where the link starts and ends (from u) */
  from: number;
  to: number;
}

type NodeId = number | 'from' | 'to';

/** ngraph graph of the network: one oriented link per walkable direction of every edge */
export function networkGraph(
  net: Pick<WalkNetwork, 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags' | 'nodeCount'>,
): Graph<unknown, LinkData> {
  const g = createGraph<unknown, LinkData>({ multigraph: true });
  for (let i = 0; i < net.nodeCount; i++) g.addNode(i);
  for (let e = 0; e < net.edgeCount; e++) {
    const L = net.edgeLen[e];
    const f = net.edgeFlags[e];
    if (!(f & EDGE_BACKWARD_ONLY)) g.addLink(net.edgeU[e], net.edgeV[e], { w: L, e, from: 0, to: L });
    if (!(f & EDGE_FORWARD_ONLY)) g.addLink(net.edgeV[e], net.edgeU[e], { w: L, e, from: L, to: 0 });
  }
  return g;
}

/** links of the cheapest path through `nodes` (given source first) */
function cheapestLinks(g: Graph<unknown, LinkData>, nodes: NodeId[]): LinkData[] {
  const out: LinkData[] = [];
  for (let i = 0; i + 1 < nodes.length; i++) {
    let best: LinkData | null = null;
    g.forEachLinkedNode(
      nodes[i],
      (_n, link) => {
        if (link.fromId === nodes[i] && link.toId === nodes[i + 1] && (!best || link.data.w < best.w)) best = link.data;
      },
      true,
    );
    out.push(best!);
  }
  return out;
}

/** Shortest path cost between two graph nodes by ngraph.path (Infinity if unreachable). */
export function ngraphDistance(g: Graph<unknown, LinkData>, s: number, t: number): number {
  if (s === t) return 0;
  const finder = ngraphPath.aStar(g, { oriented: true, distance: (_a, _b, link) => (link.data as LinkData).w });
  const path = finder.find(s, t);
  if (!path.length) return Infinity;
  const ids = path.map((n) => n.id as number).reverse();
  return cheapestLinks(g, ids).reduce((acc, l) => acc + l.w, 0);
}

export interface Route {
  /** total walking length: off-network legs + network part, metres */
  lengthM: number;
  networkM: number;
  legFromM: number;
  legToM: number;
  coordinates: Position[];
  edges: number[];
}

/** The points along edge e between metres `a` and `b` from its u end (reversed when a > b). */
export function edgeSubline(net: WalkNetwork, e: number, a: number, b: number): Position[] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const pts: Position[] = [];
  let s = 0;
  const g0 = net.geomOff[e];
  const g1 = net.geomOff[e + 1];
  for (let k = g0; k + 1 < g1; k++) {
    const x0 = net.geomLon[k];
    const y0 = net.geomLat[k];
    const x1 = net.geomLon[k + 1];
    const y1 = net.geomLat[k + 1];
    const l = segmentLength(x0, y0, x1, y1);
    const s1 = s + l;
    const at = (d: number): Position => {
      const t = l > 0 ? (d - s) / l : 0;
      return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t];
    };
    if (s1 >= lo && s <= hi) {
      if (!pts.length) pts.push(at(Math.max(lo, s)));
      if (s1 <= hi) pts.push([x1, y1]);
      else {
        pts.push(at(hi));
        break;
      }
    }
    s = s1;
  }
  return a <= b ? pts : pts.reverse();
}

/** The walking route from one snapped point to another, or null if none exists. */
export function findRoute(
  net: WalkNetwork,
  from: { lon: number; lat: number; snap: Snap },
  to: { lon: number; lat: number; snap: Snap },
  g = networkGraph(net),
): Route | null {
  const fs = from.snap;
  const ts = to.snap;
  const add = (a: NodeId, b: NodeId, d: LinkData) => g.addLink(a, b, d);
  const fwd = (e: number) => !(net.edgeFlags[e] & EDGE_BACKWARD_ONLY);
  const back = (e: number) => !(net.edgeFlags[e] & EDGE_FORWARD_ONLY);
  const L = (e: number) => net.edgeLen[e];
  // virtual links: from the start point onto its edge's ends, from edge ends onto the end point
  if (back(fs.edge)) add('from', net.edgeU[fs.edge], { w: fs.along, e: fs.edge, from: fs.along, to: 0 });
  if (fwd(fs.edge))
    add('from', net.edgeV[fs.edge], { w: L(fs.edge) - fs.along, e: fs.edge, from: fs.along, to: L(fs.edge) });
  if (fwd(ts.edge)) add(net.edgeU[ts.edge], 'to', { w: ts.along, e: ts.edge, from: 0, to: ts.along });
  if (back(ts.edge))
    add(net.edgeV[ts.edge], 'to', { w: L(ts.edge) - ts.along, e: ts.edge, from: L(ts.edge), to: ts.along });
  if (fs.edge === ts.edge && (ts.along >= fs.along ? fwd(fs.edge) : back(fs.edge)))
    add('from', 'to', { w: Math.abs(ts.along - fs.along), e: fs.edge, from: fs.along, to: ts.along });
  try {
    // straight-line distance never exceeds the walking distance, so A* stays exact
    const { kx, ky } = metresPerDegree(to.snap.lat);
    const pos = (id: NodeId): [number, number] =>
      id === 'from' ? [fs.lon, fs.lat] : id === 'to' ? [ts.lon, ts.lat] : [net.nodeLon[id], net.nodeLat[id]];
    const finder = ngraphPath.aStar(g, {
      oriented: true,
      distance: (_a, _b, link) => (link.data as LinkData).w,
      heuristic: (a, b) => {
        const p = pos(a.id as NodeId);
        const q = pos(b.id as NodeId);
        return 0.99 * Math.hypot((p[0] - q[0]) * kx, (p[1] - q[1]) * ky);
      },
    });
    const path = finder.find('from', 'to');
    if (!path.length) return null;
    const ids = path.map((n) => n.id as NodeId).reverse();
    const links = cheapestLinks(g, ids);
    const coords: Position[] = [[Math.round(from.lon * 1e7) / 1e7, Math.round(from.lat * 1e7) / 1e7]];
    const push = (p: Position) => {
      const q = [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
      const last = coords[coords.length - 1];
      if (last[0] !== q[0] || last[1] !== q[1]) coords.push(q);
    };
    push([fs.lon, fs.lat]);
    for (const l of links) for (const p of edgeSubline(net, l.e, l.from, l.to)) push(p);
    push([ts.lon, ts.lat]);
    push([to.lon, to.lat]);
    const networkM = links.reduce((acc, l) => acc + l.w, 0);
    return {
      lengthM: fs.dist + networkM + ts.dist,
      networkM,
      legFromM: fs.dist,
      legToM: ts.dist,
      coordinates: coords,
      edges: [...new Set(links.map((l) => l.e))],
    };
  } finally {
    g.removeNode('from');
    g.removeNode('to');
  }
}
