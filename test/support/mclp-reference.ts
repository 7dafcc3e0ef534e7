/**
 * The MCLP solver as it was before its swap pass and Lagrangian bound were made cheaper (commit
 * 1165621: every candidate summed again for every site swapped out; every point visited in each
 * subgradient step). test/siting/mclp-exact.test.ts checks that the solver gives exactly these
 * answers and bounds, to the bit. Not used by the program. Where the work budget leaves few
 * steps, the bound's start where the program's do (siting/lagrangian.ts greedyStart).
 */
import { GREEDY_START_BELOW, greedyStart, LAGRANGIAN_STEPS } from '../../src/siting/lagrangian.js';
/**
 * The maximal covering location problem (MCLP) on typed arrays: choose up to k candidate sites
 * so that the weight of the demand points they cover is as large as possible. Lazy greedy (CELF:
 * a candidate's last computed gain is an upper bound on its gain now, because coverage is
 * submodular, so most candidates are never re-evaluated), then a swap pass (replace a chosen site
 * by an unchosen one while that strictly gains). Every answer carries a bound from the data:
 * for any set S, OPT <= f(S) + the sum of the k largest marginal gains Δ(c | S) (submodularity:
 * adding OPT's k sites to S gains at most their individual gains), so f(S) / bound is a
 * guaranteed "at least X % of the best possible".
 *
 * Ties are broken by the lower candidate index: the same instance gives the same answer.
 */

/** Candidate c covers the demand points idx[off[c] .. off[c+1]) (each listed once). */
export interface CoverInstance {
  /** weight of each demand point (households); demand already served is left out by the caller */
  weight: Float64Array;
  off: Uint32Array;
  idx: Uint32Array;
}

export interface CoverAnswer {
  /** chosen candidates in the order they are reported (greedy order, swaps in place) */
  chosen: number[];
  /** marginal gain of each chosen site given the sites before it in `chosen` */
  gains: number[];
  /** total weight covered */
  value: number;
  /** OPT <= bound: the tighter of the two below */
  bound: number;
  /** f(S) + the k largest marginal gains given S */
  greedyBound: number;
  /** the Lagrangian relaxation's bound (subgradient steps), usually much tighter */
  lagrangianBound: number;
  /** gain evaluations done by the lazy greedy (a plain greedy does k × candidates) */
  evaluations: number;
  swaps: number;
}

export function candidateCount(inst: CoverInstance): number {
  return inst.off.length - 1;
}

/** Max-heap of (key, candidate) on typed arrays; equal keys pop the lower candidate first. */
class GainHeap {
  key: Float64Array;
  item: Uint32Array;
  size = 0;
  constructor(n: number) {
    this.key = new Float64Array(Math.max(1, n));
    this.item = new Uint32Array(Math.max(1, n));
  }
  private above(ka: number, ia: number, kb: number, ib: number): boolean {
    return ka > kb || (ka === kb && ia < ib);
  }
  push(k: number, it: number): void {
    const K = this.key;
    const I = this.item;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(k, it, K[p], I[p])) break;
      K[i] = K[p];
      I[i] = I[p];
      i = p;
    }
    K[i] = k;
    I[i] = it;
  }
  /** removes the top; read key[0]/item[0] before calling */
  pop(): void {
    const K = this.key;
    const I = this.item;
    const n = --this.size;
    if (n === 0) return;
    const k = K[n];
    const it = I[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.above(K[c + 1], I[c + 1], K[c], I[c])) c++;
      if (!this.above(K[c], I[c], k, it)) break;
      K[i] = K[c];
      I[i] = I[c];
      i = c;
    }
    K[i] = k;
    I[i] = it;
  }
}

/** the weight candidate c would newly cover, given how many chosen sites cover each point */
function gainOf(inst: CoverInstance, count: Uint32Array, c: number): number {
  const { off, idx, weight } = inst;
  let g = 0;
  for (let a = off[c], end = off[c + 1]; a < end; a++) if (count[idx[a]] === 0) g += weight[idx[a]];
  return g;
}

