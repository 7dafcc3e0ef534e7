/**
 * One category's MCLP instance (mclp.ts) from the coverage lists turned around by demand point
 * (reach.ts demandReach): the category's unserved demand within its threshold and the eligible
 * candidates that reach any, with the lists by candidate for the solver, and by point for its swap
 * pass as a view into the turned-around lists (no copy: 7.2 M entries fewer written on the city
 * case). Local numbers as a scan of every candidate's list in candidate order would give
 * them: candidates ascending, each list ascending by demand point, demand points numbered in the
 * order they are first met (by the first candidate that reaches them, then by index) — the order
 * every sum of the solver runs in. Only the category's unserved points within its threshold are
 * read, in two passes; each loop is a small function (V8 compiles them once, cold, in a run), and
 * subInstance itself has none: a loop of its own made V8 compile it, with every loop function
 * inlined, on stack and again whole (~50-110 ms of a cold run's compiles on the city case).
 */
import { type CoverInstance, type PointLists, transposeLists } from './mclp.js';
import type { DemandReach } from './reach.js';

export interface Sub {
  inst: CoverInstance;
  /** local candidate -> index into the candidate list */
  cands: ArrayLike<number>;
  /** local demand point -> global demand index */
  demand: ArrayLike<number>;
}

export function subInstance(
  dr: DemandReach,
  candidateCount: number,
  threshold: number,
  keep: Uint8Array,
  weight: Float64Array,
  eligible: Uint8Array,
): Sub {
  const K = dr.thresholds.length;
  const q = dr.thresholds.indexOf(threshold);
  if (q < 0) throw new Error(`siting: no distance class for ${threshold} m`);
  const m = weight.length;
  // each kept point's first (lowest) eligible candidate, -1: none; each candidate's list length
  const first = new Int32Array(m);
  const deg = new Uint32Array(candidateCount);
  // (every candidate eligible, as generated ones are: no test per entry)
  const all = eligible.every((e) => e === 1);
  if (all) countAllLists(dr, K, q, keep, first, deg);
  else countLists(dr, K, q, keep, eligible, first, deg);
  // local candidates: those with a list, ascending
  const localC = new Int32Array(candidateCount);
  const nc = numberCandidates(deg, localC);
  const cands = new Uint32Array(nc);
  const off = new Uint32Array(nc + 1);
  candidateOffsets(deg, localC, cands, off);
  // local demand numbers: by first candidate, then by index (a counting sort)
  const local = new Int32Array(m);
  const demand = numberPoints(first, localC, nc, local);
  // the lists, filled point by point in index order: each list by candidate comes out ascending by point
  // and each list's weight as it is filled (listWeights's sums: each list's in its order)
  const idx = new Uint32Array(off[nc]);
  const listSums = new Float64Array(nc);
  if (all) fillAllLists(dr, K, q, first, local, localC, off.slice(0, nc), idx, weight, listSums);
  else fillLists(dr, K, q, first, local, eligible, localC, off.slice(0, nc), idx, weight, listSums);
  const byPoint = pointRanges(dr, K, q, demand, localC);
  return { inst: { weight: pick(weight, demand), off, idx, byPoint, listSums }, cands, demand };
}

/**
 * the lists by point (the swap pass's) as a view into the turned-around lists: a local point's
 * classes 0..q, each candidate through localC (-1: not eligible, so in no list here) — not a copy
 */
function pointRanges(dr: DemandReach, K: number, q: number, demand: Uint32Array, localC: Int32Array): PointLists {
  const start = new Uint32Array(demand.length);
  const end = new Uint32Array(demand.length);
  for (let p = 0; p < demand.length; p++) {
    start[p] = dr.off[demand[p] * K];
    end[p] = dr.off[demand[p] * K + q + 1];
  }
  return { start, end, cand: dr.cand, local: localC };
}

/** the local points' weights */
function pick(weight: Float64Array, demand: Uint32Array): Float64Array {
  const w = new Float64Array(demand.length);
  for (let p = 0; p < demand.length; p++) w[p] = weight[demand[p]];
  return w;
}

function countLists(
  dr: DemandReach,
  K: number,
  q: number,
  keep: Uint8Array,
  eligible: Uint8Array,
  first: Int32Array,
  deg: Uint32Array,
): void {
  const { off, cand } = dr;
  const n = deg.length;
  for (let j = 0; j < first.length; j++) {
    first[j] = -1;
    if (!keep[j]) continue;
    let f = n;
    for (let a = off[j * K], end = off[j * K + q + 1]; a < end; a++) {
      const c = cand[a];
      if (!eligible[c]) continue;
      deg[c]++;
      if (c < f) f = c;
    }
    if (f < n) first[j] = f;
  }
}

/**
 * countLists with every candidate eligible: a point's list length from the offsets, its first
 * candidate the least of its classes' first ones (each class ascending), each candidate's count
 */
