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
import { type Csr, permuteCsr } from '../network/csr.js';
import { hilbertOrder } from '../geo/hilbert.js';
import { metresPerDegree } from '../geo/geodesy.js';
import type { WalkNetwork } from '../network/types.js';
import { Dijkstra } from '../route/dijkstra.js';
import { walkGraph } from '../route/walk-graph.js';
import { reachLimits } from './reach-limits.js';
import { leaveMetres, sameEdgeMetres, type SnappedPoint, targetSeeds } from '../snap/snapped-point.js';

/** candidate c reaches demand idx[off[c] .. off[c+1]) at dist[...] metres (each point once, in the order its search met it) */
export interface CandidateReach {
  off: Uint32Array;
  idx: Uint32Array;
  dist: Float64Array;
}

/**
 * Everything the per-candidate searches read, in typed arrays (so worker threads can share them,
 * reach-threads.ts): the reversed graph with its nodes renumbered along a Hilbert curve (a
 * bounded search's nodes then lie close together in memory: the heap searches of the city case
 * took ~20 % less CPU; ~80 ms to build, once per graph), the
 * demand points attached to the edge ends they walk to, each candidate's seeds and how far its
 * search must go, and the demand points on a candidate's own edge with their straight walk along
 * it. Built once (searchesOn, on the thread that holds the renumbered graph: this one, or the
 * coverage search thread's, which renumbers it anyway); the searches need nothing else. Node
 * numbers here are the renumbered ones.
 */
export interface ReachSearches {
  nodeCount: number;
  candidateCount: number;
  maxM: number;
  /** the reversed walking graph, node order[i] of the network numbered i */
  graph: Csr;
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
  /** how far candidate c's search may go (maxM, searchBudgets); -1: no search (nothing in reach) */
  budget: Float64Array;
  /** the largest label of use at each node, whatever the candidate (reach-limits.ts) */
  limit: Float64Array;
  /** candidate c's same-edge demand [sameOff[c], sameOff[c+1]): point, straight metres + the site's leg */
  sameOff: Uint32Array;
  sameDem: Uint32Array;
  sameMetres: Float64Array;
}

/**
 * What the searches read from the network, in its own node numbers (searchesOn renumbers it for
 * a graph in Hilbert order, on this thread or on the coverage search thread, which holds that
 * graph already: coverage/search-worker.ts): for each demand point the ends of its edge it can
 * walk to and the metres to each (Infinity: not that way, or the point is not searched), its own
 * leg; each candidate's seeds; the demand points on a candidate's own edge.
 */
export interface ReachInputs {
  nodeCount: number;
  candidateCount: number;
  maxM: number;
  endU: Uint32Array;
  toU: Float64Array;
  endV: Uint32Array;
  toV: Float64Array;
  leg: Float64Array;
  seedOff: Uint32Array;
  seedNode: Uint32Array;
  seedCost: Float64Array;
  sameOff: Uint32Array;
  sameDem: Uint32Array;
  sameMetres: Float64Array;
}

export function reachInputs(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
): ReachInputs {
  const m = demand.length;
  const endU = new Uint32Array(m);
  const endV = new Uint32Array(m);
  const toU = new Float64Array(m).fill(Infinity);
  const toV = new Float64Array(m).fill(Infinity);
  const byEdge = new Map<number, number[]>();
  for (let i = 0; i < m; i++) {
    const s = demand[i];
    if (!s) continue;
    // the ends of its edge it can walk to (snapped-point.ts leaveMetres)
    [toU[i], toV[i]] = leaveMetres(net, s);
    endU[i] = net.edgeU[s.edge];
    endV[i] = net.edgeV[s.edge];
    const list = byEdge.get(s.edge);
    if (list) list.push(i);
    else byEdge.set(s.edge, [i]);
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
    endU,
    toU,
    endV,
    toV,
    leg: Float64Array.from(demand, (s) => (s ? s.dist : Infinity)),
    seedOff,
    seedNode: Uint32Array.from(seedNode),
    seedCost: Float64Array.from(seedCost),
    sameOff,
    sameDem: Uint32Array.from(sameDem),
    sameMetres: Float64Array.from(sameMetres),
  };
}

