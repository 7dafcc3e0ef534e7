/**
 * The independent oracle for shortest paths: ngraph.path on an ngraph object graph of the
 * network, one oriented link per walkable direction of every edge. For snapped points the oracle
 * does not use snap/snapped-point.ts: it splits each edge at the points on it into real nodes
 * (keeping the edge's oneway direction on every piece), so a point-to-point distance is a plain
 * graph distance plus the two off-network legs.
 */
import createGraph, { type Graph } from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from '../../src/network/types.js';

export type MiniNet = Pick<WalkNetwork, 'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags'>;
type NodeId = number | string;
interface LinkData {
  w: number;
}

function addEdge(g: Graph<unknown, LinkData>, a: NodeId, b: NodeId, w: number, flags: number): void {
  if (!(flags & EDGE_BACKWARD_ONLY)) g.addLink(a, b, { w });
  if (!(flags & EDGE_FORWARD_ONLY)) g.addLink(b, a, { w });
}

/** ngraph graph of the network: one oriented link per walkable direction of every edge */
export function networkGraph(net: MiniNet): Graph<unknown, LinkData> {
  const g = createGraph<unknown, LinkData>({ multigraph: true });
  for (let i = 0; i < net.nodeCount; i++) g.addNode(i);
  for (let e = 0; e < net.edgeCount; e++) addEdge(g, net.edgeU[e], net.edgeV[e], net.edgeLen[e], net.edgeFlags[e]);
  return g;
}

/** Shortest path cost between two graph nodes by ngraph.path (Infinity if unreachable). */
export function ngraphDistance(g: Graph<unknown, LinkData>, s: NodeId, t: NodeId): number {
  if (s === t) return 0;
  const finder = ngraphPath.aStar(g, { oriented: true, distance: (_a, _b, link) => (link.data as LinkData).w });
  const path = finder.find(s, t);
  if (!path.length) return Infinity;
  const ids = path.map((n) => n.id as NodeId).reverse();
  let total = 0;
  for (let i = 0; i + 1 < ids.length; i++) {
    let best = Infinity;
    g.forEachLinkedNode(
      ids[i],
      (_n, link) => {
        if (link.fromId === ids[i] && link.toId === ids[i + 1] && link.data.w < best) best = link.data.w;
      },
      true,
    );
    total += best;
  }
  return total;
}

export interface OraclePoint {
  edge: number;
  along: number;
  dist: number;
}

/**
 * The network with every point's edge split at the point: returns the graph and, per point, the
 * graph node standing for it (an edge end when the point lies exactly on it).
 */
export function splitGraph(net: MiniNet, points: OraclePoint[]): { g: Graph<unknown, LinkData>; node: NodeId[] } {
  const g = createGraph<unknown, LinkData>({ multigraph: true });
  for (let i = 0; i < net.nodeCount; i++) g.addNode(i);
  const byEdge = new Map<number, number[]>();
  points.forEach((p, k) => {
    const list = byEdge.get(p.edge) ?? [];
    list.push(k);
    byEdge.set(p.edge, list);
  });
  const node: NodeId[] = new Array(points.length);
  for (let e = 0; e < net.edgeCount; e++) {
    const L = net.edgeLen[e];
    const on = byEdge.get(e);
    if (!on) {
      addEdge(g, net.edgeU[e], net.edgeV[e], L, net.edgeFlags[e]);
      continue;
    }
    // distinct positions along the edge, each one node
    const stops = [...new Set(on.map((k) => points[k].along))].sort((a, b) => a - b);
    const idAt = (at: number): NodeId => (at <= 0 ? net.edgeU[e] : at >= L ? net.edgeV[e] : `e${e}@${at}`);
    for (const k of on) node[k] = idAt(points[k].along);
    let prev: NodeId = net.edgeU[e];
    let prevAt = 0;
    for (const at of [...stops, L]) {
      const id = at >= L ? net.edgeV[e] : idAt(at);
      if (at > prevAt) addEdge(g, prev, id, at - prevAt, net.edgeFlags[e]);
      prev = id;
      prevAt = Math.max(prevAt, at);
    }
  }
  return { g, node };
}
