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

export function candidateReach(
  net: WalkNetwork,
  candidates: SnappedPoint[],
  demand: (SnappedPoint | null)[],
  maxM: number,
  reverse: Csr = walkGraph(net).reverse,
): CandidateReach {
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

  const dij = new Dijkstra(reverse, net.nodeCount);
  // best[i]: min over the ends of (metres to the end + the end's distance), and the same-edge walk
  // + the site's leg — departureMetres's and NearestFacility.from's terms, before the point's own leg
  const best = new Float64Array(m).fill(Infinity);
  const leg = Float64Array.from(demand, (s) => (s ? s.dist : Infinity));
  // the demand points one search reaches, sorted natively (a typed array, not a JS array with a comparator)
  const seen = new Uint32Array(m);
  const off = new Uint32Array(candidates.length + 1);
  let idxOut = new Uint32Array(1 << 16);
  let distOut = new Float64Array(1 << 16);
  let nnz = 0;
  const D = dij.dist;
  for (let c = 0; c < candidates.length; c++) {
    const cs = candidates[c];
    dij.runDistances(targetSeeds(net, cs), maxM);
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
    // a demand point on the candidate's own edge may walk straight along it
    const same = byEdge.get(cs.edge);
    if (same)
      for (const i of same) {
        const direct = sameEdgeMetres(net, demand[i] as SnappedPoint, cs) + cs.dist;
        if (direct === Infinity) continue;
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
    off[c + 1] = nnz;
  }
  return { off, idx: idxOut.slice(0, nnz), dist: distOut.slice(0, nnz) };
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