/** the typed arrays of a ReachInputs, for a transfer list */
export function reachInputBuffers(r: ReachInputs): ArrayBuffer[] {
  const { endU, toU, endV, toV, leg, seedOff, seedNode, seedCost, sameOff, sameDem, sameMetres } = r;
  return [endU, toU, endV, toV, leg, seedOff, seedNode, seedCost, sameOff, sameDem, sameMetres].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/**
 * The network's reversed graph in Hilbert order of its nodes, with the nodes' positions in metres
 * (a planar frame at the middle latitude) and kappa: the smallest ratio of an arc's cost to its
 * own straight line in that frame (1 where every arc is at least as long as its chord; the
 * frame's distortion lowers it, a walker's penalties only raise costs). Built once per graph.
 */
export interface HilbertGraph {
  csr: Csr;
  rank: Uint32Array;
  x: Float64Array;
  y: Float64Array;
  kappa: number;
}
const hilbertGraphs = new WeakMap<Csr, HilbertGraph>();
function hilbertGraph(net: WalkNetwork, reverse: Csr): HilbertGraph {
  const known = hilbertGraphs.get(reverse);
  if (known) return known;
  const order = hilbertOrder(net.nodeLon, net.nodeLat);
  const { csr, rank } = permuteCsr(reverse, order);
  const g = hilbertFrame(csr, order, rank, net.nodeLon, net.nodeLat);
  hilbertGraphs.set(reverse, g);
  return g;
}

/** a HilbertGraph from a graph already renumbered (csr: node order[i] numbered i, rank its inverse) */
export function hilbertFrame(
  csr: Csr,
  order: Uint32Array,
  rank: Uint32Array,
  lon: Float64Array,
  lat: Float64Array,
): HilbertGraph {
  const N = order.length;
  let lat0 = 0;
  for (let i = 0; i < N; i++) lat0 += lat[i] / N;
  const { kx, ky } = metresPerDegree(lat0);
  const x = new Float64Array(N);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    x[i] = lon[order[i]] * kx;
    y[i] = lat[order[i]] * ky;
  }
  let kappa = 1;
  for (let u = 0; u < N; u++)
    for (let a = csr.off[u], end = csr.off[u + 1]; a < end; a++) {
      const dx = x[u] - x[csr.head[a]];
      const dy = y[u] - y[csr.head[a]];
      const chord = Math.sqrt(dx * dx + dy * dy);
      if (chord > 0 && csr.w[a] < kappa * chord) kappa = csr.w[a] / chord;
    }
  // a margin for the rounding of every sum (relative 1e-9; a path's float sum is exact to ~1e-13)
  return { csr, rank, x, y, kappa: kappa * (1 - 1e-9) };
}

export function reachSearches(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
  reverse: Csr = walkGraph(net).reverse,
): ReachSearches {
  return searchesOn(hilbertGraph(net, reverse), reachInputs(net, candidates, demand, maxM));
}

