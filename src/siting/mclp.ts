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

import { lagrangianBound, listWeights } from './lagrangian.js';

/** Candidate c covers the demand points idx[off[c] .. off[c+1]) (each listed once). */
export interface CoverInstance {
  /** weight of each demand point (households); demand already served is left out by the caller */
  weight: Float64Array;
  off: Uint32Array;
  idx: Uint32Array;
  /** the same lists by point, if at hand (instance.ts: a view into the lists turned around, DemandReach) */
  byPoint?: PointLists;
  /** each candidate's list weight, if at hand: lagrangian.ts listWeights's sums (the same, in list order) */
  listSums?: Float64Array;
}

/**
 * The candidates through each point d: local[cand[t]] for t in [start[d], end[d]), in any order,
 * an entry whose local[] is -1 skipped (a candidate outside the instance).
 */
export interface PointLists {
  start: Uint32Array;
  end: Uint32Array;
  cand: Uint32Array;
  local: Int32Array;
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
  gains?: Float64Array,
): number {
  const n = candidateCount(inst);
  const top: number[] = [];
  for (let c = 0; c < n; c++) {
    if (chosen.has(c)) continue;
    // gains: Δ(c | S) already summed for these sites (the swap pass's), the same sums
    const g = gains ? gains[c] : gainOf(inst, count, c);
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
  const sites = chooseSites(inst, k, o);
  return withBound(
    sites,
    lagrangianBound(inst, Math.max(k, 1), sites.value, undefined, undefined, sites.rowSums, sites.chosen),
  );
}

/** maxCover's answer but its Lagrangian bound, and what that bound reads besides the instance */
export interface ChosenSites extends Omit<CoverAnswer, 'bound' | 'lagrangianBound'> {
  /** each candidate's list weight (lagrangianBound's caps) */
  rowSums: Float64Array;
}

/**
 * maxCover's sites, gains, value and data bound, without the Lagrangian bound: that bound reads
 * only the instance, max(k, 1), the value, rowSums and the sites, so it can be summed elsewhere (on the
 * coverage search thread, beside this thread's next category: suggest.ts) and joined by withBound.
 */
export function chooseSites(inst: CoverInstance, k: number, o: GreedyOptions = {}): ChosenSites {
  const count = new Uint32Array(inst.weight.length);
  // with no site chosen a candidate's gain is its list's weight: the Lagrangian bound's caps too
  const rowSums = inst.listSums ?? listWeights(inst);
  const chosen: number[] = [];
  const gains: number[] = [];
  const evaluations = lazyGreedy(inst, count, rowSums, k, o.target ?? Infinity, chosen, gains);
  let swaps = 0;
  // Δ(c | final sites) when the swap pass ended with them current (it sums them for every set)
  let finalDelta: Float64Array | undefined;
  if (o.swap !== false && o.target === undefined && chosen.length === k) {
    const r = swapPass(inst, count, chosen, o.maxSwaps ?? 10 * k);
    swaps = r.swaps;
    finalDelta = r.delta ?? undefined;
  }
  // gains and value after the swaps, in the reported order
  const recount = new Uint32Array(inst.weight.length);
  const finalGains: number[] = [];
  let value = 0;
  for (const c of chosen) {
    const g = gainOf(inst, recount, c);
    finalGains.push(g);
    value += g;
    addSite(inst, recount, c);
  }
  const greedyBound = dataBound(inst, recount, new Set(chosen), value, Math.max(k, 1), finalDelta);
  return { chosen, gains: finalGains, value, greedyBound, evaluations, swaps, rowSums };
}

/** the answer of chooseSites with its Lagrangian bound (lagrangianBound(inst, max(k, 1), value, …, rowSums, chosen)) */
export function withBound(sites: ChosenSites, lagrangian: number): CoverAnswer {
  const { chosen, gains, value, greedyBound, evaluations, swaps } = sites;
  return {
    chosen,
    gains,
    value,
    bound: Math.min(greedyBound, lagrangian),
    greedyBound,
    lagrangianBound: lagrangian,
    evaluations,
    swaps,
  };
}

/** every candidate with a positive list weight, keyed by it (a loop apart from lazyGreedy's: one compile of that) */
function gainHeap(rowSums: Float64Array): GainHeap {
  const heap = new GainHeap(rowSums.length);
  for (let c = 0; c < rowSums.length; c++) if (rowSums[c] > 0) heap.push(rowSums[c], c);
  return heap;
}

/**
 * CELF: chosen and gains filled in greedy order (each site's gain given those before it); count
 * kept current; how many gains were evaluated (every candidate's first, its list weight, included)
 */
function lazyGreedy(
  inst: CoverInstance,
  count: Uint32Array,
  rowSums: Float64Array,
  k: number,
  target: number,
  chosen: number[],
  gains: number[],
): number {
  const n = rowSums.length;
  const heap = gainHeap(rowSums);
  let evaluations = n;
  // stamp[c] = the round in which c's heap key was computed
  const stamp = new Int32Array(n);
  let value = 0;
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
  return evaluations;
}

/**
 * Replace chosen sites by unchosen ones while some replacement strictly gains (best replacement
 * for each chosen site in turn, until a full round changes nothing). `count` is kept current.
 *
 * Swapping s out for c gains c's points no site covers, plus those only s covered. A candidate
 * that shares none of s's only-covered points gains exactly its gain given the current sites,
 * Δ(c | S), computed once per set of sites (not once per site swapped out). For the others the
 * walk through s's only-covered points' candidate lists also adds up the weight each shares with
 * s; Δ(c | S) + that, padded for rounding, bounds the swap's gain from above, and only the
 * candidates whose bound beats the best swap so far are summed again. Every value summed is the
 * same sum in the same order as scanning every candidate for every s, and no skipped one could
 * have won, so the same swaps are made; the work cap still counts one whole scan per s, as that
 * scan did. Returns Δ(c | S) for the final sites when it holds them (the data bound's gains).
 */
function swapPass(
  inst: CoverInstance,
  count: Uint32Array,
  chosen: number[],
  maxSwaps: number,
): { swaps: number; delta: Float64Array | null } {
  const n = candidateCount(inst);
  const { idx, weight } = inst;
  const inS = new Uint8Array(n);
  for (const c of chosen) inS[c] = 1;
  // points only the site being swapped out covers
  const only = new Uint8Array(weight.length);
  // the candidates through each point (the instance's view, or the coverage lists transposed)
  const t = inst.byPoint ?? transposeLists(inst);
  // Δ(c | S), valid while `stateSwaps` === swaps
  const delta = new Float64Array(n);
  let stateSwaps = -1;
  // candidates sharing a point with the current s's only-covered points: mark[c] === stamp, and
  // the weight of the points they share (a float sum: padded below, like Δ and the swap's gain)
  const mark = new Uint32Array(n);
  const shared = new Float64Array(n);
  let stamp = 0;
  let swaps = 0;
  const eps = 1e-9 * Math.max(1, sumOf(weight));
  let improved = true;
  let work = 0;
  while (improved && swaps < maxSwaps && work < SWAP_WORK) {
    improved = false;
    for (let i = 0; i < chosen.length && swaps < maxSwaps && work < SWAP_WORK; i++) {
      work += idx.length;
      if (stateSwaps !== swaps) {
        allGains(inst, count, delta);
        stateSwaps = swaps;
      }
      const s = chosen[i];
      stamp++;
      const loss = markOnly(inst, count, s, only, t, mark, shared, stamp);
      const best = bestSwap(inst, count, inS, only, delta, mark, shared, stamp, loss + eps);
      clearOnly(inst, s, only);
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
  return { swaps, delta: stateSwaps === swaps ? delta : null };
}

/**
 * Σ w in index order (swapPass's loop, apart: swapPass has no loop over points or candidates of
 * its own, so V8 does not compile it with all its loop functions inlined, ~50-80 ms of a cold run)
 */
function sumOf(w: Float64Array): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i];
  return total;
}

/** the candidates through each point, by transposing the lists (candidates ascending; local: the identity) */
export function transposeLists(inst: CoverInstance): PointLists {
  const { off, idx } = inst;
  const m = inst.weight.length;
  const n = off.length - 1;
  const tOff = new Uint32Array(m + 1);
  for (let a = 0; a < idx.length; a++) tOff[idx[a] + 1]++;
  for (let d = 0; d < m; d++) tOff[d + 1] += tOff[d];
  const cand = new Uint32Array(idx.length);
  const fill = tOff.slice(0, m);
  for (let c = 0; c < n; c++) for (let a = off[c], end = off[c + 1]; a < end; a++) cand[fill[idx[a]]++] = c;
  const local = new Int32Array(n);
  for (let c = 0; c < n; c++) local[c] = c;
  return { start: tOff.subarray(0, m), end: tOff.subarray(1), cand, local };
}

/** Δ(c | S) of every candidate */
function allGains(inst: CoverInstance, count: Uint32Array, delta: Float64Array): void {
  for (let c = 0; c < delta.length; c++) delta[c] = gainOf(inst, count, c);
}

/**
 * marks the points only s covers (only = 1) and, for each candidate through them, the weight it
 * shares with s (shared, valid where mark === stamp); the weight s alone covers
 */
function markOnly(
  inst: CoverInstance,
  count: Uint32Array,
  s: number,
  only: Uint8Array,
  byPoint: PointLists,
  mark: Uint32Array,
  shared: Float64Array,
  stamp: number,
): number {
  const { off, idx, weight } = inst;
  const { start, end: stop, cand, local } = byPoint;
  let loss = 0;
  for (let a = off[s], end = off[s + 1]; a < end; a++)
    if (count[idx[a]] === 1) {
      const d = idx[a];
      only[d] = 1;
      loss += weight[d];
      const wd = weight[d];
      // (shared[c] adds up over s's points in list order, whatever order a point lists its candidates in)
      for (let t = start[d], te = stop[d]; t < te; t++) {
        const c = local[cand[t]];
        if (c < 0) continue;
        if (mark[c] !== stamp) {
          mark[c] = stamp;
          shared[c] = 0;
        }
        shared[c] += wd;
      }
    }
  return loss;
}

/** the unchosen candidate whose swap for s gains more than `bar` the most (lowest index on ties); -1: none */
function bestSwap(
  inst: CoverInstance,
  count: Uint32Array,
  inS: Uint8Array,
  only: Uint8Array,
  delta: Float64Array,
  mark: Uint32Array,
  shared: Float64Array,
  stamp: number,
  bar: number,
): number {
  const { off, idx, weight } = inst;
  let best = -1;
  let bestGain = bar;
  for (let c = 0; c < delta.length; c++) {
    if (inS[c]) continue;
    const a0 = off[c];
    const a1 = off[c + 1];
    if (a1 === a0) continue;
    let g = delta[c];
    if (mark[c] === stamp) {
      // every sum here has at most a1 - a0 terms of weights >= 0: relative error < 1e-15 × that
      if ((delta[c] + shared[c]) * (1 + 1e-15 * (a1 - a0 + 4)) <= bestGain) continue;
      g = 0;
      for (let a = a0; a < a1; a++) {
        const d = idx[a];
        if (count[d] === 0 || only[d] === 1) g += weight[d];
      }
    }
    if (g > bestGain) {
      bestGain = g;
      best = c;
    }
  }
  return best;
}

function clearOnly(inst: CoverInstance, s: number, only: Uint8Array): void {
  const { off, idx } = inst;
  for (let a = off[s], end = off[s + 1]; a < end; a++) only[idx[a]] = 0;
}

/** entries the swap pass may scan per answer */
export const SWAP_WORK = 2e7;

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
