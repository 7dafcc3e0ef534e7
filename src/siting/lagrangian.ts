/**
 * The Lagrangian bound of an MCLP instance (mclp.ts): OPT <= Σ_d (w_d − u_d) + the k largest
 * Σ_{d∈c} u_d for any multipliers 0 <= u_d <= w_d, made tight by subgradient steps. What every
 * answer's "at least X % of the best possible" divides by.
 */
import { sortUint32 } from '../util/sort-uint32.js';
import type { CoverInstance } from './mclp.js';

/** each candidate's list weight Σ w_d, summed in list order (its gain when nothing is chosen) */
export function listWeights(inst: CoverInstance): Float64Array {
  const { off, idx, weight } = inst;
  const n = off.length - 1;
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let a = off[c], end = off[c + 1]; a < end; a++) s += weight[idx[a]];
    out[c] = s;
  }
  return out;
}

/** passes over the coverage lists (entries) the Lagrangian bound may spend per answer */
export const LAGRANGIAN_WORK = 2e7;
/** subgradient steps at most */
export const LAGRANGIAN_STEPS = 120;
/**
 * With fewer steps than this left by the work budget, they start from the greedy sites
 * (greedyStart): from u = w / 2, 12-17 steps left the city case's three largest 1,000 m
 * instances 14-25 % above the greedy value, from the greedy start 1.3-2.6 %. Where there are
 * more steps, w / 2 did as well or better (the city's other categories, test/siting's instances).
 */
export const GREEDY_START_BELOW = 30;

/**
 * Upper bound from the Lagrangian relaxation of "a point counts only if a chosen site covers it":
 * for any multipliers 0 <= u_d <= w_d, OPT <= Σ_d (w_d − u_d) + the k largest Σ_{d∈c} u_d. Each
 * u gives a valid bound; subgradient steps (Polyak step towards the greedy value `lower`) make
 * it tight — close to the LP relaxation's value — in ~100 passes over the coverage lists. The
 * steps start from u = w / 2, or, given the greedy sites (`chosen`) where the work budget leaves
 * fewer than GREEDY_START_BELOW steps, from greedyStart's multipliers.
 *
 * Each loop of a step is a small function of its own over typed arrays (below): a city run calls
 * this ~19 times, cold, and one large function with closures was compiled by V8 on stack (OSR) and
 * thrown away again at each loop it had not reached yet (8 compiles, ~190 ms, on the city case).
 */
export function lagrangianBound(
  inst: CoverInstance,
  k: number,
  lower: number,
  iterations = LAGRANGIAN_STEPS,
  workBudget = LAGRANGIAN_WORK,
  listSums: Float64Array = listWeights(inst),
  chosen?: ArrayLike<number>,
): number {
  const n = inst.off.length - 1;
  // each step is one pass over the coverage lists: on city-scale instances the steps are capped
  // by work (the bound stays valid after any number of steps, only less tight)
  iterations = Math.max(8, Math.min(iterations, Math.floor(workBudget / Math.max(1, inst.idx.length + n))));
  const { off, idx, weight } = inst;
  const m = weight.length;
  if (n === 0 || m === 0) return 0;
  const start = chosen && iterations < GREEDY_START_BELOW ? greedyStart(inst, k, chosen) : null;
  const mu = new Multipliers(weight, start);
  const u = mu.u;
  const val = new Float64Array(n);
  const hits = new Uint32Array(m);
  // the points of the top candidates, each once: only they have hits > 0 (reset from this list)
  const hit = new Uint32Array(m);
  let hitCount = 0;
  let best = Infinity;
  let theta = 2;
  let stale = 0;
  const kk = Math.min(k, n);
  // Most candidates are far from the top k, and a candidate's value can grow by at most
  // step × |c| in one step (only uncovered points' multipliers grow, by at most the step). So
  // each candidate keeps an upper bound on its value (ub, padded for rounding; never above its
  // float sum of weights, as u <= w), and only those whose bound reaches the k-th largest value
  // summed so far in this step (the last step's top k summed first, then the others in index
  // order, the floor rising as they are summed: at 1,000 m on the city case ~4x fewer entries than
  // a floor fixed by the last top k alone) are summed again: no other can enter the top k, whose
  // members, values and order (ties by index) are therefore exactly those of summing every one.
  const ub = new Float64Array(n).fill(Infinity);
  const pad = pads(off);
  // the k largest values (ties by index): the last step's, then this step's
  const top = new Uint32Array(kk);
  let topLen = 0;
  // the k largest values summed so far, descending: the k-th is the floor below which no
  // candidate can enter the top k
  const kv = new Float64Array(kk);
  const summedAt = new Int32Array(n).fill(-1);
  for (let it = 0; it < iterations; it++) {
    // the last step's top k first (the top k now is mostly near them), then the others, each
    // only while its bound reaches the k-th value summed so far
    let kn = sumTop(off, idx, u, val, ub, summedAt, top, topLen, it, kv);
    kn = sumOthers(off, idx, u, val, ub, summedAt, it, kv, kn);
    topLen = topK(val, kk, top);
    let L = mu.free;
    for (let t = 0; t < topLen; t++) L += val[top[t]];
    hitCount = coverHits(off, idx, top, topLen, hits, hit, hitCount);
    if (best === Infinity || L < best - 1e-12 * best) {
      best = L;
      stale = 0;
    } else if (++stale >= 8) {
      theta /= 2;
      stale = 0;
    }
    const norm = subgradientNorm(hit, hitCount, hits, u, weight, mu.positive);
    // close enough: within 0.1 % of the greedy value the guarantee cannot get much better
    if (norm === 0 || best - lower <= 1e-3 * Math.max(1, lower) || theta < 1e-4) break;
    const step = (theta * (L - lower)) / norm;
    mu.step(hits, hit, hitCount, step);
    growBounds(ub, off, pad, listSums, step);
  }
  return best;
}