function addSite(inst: CoverInstance, count: Uint32Array, c: number): void {
  const { off, idx } = inst;
  for (let a = off[c], end = off[c + 1]; a < end; a++) count[idx[a]]++;
}

function removeSite(inst: CoverInstance, count: Uint32Array, c: number): void {
  const { off, idx } = inst;
  for (let a = off[c], end = off[c + 1]; a < end; a++) count[idx[a]]--;
}

/** the data bound: f(S) + the k largest Δ(c | S) over the unchosen candidates */
export function dataBound(
  inst: CoverInstance,
  count: Uint32Array,
  chosen: Set<number>,
  value: number,
  k: number,
): number {
  const n = candidateCount(inst);
  const top: number[] = [];
  for (let c = 0; c < n; c++) {
    if (chosen.has(c)) continue;
    const g = gainOf(inst, count, c);
    if (g <= 0) continue;
    if (top.length < k) {
      top.push(g);
      top.sort((a, b) => b - a);
    } else if (g > top[k - 1]) {
      top[k - 1] = g;
      top.sort((a, b) => b - a);
    }
  }
  return value + top.reduce((s, g) => s + g, 0);
}

export interface GreedyOptions {
  /** stop as soon as the covered weight reaches this (the per-community "fewest sites" mode) */
  target?: number;
  /** swap pass after the greedy (default true; not used with a target) */
  swap?: boolean;
  /** at most this many improving swaps (a safety net; each strictly gains) */
  maxSwaps?: number;
}

/**
 * Up to k sites by lazy greedy (+ swaps). Stops early when no candidate gains anything or when
 * `target` is reached.
 */
export function maxCover(inst: CoverInstance, k: number, o: GreedyOptions = {}): CoverAnswer {
  const n = candidateCount(inst);
  const count = new Uint32Array(inst.weight.length);
  const heap = new GainHeap(n);
  // stamp[c] = the round in which c's heap key was computed
  const stamp = new Int32Array(n);
  let evaluations = 0;
  for (let c = 0; c < n; c++) {
    const g = gainOf(inst, count, c);
    evaluations++;
    if (g > 0) heap.push(g, c);
  }
  const chosen: number[] = [];
  const gains: number[] = [];
  let value = 0;
  const target = o.target ?? Infinity;
  let round = 0;
  while (chosen.length < k && heap.size > 0 && value < target) {
    const c = heap.item[0];
    if (stamp[c] === round) {
      // its key is its gain given the current sites: no other candidate can beat it
      const g = heap.key[0];
      heap.pop();
      chosen.push(c);
      gains.push(g);
      value += g;
      addSite(inst, count, c);
      round++;
      continue;
    }
    heap.pop();
    const g = gainOf(inst, count, c);
    evaluations++;
    stamp[c] = round;
    if (g > 0) heap.push(g, c);
  }
  let swaps = 0;
  if (o.swap !== false && o.target === undefined && chosen.length === k)
    swaps = swapPass(inst, count, chosen, o.maxSwaps ?? 10 * k);
  // gains and value after the swaps, in the reported order
  const recount = new Uint32Array(inst.weight.length);
  const finalGains: number[] = [];
  value = 0;
  for (const c of chosen) {
    const g = gainOf(inst, recount, c);
    finalGains.push(g);
    value += g;
    addSite(inst, recount, c);
  }
  const greedyBound = dataBound(inst, recount, new Set(chosen), value, Math.max(k, 1));
  const lagrangian = lagrangianBound(inst, Math.max(k, 1), value, undefined, undefined, chosen);
  return {
    chosen,
    gains: finalGains,
    value,
    bound: Math.min(greedyBound, lagrangian),
    greedyBound,
    lagrangianBound: lagrangian,
    evaluations,
    swaps,
  };
}

/**
 * Replace chosen sites by unchosen ones while some replacement strictly gains (best replacement
 * for each chosen site in turn, until a full round changes nothing). `count` is kept current.
 */