/** the searches' inputs renumbered for hg's graph, with the demand attached to its nodes and the budgets */
export function searchesOn(hg: HilbertGraph, r: ReachInputs): ReachSearches {
  const { csr: graph, rank } = hg;
  const { nodeCount: N, endU, toU, endV, toV, leg, maxM } = r;
  const m = leg.length;
  // demand attached to the ends of its edge it can walk to: end node -> points
  const deg = new Uint32Array(N + 1);
  for (let i = 0; i < m; i++) {
    if (toU[i] < Infinity) deg[rank[endU[i]]]++;
    if (toV[i] < Infinity) deg[rank[endV[i]]]++;
  }
  const nodeOff = new Uint32Array(N + 1);
  for (let v = 0; v < N; v++) nodeOff[v + 1] = nodeOff[v] + deg[v];
  // each attachment: the demand point and the network metres from it to that end
  const nodeDem = new Uint32Array(nodeOff[N]);
  const nodeLeg = new Float64Array(nodeOff[N]);
  const pos = nodeOff.slice(0, N);
  for (let i = 0; i < m; i++) {
    if (toU[i] < Infinity) {
      const p = pos[rank[endU[i]]]++;
      nodeDem[p] = i;
      nodeLeg[p] = toU[i];
    }
    if (toV[i] < Infinity) {
      const p = pos[rank[endV[i]]]++;
      nodeDem[p] = i;
      nodeLeg[p] = toV[i];
    }
  }
  const seedNode = r.seedNode.map((v) => rank[v]);
  const seeds = { seedOff: r.seedOff, seedNode, seedCost: r.seedCost };
  const need = nodeNeeds({ nodeOff, nodeDem, nodeLeg, leg }, maxM);
  const limit = reachLimits(hg.x, hg.y, need, hg.kappa, maxM, 1e-9 * (1 + maxM));
  return {
    nodeCount: N,
    candidateCount: r.candidateCount,
    maxM,
    graph,
    nodeOff,
    nodeDem,
    nodeLeg,
    leg,
    ...seeds,
    budget: searchBudgets(limit, seeds, maxM),
    limit,
    sameOff: r.sameOff,
    sameDem: r.sameDem,
    sameMetres: r.sameMetres,
  };
}

/**
 * need(v) = maxM - the shortest leg + walk of a demand point attached to node v (-Infinity: none):
 * a label at v is of use to a list only within it
 */
function nodeNeeds(att: Pick<ReachSearches, 'nodeOff' | 'nodeDem' | 'nodeLeg' | 'leg'>, maxM: number): Float64Array {
  const { nodeOff, nodeDem, nodeLeg, leg } = att;
  const N = nodeOff.length - 1;
  const need = new Float64Array(N).fill(-Infinity);
  for (let v = 0; v < N; v++)
    for (let a = nodeOff[v], end = nodeOff[v + 1]; a < end; a++) {
      const r = maxM - leg[nodeDem[a]] - nodeLeg[a];
      if (r > need[v]) need[v] = r;
    }
  return need;
}

/**
 * Which candidates search at all: a search is of use only through a seed whose cost is within
 * its node's limit (reach-limits.ts; the first node of every shortest path to a needed node is
 * a seed), so the others are left out (-1) and the rest search to maxM, cut node by node by the
 * limits. (A per-candidate budget from straight lines, the largest need a seed could reach, cost
 * ~100 ms on the city case and cut only 1 % of the nodes the limits leave.)
 */
function searchBudgets(
  limit: Float64Array,
  seeds: Pick<ReachSearches, 'seedOff' | 'seedNode' | 'seedCost'>,
  maxM: number,
) {
  const { seedOff, seedNode, seedCost } = seeds;
  const n = seedOff.length - 1;
  const budget = new Float64Array(n).fill(-1);
  for (let c = 0; c < n; c++)
    for (let a = seedOff[c]; a < seedOff[c + 1]; a++)
      if (seedCost[a] <= maxM && seedCost[a] <= limit[seedNode[a]]) budget[c] = maxM;
  return budget;
}

/** runs the searches of any range of candidates, with its own Dijkstra and scratch arrays (one per thread) */
export class ReachSearcher {
  private readonly dij: Dijkstra;
  // best[i]: min over the ends of (metres to the end + the end's distance), and the same-edge walk
  // + the site's leg — departureMetres's and NearestFacility.from's terms, before the point's own leg
  private readonly best: Float64Array;
  // the demand points one search reaches
  private readonly seen: Uint32Array;

  constructor(private readonly s: ReachSearches) {
    this.dij = new Dijkstra(s.graph, s.nodeCount);
    this.best = new Float64Array(s.leg.length).fill(Infinity);
    this.seen = new Uint32Array(s.leg.length);
  }