/**
 * Multipliers to start the steps from, given the greedy sites S: u_d = w_d on the points S leaves
 * uncovered (at the LP optimum such points sit at their caps: no site is worth more for them) and
 * a × w_d on the points it covers, a in [0, 1] minimising the bound this u gives, L(a) = (1 − a) ×
 * f(S) + the k largest A_c + a × B_c (A_c, B_c: c's list weight outside and inside S's cover; L is
 * convex in a: a ternary search). Any u in [0, w] gives a valid bound: this one only starts the
 * steps nearer the optimum (a = 0 is the data bound f(S) + the k largest Δ(c | S)).
 */
export function greedyStart(inst: CoverInstance, k: number, chosen: ArrayLike<number>): Float64Array {
  const { off, idx, weight } = inst;
  const n = off.length - 1;
  const m = weight.length;
  const covered = new Uint8Array(m);
  coverOf(off, idx, chosen, covered);
  const outside = new Float64Array(n);
  const inside = new Float64Array(n);
  splitWeights(off, idx, weight, covered, outside, inside);
  const value = coveredWeight(weight, covered);
  const kv = new Float64Array(Math.max(1, Math.min(k, n)));
  const L = (a: number) => (1 - a) * value + largestSum(outside, inside, a, kv);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const a1 = lo + (hi - lo) / 3;
    const a2 = hi - (hi - lo) / 3;
    if (L(a1) <= L(a2)) hi = a2;
    else lo = a1;
  }
  return startValues(weight, covered, (lo + hi) / 2);
}

/** the points the chosen sites cover (covered = 1) */
function coverOf(off: Uint32Array, idx: Uint32Array, chosen: ArrayLike<number>, covered: Uint8Array): void {
  for (let s = 0; s < chosen.length; s++)
    for (let a = off[chosen[s]], end = off[chosen[s] + 1]; a < end; a++) covered[idx[a]] = 1;
}

/** each candidate's list weight outside and inside the cover */
function splitWeights(
  off: Uint32Array,
  idx: Uint32Array,
  weight: Float64Array,
  covered: Uint8Array,
  outside: Float64Array,
  inside: Float64Array,
): void {
  for (let c = 0; c < outside.length; c++) {
    let o = 0;
    let i = 0;
    for (let a = off[c], end = off[c + 1]; a < end; a++) {
      const d = idx[a];
      if (covered[d]) i += weight[d];
      else o += weight[d];
    }
    outside[c] = o;
    inside[c] = i;
  }
}

function coveredWeight(weight: Float64Array, covered: Uint8Array): number {
  let s = 0;
  for (let d = 0; d < weight.length; d++) if (covered[d]) s += weight[d];
  return s;
}

/** the sum of the kv.length largest outside + a × inside */
function largestSum(outside: Float64Array, inside: Float64Array, a: number, kv: Float64Array): number {
  let kn = 0;
  for (let c = 0; c < outside.length; c++) kn = keepLargest(kv, kn, outside[c] + a * inside[c]);
  let s = 0;
  for (let t = 0; t < kn; t++) s += kv[t];
  return s;
}

function startValues(weight: Float64Array, covered: Uint8Array, a: number): Float64Array {
  const u = new Float64Array(weight.length);
  for (let d = 0; d < weight.length; d++) u[d] = covered[d] ? a * weight[d] : weight[d];
  return u;
}