function swapPass(inst: CoverInstance, count: Uint32Array, chosen: number[], maxSwaps: number): number {
  const n = candidateCount(inst);
  const { off, idx, weight } = inst;
  const inS = new Uint8Array(n);
  for (const c of chosen) inS[c] = 1;
  // points only the site being swapped out covers
  const only = new Uint8Array(weight.length);
  let swaps = 0;
  let total = 0;
  for (let i = 0; i < weight.length; i++) total += weight[i];
  const eps = 1e-9 * Math.max(1, total);
  let improved = true;
  let work = 0;
  while (improved && swaps < maxSwaps && work < SWAP_WORK) {
    improved = false;
    for (let i = 0; i < chosen.length && swaps < maxSwaps && work < SWAP_WORK; i++) {
      work += idx.length;
      const s = chosen[i];
      let loss = 0;
      for (let a = off[s], end = off[s + 1]; a < end; a++)
        if (count[idx[a]] === 1) {
          only[idx[a]] = 1;
          loss += weight[idx[a]];
        }
      let best = -1;
      let bestGain = loss + eps;
      for (let c = 0; c < n; c++) {
        if (inS[c]) continue;
        const a0 = off[c];
        const a1 = off[c + 1];
        if (a1 === a0) continue;
        let g = 0;
        for (let a = a0; a < a1; a++) {
          const d = idx[a];
          if (count[d] === 0 || only[d] === 1) g += weight[d];
        }
        if (g > bestGain) {
          bestGain = g;
          best = c;
        }
      }
      for (let a = off[s], end = off[s + 1]; a < end; a++) only[idx[a]] = 0;
      if (best >= 0) {
        removeSite(inst, count, s);
        addSite(inst, count, best);
        inS[s] = 0;
        inS[best] = 1;
        chosen[i] = best;
        swaps++;
        improved = true;
      }
    }
  }
  return swaps;
}

/** passes over the coverage lists (entries) the Lagrangian bound may spend per answer */
export const LAGRANGIAN_WORK = 2e7;
/** entries the swap pass may scan per answer */
export const SWAP_WORK = 2e7;

/**
 * Upper bound from the Lagrangian relaxation of "a point counts only if a chosen site covers it":
 * for any multipliers 0 <= u_d <= w_d, OPT <= Σ_d (w_d − u_d) + the k largest Σ_{d∈c} u_d. Each
 * u gives a valid bound; subgradient steps (Polyak step towards the greedy value `lower`) make
 * it tight — close to the LP relaxation's value — in ~100 passes over the coverage lists.
 */
export function lagrangianBound(
  inst: CoverInstance,
  k: number,
  lower: number,
  iterations = LAGRANGIAN_STEPS,
  workBudget = LAGRANGIAN_WORK,
  chosen?: number[],
): number {
  const n = candidateCount(inst);
  // each step is one pass over the coverage lists: on city-scale instances the steps are capped
  // by work (the bound stays valid after any number of steps, only less tight)
  iterations = Math.max(8, Math.min(iterations, Math.floor(workBudget / Math.max(1, inst.idx.length + n))));
  const { off, idx, weight } = inst;
  const m = weight.length;
  if (n === 0 || m === 0) return 0;
  const u = new Float64Array(m);
  const start = chosen && iterations < GREEDY_START_BELOW ? greedyStart(inst, k, chosen) : null;
  for (let d = 0; d < m; d++) u[d] = start ? start[d] : weight[d] / 2;
  const val = new Float64Array(n);
  const inTop = new Uint8Array(n);
  const hits = new Uint32Array(m);
  let best = Infinity;
  let theta = 2;
  let stale = 0;
  const order = new Uint32Array(n);
  for (let it = 0; it < iterations; it++) {
    let free = 0;
    for (let d = 0; d < m; d++) free += weight[d] - u[d];
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let a = off[c], end = off[c + 1]; a < end; a++) s += u[idx[a]];
      val[c] = s;
    }
    // the k largest values (ties by index), by partial selection
    const kk = Math.min(k, n);
    const top = topK(val, kk, order);
    let L = free;
    inTop.fill(0);
    hits.fill(0);
    for (const c of top) {
      L += val[c];
      inTop[c] = 1;
      for (let a = off[c], end = off[c + 1]; a < end; a++) hits[idx[a]]++;
    }
    if (best === Infinity || L < best - 1e-12 * best) {
      best = L;
      stale = 0;
    } else if (++stale >= 8) {
      theta /= 2;
      stale = 0;
    }
    // subgradient of L in u: hits_d - 1 (only where u can move inside [0, w_d])
    let norm = 0;
    for (let d = 0; d < m; d++) {
      const g = hits[d] - 1;
      if ((g < 0 && u[d] <= 0) || (g > 0 && u[d] >= weight[d])) continue;
      norm += g * g;
    }
    // close enough: within 0.1 % of the greedy value the guarantee cannot get much better
    if (norm === 0 || best - lower <= 1e-3 * Math.max(1, lower) || theta < 1e-4) break;
    const step = (theta * (L - lower)) / norm;
    for (let d = 0; d < m; d++) {
      const v = u[d] - step * (hits[d] - 1);
      u[d] = v < 0 ? 0 : Math.min(v, weight[d]);
    }
  }
  return best;
}

