/**
 * Compressed sparse row adjacency of the walking graph, in typed arrays: the arcs leaving node i
 * are arcHead/arcW/arcEdge[off[i] .. off[i+1]). Undirected edges give two arcs; oneway:foot edges
 * one. The reverse graph (arcs into each node) serves searches towards facilities.
 */
import { sharedArray } from '../util/shared-array.js';
import { EDGE_BACKWARD_ONLY, EDGE_FORWARD_ONLY, type WalkNetwork } from './types.js';

export interface Csr {
  off: Uint32Array;
  head: Uint32Array;
  w: Float64Array;
  /** edge index of the arc; bit 31 set when the arc runs from the edge's v to its u */
  edge: Uint32Array;
}

export const ARC_REVERSED = 0x80000000;

export function buildCsr(
  net: Pick<WalkNetwork, 'nodeCount' | 'edgeCount' | 'edgeU' | 'edgeV' | 'edgeLen' | 'edgeFlags'> & {
    edgeCost?: Float64Array;
  },
  reverse = false,
): Csr {
  const { nodeCount: n, edgeCount: m, edgeU, edgeV, edgeFlags } = net;
  // a walker's penalised cost where it has one, else the length
  const edgeLen = net.edgeCost ?? net.edgeLen;
  // arc u->v exists unless backward-only; v->u unless forward-only. Reversed graph swaps them.
  const fwd = (e: number) => (edgeFlags[e] & (reverse ? EDGE_FORWARD_ONLY : EDGE_BACKWARD_ONLY)) === 0;
  const bwd = (e: number) => (edgeFlags[e] & (reverse ? EDGE_BACKWARD_ONLY : EDGE_FORWARD_ONLY)) === 0;
  const deg = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    if (fwd(e)) deg[edgeU[e]]++;
    if (bwd(e)) deg[edgeV[e]]++;
  }
  // shared from the start: the isochrone workers and the search thread read it as it is
  const off = sharedArray(Uint32Array, n + 1);
  for (let i = 0; i < n; i++) off[i + 1] = off[i] + deg[i];
  const arcs = off[n];
  const head = sharedArray(Uint32Array, arcs);
  const w = sharedArray(Float64Array, arcs);
  const edge = sharedArray(Uint32Array, arcs);
  const pos = off.slice(0, n);
  for (let e = 0; e < m; e++) {
    const u = edgeU[e];
    const v = edgeV[e];
    if (fwd(e)) {
      const p = pos[u]++;
      head[p] = v;
      w[p] = edgeLen[e];
      edge[p] = e;
    }
    if (bwd(e)) {
      const p = pos[v]++;
      head[p] = u;
      w[p] = edgeLen[e];
      edge[p] = (e | ARC_REVERSED) >>> 0;
    }
  }
  return { off, head, w, edge };
}

/**
 * The same graph with node `order[i]` renumbered i (arcs in the same order within each node):
 * `rank[v]` is v's new number. A search on it gives every node the same distance as on `csr`.
 */
export function permuteCsr(csr: Csr, order: Uint32Array): { csr: Csr; rank: Uint32Array } {
  const n = order.length;
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]] = i;
  const off = new Uint32Array(n + 1);
  const head = new Uint32Array(csr.head.length);
  const w = new Float64Array(csr.head.length);
  const edge = new Uint32Array(csr.head.length);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const v = order[i];
    for (let a = csr.off[v], end = csr.off[v + 1]; a < end; a++, p++) {
      head[p] = rank[csr.head[a]];
      w[p] = csr.w[a];
      edge[p] = csr.edge[a];
    }
    off[i + 1] = p;
  }
  return { csr: { off, head, w, edge }, rank };
}