/**
 * each candidate's rounding pad for its bound, 1 + 1e-15 × (|c| + 2) (apart, like every loop:
 * lagrangianBound has none over candidates or points of its own)
 */
function pads(off: Uint32Array): Float64Array {
  const n = off.length - 1;
  const pad = new Float64Array(n);
  for (let c = 0; c < n; c++) pad[c] = 1 + 1e-15 * (off[c + 1] - off[c] + 2);
  return pad;
}

/** Σ u over c's list, in list order; kept as c's value and bound */
function sumList(
  off: Uint32Array,
  idx: Uint32Array,
  u: Float64Array,
  val: Float64Array,
  ub: Float64Array,
  c: number,
): number {
  let s = 0;
  for (let a = off[c], end = off[c + 1]; a < end; a++) s += u[idx[a]];
  val[c] = s;
  ub[c] = s;
  return s;
}

/** v into the kn largest values kv (descending, at most kv.length); the new count */
function keepLargest(kv: Float64Array, kn: number, v: number): number {
  const kk = kv.length;
  if (kn === kk && !(v > kv[kk - 1])) return kn;
  let i = kn < kk ? kn++ : kk - 1;
  while (i > 0 && kv[i - 1] < v) {
    kv[i] = kv[i - 1];
    i--;
  }
  kv[i] = v;
  return kn;
}

/** the last step's top candidates summed first; how many values kv holds */
function sumTop(
  off: Uint32Array,
  idx: Uint32Array,
  u: Float64Array,
  val: Float64Array,
  ub: Float64Array,
  summedAt: Int32Array,
  top: Uint32Array,
  topLen: number,
  it: number,
  kv: Float64Array,
): number {
  let kn = 0;
  for (let t = 0; t < topLen; t++) {
    const c = top[t];
    kn = keepLargest(kv, kn, sumList(off, idx, u, val, ub, c));
    summedAt[c] = it;
  }
  return kn;
}

/** the other candidates in index order, each only while its bound reaches the k-th value so far */
function sumOthers(
  off: Uint32Array,
  idx: Uint32Array,
  u: Float64Array,
  val: Float64Array,
  ub: Float64Array,
  summedAt: Int32Array,
  it: number,
  kv: Float64Array,
  kn: number,
): number {
  const kk = kv.length;
  for (let c = 0; c < val.length; c++) {
    if (summedAt[c] === it) continue;
    // below k values already: not in the top k
    if (kn === kk && ub[c] < kv[kk - 1]) val[c] = -1;
    else kn = keepLargest(kv, kn, sumList(off, idx, u, val, ub, c));
  }
  return kn;
}

/** how many top candidates cover each point (hits), the points with any listed once in hit */
function coverHits(
  off: Uint32Array,
  idx: Uint32Array,
  top: Uint32Array,
  topLen: number,
  hits: Uint32Array,
  hit: Uint32Array,
  hitCount: number,
): number {
  for (let h = 0; h < hitCount; h++) hits[hit[h]] = 0;
  let count = 0;
  for (let t = 0; t < topLen; t++) {
    const c = top[t];
    for (let a = off[c], end = off[c + 1]; a < end; a++) {
      const d = idx[a];
      if (hits[d]++ === 0) hit[count++] = d;
    }
  }
  return count;
}

/**
 * The subgradient of L in u is hits_d - 1 (only where u can move inside [0, w_d]). Its squared norm
 * is a sum of whole numbers, so counting gives the same value as summing over every point: a
 * point no top candidate covers adds 1 where u_d > 0; the covered ones are added one by one.
 */
function subgradientNorm(
  hit: Uint32Array,
  hitCount: number,
  hits: Uint32Array,
  u: Float64Array,
  weight: Float64Array,
  positive: number,
): number {
  let norm = positive;
  for (let h = 0; h < hitCount; h++) {
    const d = hit[h];
    if (u[d] > 0) norm--;
    const g = hits[d] - 1;
    if (g > 0 && u[d] >= weight[d]) continue;
    norm += g * g;
  }
  return norm;
}

/**
 * The multipliers u (0 <= u_d <= w_d, from `start` or w / 2), with free = Σ (w_d − u_d) and how many u_d > 0.
 * A step sets u_d to u_d − step × (hits_d − 1), clamped. A point at its cap (u_d = w_d) covered by
 * at most one top candidate stays there (hits 0: min(w + step, w) = w; hits 1: u − step × 0 = u)
 * and adds w_d − u_d = +0 to free, so a step updates only the points below their cap (act,
 * ascending) and the capped ones covered twice or more, in index order: every u_d and both sums
 * are those of the loop over all m points (at 300 m on the city case ~90 % of them are capped
 * after the first step).
 */