function countAllLists(
  dr: DemandReach,
  K: number,
  q: number,
  keep: Uint8Array,
  first: Int32Array,
  deg: Uint32Array,
): void {
  const { off, cand } = dr;
  for (let j = 0; j < first.length; j++) {
    first[j] = -1;
    if (!keep[j]) continue;
    const a0 = off[j * K];
    const a1 = off[j * K + q + 1];
    if (a1 === a0) continue;
    let f = cand[a0];
    for (let r = 1; r <= q; r++) {
      const h = off[j * K + r];
      if (h < off[j * K + r + 1] && cand[h] < f) f = cand[h];
    }
    first[j] = f;
    for (let a = a0; a < a1; a++) deg[cand[a]]++;
  }
}

/** fillLists with every candidate eligible */
function fillAllLists(
  dr: DemandReach,
  K: number,
  q: number,
  first: Int32Array,
  local: Int32Array,
  localC: Int32Array,
  pos: Uint32Array,
  idx: Uint32Array,
  weight: Float64Array,
  sums: Float64Array,
): void {
  const { off, cand } = dr;
  for (let j = 0; j < first.length; j++) {
    if (first[j] < 0) continue;
    const p = local[j];
    const w = weight[j];
    for (let a = off[j * K], end = off[j * K + q + 1]; a < end; a++) {
      const l = localC[cand[a]];
      idx[pos[l]++] = p;
      sums[l] += w;
    }
  }
}

/** localC[c]: c's local number (ascending over the candidates with a list), -1: none; how many */
function numberCandidates(deg: Uint32Array, localC: Int32Array): number {
  let nc = 0;
  for (let c = 0; c < deg.length; c++) localC[c] = deg[c] > 0 ? nc++ : -1;
  return nc;
}

function candidateOffsets(deg: Uint32Array, localC: Int32Array, cands: Uint32Array, off: Uint32Array): void {
  for (let c = 0; c < deg.length; c++) {
    const l = localC[c];
    if (l < 0) continue;
    cands[l] = c;
    off[l + 1] = off[l] + deg[c];
  }
}

/** the points with a list numbered by first candidate, then by index: local[j] and the global index of each */
function numberPoints(first: Int32Array, localC: Int32Array, nc: number, local: Int32Array): Uint32Array {
  const m = first.length;
  const byFirst = new Uint32Array(nc + 1);
  for (let j = 0; j < m; j++) if (first[j] >= 0) byFirst[localC[first[j]] + 1]++;
  for (let c = 0; c < nc; c++) byFirst[c + 1] += byFirst[c];
  const demand = new Uint32Array(byFirst[nc]);
  for (let j = 0; j < m; j++)
    if (first[j] >= 0) {
      const p = byFirst[localC[first[j]]]++;
      demand[p] = j;
      local[j] = p;
    }
  return demand;
}

/** idx by candidate (pos: each list's next slot), each list's weight in sums */
function fillLists(
  dr: DemandReach,
  K: number,
  q: number,
  first: Int32Array,
  local: Int32Array,
  eligible: Uint8Array,
  localC: Int32Array,
  pos: Uint32Array,
  idx: Uint32Array,
  weight: Float64Array,
  sums: Float64Array,
): void {
  const { off, cand } = dr;
  for (let j = 0; j < first.length; j++) {
    if (first[j] < 0) continue;
    const p = local[j];
    const w = weight[j];
    for (let a = off[j * K], end = off[j * K + q + 1]; a < end; a++) {
      const c = cand[a];
      if (!eligible[c]) continue;
      const l = localC[c];
      idx[pos[l]++] = p;
      sums[l] += w;
    }
  }
}

/** community k's part of an instance: its demand points and the candidates that reach them */
export function restrictByCommunity(full: Sub, communityOf: (j: number) => number): (k: number) => Sub {
  const { off, idx } = full.inst;
  const nd = full.demand.length;
  // demand point -> candidates
  const t = full.inst.byPoint ?? transposeLists(full.inst);
  const points = new Map<number, number[]>();
  for (let p = 0; p < nd; p++) {
    const k = communityOf(full.demand[p]);
    const l = points.get(k);
    if (l) l.push(p);
    else points.set(k, [p]);
  }
  return (k) => {
    const ps = points.get(k) ?? [];
    const local = new Map<number, number>(ps.map((p, i) => [p, i]));
    const cs = new Set<number>();
    for (const p of ps)
      for (let a = t.start[p]; a < t.end[p]; a++) {
        const c = t.local[t.cand[a]];
        if (c >= 0) cs.add(c);
      }
    const cl = [...cs].sort((a, b) => a - b);
    const o: number[] = [0];
    const ix: number[] = [];
    for (const c of cl) {
      for (let a = off[c]; a < off[c + 1]; a++) {
        const q = local.get(idx[a]);
        if (q !== undefined) ix.push(q);
      }
      o.push(ix.length);
    }
    return {
      inst: {
        weight: Float64Array.from(ps, (p) => full.inst.weight[p]),
        off: Uint32Array.from(o),
        idx: Uint32Array.from(ix),
      },
      cands: cl.map((c) => full.cands[c]),
      demand: ps.map((p) => full.demand[p]),
    };
  };
}