/** indexes of the k largest values (ties: lower index), by a bounded insertion list */
function topK(val: Float64Array, k: number, scratch: Uint32Array): number[] {
  let m = 0;
  for (let c = 0; c < val.length; c++) {
    const v = val[c];
    if (m === k && !(v > val[scratch[m - 1]])) continue;
    let i = m < k ? m++ : m - 1;
    while (i > 0 && val[scratch[i - 1]] < v) {
      scratch[i] = scratch[i - 1];
      i--;
    }
    scratch[i] = c;
  }
  return Array.from(scratch.subarray(0, m));
}

/**
 * A lower bound on how many sites any solution needs to cover `need`: the smallest m whose m
 * largest single-site gains add up to `need` (nothing better is possible by submodularity).
 * Infinity when even all candidates together cannot.
 */
export function minSitesLowerBound(inst: CoverInstance, need: number): number {
  if (need <= 0) return 0;
  const n = candidateCount(inst);
  const zero = new Uint32Array(inst.weight.length);
  // all candidates together
  const all = new Uint8Array(inst.weight.length);
  let reach = 0;
  for (let a = 0; a < inst.idx.length; a++)
    if (!all[inst.idx[a]]) {
      all[inst.idx[a]] = 1;
      reach += inst.weight[inst.idx[a]];
    }
  if (reach < need) return Infinity;
  const g: number[] = [];
  for (let c = 0; c < n; c++) g.push(gainOf(inst, zero, c));
  g.sort((a, b) => b - a);
  let s = 0;
  for (let m = 0; m < g.length; m++) {
    s += g[m];
    if (s >= need) return m + 1;
  }
  return Infinity;
}

/** Exhaustive optimum for small instances (tests and hand cases): every k-subset. */
export function exhaustiveMaxCover(inst: CoverInstance, k: number): { chosen: number[]; value: number } {
  const n = candidateCount(inst);
  const kk = Math.min(k, n);
  const count = new Uint32Array(inst.weight.length);
  let best: number[] = [];
  let bestV = -1;
  const cur: number[] = [];
  const rec = (start: number, value: number) => {
    if (cur.length === kk) {
      if (value > bestV + 1e-12) {
        bestV = value;
        best = [...cur];
      }
      return;
    }
    for (let c = start; c <= n - (kk - cur.length); c++) {
      const g = gainOf(inst, count, c);
      addSite(inst, count, c);
      cur.push(c);
      rec(c + 1, value + g);
      cur.pop();
      removeSite(inst, count, c);
    }
  };
  rec(0, 0);
  return { chosen: best, value: Math.max(0, bestV) };
}