  /**
   * candidate c's search: the demand points it reaches in seen[0 .. the count returned), in the
   * order it met them, each with its distance in best[] before the point's own leg (the caller
   * puts best back to Infinity)
   */
  private reach(c: number): number {
    const { nodeOff, nodeDem, nodeLeg, seedOff, seedNode, seedCost, budget, limit } = this.s;
    const { sameOff, sameDem, sameMetres } = this.s;
    const { dij, best, seen } = this;
    let ns = 0;
    if (budget[c] >= 0) {
      const seeds = [];
      for (let a = seedOff[c]; a < seedOff[c + 1]; a++) seeds.push({ node: seedNode[a], cost: seedCost[a] });
      dij.runDistances(seeds, budget[c], limit);
      const D = dij.dist;
      const t = dij.touched;
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
    }
    for (let a = sameOff[c]; a < sameOff[c + 1]; a++) {
      const i = sameDem[a];
      const direct = sameMetres[a];
      if (best[i] === Infinity) seen[ns++] = i;
      if (direct < best[i]) best[i] = direct;
    }
    return ns;
  }

  /** candidates c0 .. c1-1; the result's off has c1 - c0 + 1 entries, from 0 */
  run(c0: number, c1: number): CandidateReach {
    const { leg, maxM } = this.s;
    const { best, seen } = this;
    const off = new Uint32Array(c1 - c0 + 1);
    let idxOut = new Uint32Array(1 << 12);
    let distOut = new Float64Array(1 << 12);
    let nnz = 0;
    for (let c = c0; c < c1; c++) {
      const ns = this.reach(c);
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
        const i = seen[r];
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

  /**
   * demandReach(run(0, n), …) without each entry's distance: every candidate's entries as point ×
   * K + class (the class from the same distance, by the same comparisons), counted per point and
   * class as they come, in blocks; then one pass puts the candidates in place. The same lists.
   */
  demandReach(thresholds: number[]): DemandReach {
    const { leg, maxM, candidateCount: n } = this.s;
    const { best, seen } = this;
    const K = thresholds.length;
    const m = leg.length;
    // (keys past 32 bits: the lists with their distances, then turned around)
    if (m * K >= 2 ** 32) return demandReach(this.run(0, n), m, thresholds);
    const off = new Uint32Array(m * K + 1);
    const cOff = new Uint32Array(n + 1);
    const blocks: Uint32Array[] = [];
    let block = new Uint32Array(BLOCK);
    let at = 0;
    let nnz = 0;
    for (let c = 0; c < n; c++) {
      const ns = this.reach(c);
      for (let r = 0; r < ns; r++) {
        const i = seen[r];
        const d = leg[i] + best[i];
        best[i] = Infinity;
        if (!(d <= maxM)) continue;
        let q = 0;
        while (q < K - 1 && d > thresholds[q]) q++;
        const key = i * K + q;
        off[key + 1]++;
        if (at === BLOCK) {
          blocks.push(block);
          block = new Uint32Array(BLOCK);
          at = 0;
        }
        block[at++] = key;
        nnz++;
      }
      cOff[c + 1] = nnz;
    }
    blocks.push(block);
    for (let b = 0; b < m * K; b++) off[b + 1] += off[b];
    const cand = new Uint32Array(nnz);
    placeCandidates(blocks, nnz, cOff, off.slice(0, m * K), cand);
    return { thresholds, off, cand };
  }
}

/** each key's candidate into its point and class's next slot (fill), candidates ascending */
function placeCandidates(blocks: Uint32Array[], nnz: number, cOff: Uint32Array, fill: Uint32Array, cand: Uint32Array) {
  let c = 0;
  let a = 0;
  for (const block of blocks) {
    const len = Math.min(BLOCK, nnz - a);
    for (let t = 0; t < len; t++, a++) {
      while (cOff[c + 1] <= a) c++;
      cand[fill[block[t]]++] = c;
    }
  }
}

/** entries in a block of ReachSearcher.demandReach's keys */
const BLOCK = 1 << 18;

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
  return new ReachSearcher(reachSearches(net, candidates, demand, maxM, reverse)).run(0, candidates.length);
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
