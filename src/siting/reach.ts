/**
 * Which demand points (residents' sample points) each candidate site would serve: one bounded
 * Dijkstra per candidate on the reversed graph (distances *to* the site, respecting oneway:foot),
 * cut at the largest threshold of the categories being sited. Per-candidate searches were chosen
 * over one reversed multi-source search because the MCLP needs every candidate's whole coverage
 * list, not only the nearest one; each search touches only the few thousand nodes within ~1 km
 * (bench/suggest-city.mjs measures it).
 *
 * A demand point's distance is computed with exactly the formula of coverage's
 * NearestFacility.from (off-network leg + the walk along its edge to an end + that end's distance,
 * or straight along a shared edge): a suggested site fed back as a planned facility reproduces
 * the households it gains to the last bit.
 */
import type { Csr } from '../network/csr.js';
import type { WalkNetwork } from '../network/types.js';
import { Dijkstra } from '../route/dijkstra.js';
import { walkGraph } from '../route/walk-graph.js';
import { leaveMetres, sameEdgeMetres, type SnappedPoint, targetSeeds } from '../snap/snapped-point.js';

/** candidate c reaches demand idx[off[c] .. off[c+1]) at dist[...] metres (ascending idx) */
export interface CandidateReach {
  off: Uint32Array;
  idx: Uint32Array;
  dist: Float64Array;
}

/**
 * Everything the per-candidate searches read, in typed arrays (so worker threads can share them,
 * reach-threads.ts): the demand points attached to the edge ends they walk to, each candidate's
 * seeds, and the demand points on a candidate's own edge with their straight walk along it.
 * Built once on one thread; the searches themselves need only this and the reversed graph.
 */
export interface ReachSearches {
  nodeCount: number;
  candidateCount: number;
  maxM: number;
  /** end node v's attachments [nodeOff[v], nodeOff[v+1]): demand point, metres from it to v */
  nodeOff: Uint32Array;
  nodeDem: Uint32Array;
  nodeLeg: Float64Array;
  /** each demand point's own off-network leg (Infinity: not searched) */
  leg: Float64Array;
  /** candidate c's seeds [seedOff[c], seedOff[c+1]) (targetSeeds: node, cost) */
  seedOff: Uint32Array;
  seedNode: Uint32Array;
  seedCost: Float64Array;
  /** candidate c's same-edge demand [sameOff[c], sameOff[c+1]): point, straight metres + the site's leg */
  sameOff: Uint32Array;
  sameDem: Uint32Array;
  sameMetres: Float64Array;
}

export function reachSearches(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
): ReachSearches {
  const m = demand.length;
  // demand attached to the ends of its edge it can walk to (snapped-point.ts leaveMetres): end node -> points
  const deg = new Uint32Array(net.nodeCount + 1);
  const byEdge = new Map<number, number[]>();
  const toU = new Float64Array(m);
  const toV = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const s = demand[i];
    if (!s) continue;
    [toU[i], toV[i]] = leaveMetres(net, s);
    if (toU[i] < Infinity) deg[net.edgeU[s.edge]]++;
    if (toV[i] < Infinity) deg[net.edgeV[s.edge]]++;
    const list = byEdge.get(s.edge);
    if (list) list.push(i);
    else byEdge.set(s.edge, [i]);
  }
  const nodeOff = new Uint32Array(net.nodeCount + 1);
  for (let v = 0; v < net.nodeCount; v++) nodeOff[v + 1] = nodeOff[v] + deg[v];
  // each attachment: the demand point and the network metres from it to that end
  const nodeDem = new Uint32Array(nodeOff[net.nodeCount]);
  const nodeLeg = new Float64Array(nodeOff[net.nodeCount]);
  const pos = nodeOff.slice(0, net.nodeCount);
  for (let i = 0; i < m; i++) {
    const s = demand[i];
    if (!s) continue;
    if (toU[i] < Infinity) {
      const p = pos[net.edgeU[s.edge]]++;
      nodeDem[p] = i;
      nodeLeg[p] = toU[i];
    }
    if (toV[i] < Infinity) {
      const p = pos[net.edgeV[s.edge]]++;
      nodeDem[p] = i;
      nodeLeg[p] = toV[i];
    }
  }
  const n = candidates.length;
  const seedOff = new Uint32Array(n + 1);
  const seedNode: number[] = [];
  const seedCost: number[] = [];
  const sameOff = new Uint32Array(n + 1);
  const sameDem: number[] = [];
  const sameMetres: number[] = [];
  for (let c = 0; c < n; c++) {
    const cs = candidates[c];
    for (const s of targetSeeds(net, cs)) {
      seedNode.push(s.node);
      seedCost.push(s.cost);
    }
    seedOff[c + 1] = seedNode.length;
    // a demand point on the candidate's own edge may walk straight along it
    for (const i of byEdge.get(cs.edge) ?? []) {
      const direct = sameEdgeMetres(net, demand[i] as SnappedPoint, cs) + cs.dist;
      if (direct === Infinity) continue;
      sameDem.push(i);
      sameMetres.push(direct);
    }
    sameOff[c + 1] = sameDem.length;
  }
  return {
    nodeCount: net.nodeCount,
    candidateCount: n,
    maxM,
    nodeOff,
    nodeDem,
    nodeLeg,
    leg: Float64Array.from(demand, (s) => (s ? s.dist : Infinity)),
    seedOff,
    seedNode: Uint32Array.from(seedNode),
    seedCost: Float64Array.from(seedCost),
    sameOff,
    sameDem: Uint32Array.from(sameDem),
    sameMetres: Float64Array.from(sameMetres),
  };
}