class Multipliers {
  readonly u: Float64Array;
  free = 0;
  positive = 0;
  private readonly weight: Float64Array;
  /** the points below their cap, ascending (actLen of them); next: the step's new list */
  private act: Uint32Array;
  private next: Uint32Array;
  private actLen = 0;
  /** capped points covered twice or more in this step */
  private lift: Uint32Array;
  /** capped points with u_d > 0 */
  private cappedPositive = 0;
  constructor(weight: Float64Array, start: Float64Array | null) {
    const m = weight.length;
    this.weight = weight;
    this.u = new Float64Array(m);
    this.act = new Uint32Array(m);
    this.next = new Uint32Array(m);
    this.lift = new Uint32Array(m);
    const u = this.u;
    let free = 0;
    let positive = 0;
    for (let d = 0; d < m; d++) {
      u[d] = start ? start[d] : weight[d] / 2;
      free += weight[d] - u[d];
      if (u[d] > 0) positive++;
      if (u[d] < weight[d]) this.act[this.actLen++] = d;
      else if (u[d] > 0) this.cappedPositive++;
    }
    this.free = free;
    this.positive = positive;
  }

  step(hits: Uint32Array, hit: Uint32Array, hitCount: number, step: number): void {
    // (a negative step, from rounding, moves capped points too: every point then)
    if (!(step >= 0)) {
      this.stepAll(hits, step);
      return;
    }
    const { u, weight, lift } = this;
    let nl = 0;
    for (let h = 0; h < hitCount; h++) {
      const d = hit[h];
      if (hits[d] >= 2 && u[d] >= weight[d]) {
        lift[nl++] = d;
        if (u[d] > 0) this.cappedPositive--;
      }
    }
    sortUint32(lift.subarray(0, nl));
    const act = this.act;
    const next = this.next;
    const n = this.actLen;
    let free = 0;
    let activePositive = 0;
    let k = 0;
    for (let i = 0, j = 0; i < n || j < nl; ) {
      const d = j === nl || (i < n && act[i] < lift[j]) ? act[i++] : lift[j++];
      const v = u[d] - step * (hits[d] - 1);
      const ud = v < 0 ? 0 : Math.min(v, weight[d]);
      u[d] = ud;
      free += weight[d] - ud;
      if (ud < weight[d]) {
        next[k++] = d;
        if (ud > 0) activePositive++;
      } else if (ud > 0) this.cappedPositive++;
    }
    this.next = act;
    this.act = next;
    this.actLen = k;
    this.free = free;
    this.positive = this.cappedPositive + activePositive;
  }

  /** the step over every point, in index order */
  private stepAll(hits: Uint32Array, step: number): void {
    const { u, weight, act } = this;
    let free = 0;
    let positive = 0;
    let k = 0;
    let cappedPositive = 0;
    for (let d = 0; d < u.length; d++) {
      const v = u[d] - step * (hits[d] - 1);
      const ud = v < 0 ? 0 : Math.min(v, weight[d]);
      u[d] = ud;
      free += weight[d] - ud;
      if (ud > 0) positive++;
      if (ud < weight[d]) act[k++] = d;
      else if (ud > 0) cappedPositive++;
    }
    this.actLen = k;
    this.free = free;
    this.positive = positive;
    this.cappedPositive = cappedPositive;
  }
}

/** each candidate's value grows by at most step × its list's length (padded), never above its cap */
function growBounds(ub: Float64Array, off: Uint32Array, pad: Float64Array, cap: Float64Array, step: number): void {
  // (a negative step, from rounding, would move the other multipliers up: bounds start over)
  for (let c = 0; c < ub.length; c++) {
    const b = step >= 0 ? (ub[c] + step * (off[c + 1] - off[c])) * pad[c] : Infinity;
    ub[c] = Math.min(b, cap[c]);
  }
}

/** indexes of the k largest values (ties: lower index) into out, by a bounded insertion list; how many */
function topK(val: Float64Array, k: number, out: Uint32Array): number {
  let m = 0;
  for (let c = 0; c < val.length; c++) {
    const v = val[c];
    if (m === k && !(v > val[out[m - 1]])) continue;
    let i = m < k ? m++ : m - 1;
    while (i > 0 && val[out[i - 1]] < v) {
      out[i] = out[i - 1];
      i--;
    }
    out[i] = c;
  }
  return m;
}