/** runs the searches of any range of candidates, with its own Dijkstra and scratch arrays (one per thread) */
export class ReachSearcher {
  private readonly dij: Dijkstra;
  // best[i]: min over the ends of (metres to the end + the end's distance), and the same-edge walk
  // + the site's leg — departureMetres's and NearestFacility.from's terms, before the point's own leg
  private readonly best: Float64Array;
  // the demand points one search reaches, sorted natively (a typed array, not a JS array with a comparator)
  private readonly seen: Uint32Array;

  constructor(
    reverse: Csr,
    private readonly s: ReachSearches,
  ) {
    this.dij = new Dijkstra(reverse, s.nodeCount);
    this.best = new Float64Array(s.leg.length).fill(Infinity);
    this.seen = new Uint32Array(s.leg.length);
  }

  /** candidates c0 .. c1-1; the result's off has c1 - c0 + 1 entries, from 0 */
  run(c0: number, c1: number): CandidateReach {
    const { nodeOff, nodeDem, nodeLeg, leg, seedOff, seedNode, seedCost, sameOff, sameDem, sameMetres, maxM } = this.s;
    const { dij, best, seen } = this;
    const off = new Uint32Array(c1 - c0 + 1);
    let idxOut = new Uint32Array(1 << 12);
    let distOut = new Float64Array(1 << 12);
    let nnz = 0;
    const D = dij.dist;
    for (let c = c0; c < c1; c++) {
      const seeds = [];
      for (let a = seedOff[c]; a < seedOff[c + 1]; a++) seeds.push({ node: seedNode[a], cost: seedCost[a] });
      dij.runDistances(seeds, maxM);
      const t = dij.touched;
      let ns = 0;
      for (let j = 0, tc = dij.touchedCount; j < tc; j++) {
        const v = t[j];
        const dv = D[v];
        for (let a = nodeOff[v], end = nodeOff[v + 1]; a < end; a++) {
          const i = nodeDem[a];
          const via = nodeLeg[a] + dv;
          const b = best[i];
          if (b === Infinity) seen[ns++] = i;
          if (via < b) best[i] = via;
        }
      }
      for (let a = sameOff[c]; a < sameOff[c + 1]; a++) {
        const i = sameDem[a];
        const direct = sameMetres[a];
        if (best[i] === Infinity) seen[ns++] = i;
        if (direct < best[i]) best[i] = direct;
      }
      const reached = seen.subarray(0, ns).sort();
      if (nnz + ns > idxOut.length) {
        const size = Math.max(2 * idxOut.length, nnz + ns);
        const ni = new Uint32Array(size);
        ni.set(idxOut.subarray(0, nnz));
        idxOut = ni;
        const nd = new Float64Array(size);
        nd.set(distOut.subarray(0, nnz));
        distOut = nd;
      }
      for (let r = 0; r < ns; r++) {
        const i = reached[r];
        const d = leg[i] + best[i];
        best[i] = Infinity;
        if (!(d <= maxM)) continue;
        idxOut[nnz] = i;
        distOut[nnz] = d;
        nnz++;
      }
      off[c - c0 + 1] = nnz;
    }
    return { off, idx: idxOut.slice(0, nnz), dist: distOut.slice(0, nnz) };
  }
}

/** consecutive candidate ranges' lists as one, in candidate order */
export function concatReach(parts: CandidateReach[]): CandidateReach {
  const n = parts.reduce((s, p) => s + p.off.length - 1, 0);
  const nnz = parts.reduce((s, p) => s + p.idx.length, 0);
  const off = new Uint32Array(n + 1);
  const idx = new Uint32Array(nnz);
  const dist = new Float64Array(nnz);
  let c = 0;
  let base = 0;
  for (const p of parts) {
    for (let k = 1; k < p.off.length; k++) off[c + k] = base + p.off[k];
    idx.set(p.idx, base);
    dist.set(p.dist, base);
    c += p.off.length - 1;
    base += p.idx.length;
  }
  return { off, idx, dist };
}

/** every candidate's list on this thread (reach-threads.ts spreads them over cores) */
export function candidateReach(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
  reverse: Csr = walkGraph(net).reverse,
): CandidateReach {
  return new ReachSearcher(reverse, reachSearches(net, candidates, demand, maxM)).run(0, candidates.length);
}

/**
 * The coverage lists turned around: for each demand point, the candidates that reach it, by
 * distance class (class q: thresholds[q-1] < metres <= thresholds[q]; the thresholds ascending,
 * the largest the searches' bound), candidates ascending within a class. A category of threshold
 * thresholds[q] reads classes 0..q of its unserved points only, not every list of every candidate.
 */
export interface DemandReach {
  thresholds: number[];
  /** point j's class q: cand[off[j * K + q] .. off[j * K + q + 1]), K = thresholds.length */
  off: Uint32Array;
  cand: Uint32Array;
}

export function demandReach(reach: CandidateReach, demandCount: number, thresholds: number[]): DemandReach {
  const K = thresholds.length;
  const { off: rOff, idx, dist } = reach;
  const cls = new Uint8Array(idx.length);
  const off = new Uint32Array(demandCount * K + 1);
  for (let a = 0; a < idx.length; a++) {
    let q = 0;
    while (q < K - 1 && dist[a] > thresholds[q]) q++;
    cls[a] = q;
    off[idx[a] * K + q + 1]++;
  }
  for (let b = 0; b < demandCount * K; b++) off[b + 1] += off[b];
  const fill = off.slice(0, demandCount * K);
  const cand = new Uint32Array(idx.length);
  for (let c = 0; c + 1 < rOff.length; c++)
    for (let a = rOff[c], end = rOff[c + 1]; a < end; a++) cand[fill[idx[a] * K + cls[a]]++] = c;
  return { thresholds, off, cand };
}
